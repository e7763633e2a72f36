/* showid: print "uid=R euid=E", for the no_new_privs test: installed
 * setuid root, it shows whether exec raised the effective uid.  (Not
 * sanitized: a sanitizer runtime refuses to start setuid.) */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("uid=%u euid=%u\n", (unsigned)getuid(), (unsigned)geteuid());
    return 0;
}
