/* zombies: make an orphan, then count the zombies in this PID namespace.
 *
 * Forks a child that forks a grandchild and exits at once: the grandchild
 * is orphaned and re-parented to the namespace's PID 1.  It exits after
 * 100 ms; 400 ms later we count processes in state Z in /proc.  Run as PID
 * 1 itself (namespace --no-init), nobody reaps it: 1.  Under an init: 0. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    pid_t child = fork();
    DIR *d;
    struct dirent *e;
    int zombies = 0;

    if (child == 0) {
        if (fork() == 0) {
            usleep(100000);
            _exit(0);
        }
        _exit(0);
    }
    waitpid(child, NULL, 0); /* our own child only: the orphan is not ours */
    usleep(400000);
    d = opendir("/proc");
    while (d && (e = readdir(d)) != NULL) {
        char path[300], buf[512], *close_paren;
        FILE *f;

        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
        f = fopen(path, "r");
        if (!f)
            continue;
        if (fgets(buf, sizeof(buf), f) && (close_paren = strrchr(buf, ')')) && close_paren[2] == 'Z')
            zombies++;
        fclose(f);
    }
    if (d)
        closedir(d);
    printf("zombies=%d\n", zombies);
    return 0;
}
