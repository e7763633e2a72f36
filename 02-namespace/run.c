/* 2.2: clone a process into new namespaces, the way a runtime does. */
#include "error.h"
#include "namespace.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/sched.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define TAG "02-namespace"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static int write_file(const char *path, const char *text, const char *shown)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    ssize_t len = (ssize_t)strlen(text);

    trace(TAG, "echo '%s' > %s", shown, path);
    if (fd < 0)
        return err_sys("open %s", path);
    if (write(fd, text, (size_t)len) != len) {
        err_sys("write '%s' to %s", shown, path);
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

/* A time namespace takes its offsets before any process is in it: the
 * parent unshares it (only its children enter), writes the offsets, and the
 * clone() below puts the child in. */
int ns_prepare_time(const struct ns_spec *spec)
{
    char line[64];

    trace(TAG, "unshare(CLONE_NEWTIME)");
    if (unshare(CLONE_NEWTIME) < 0)
        return err_sys("unshare(CLONE_NEWTIME)");
    if (spec->set_monotonic) {
        snprintf(line, sizeof(line), "monotonic %lld 0", spec->monotonic);
        if (write_file("/proc/self/timens_offsets", line, line) < 0)
            return -1;
    }
    if (spec->set_boottime) {
        snprintf(line, sizeof(line), "boottime %lld 0", spec->boottime);
        if (write_file("/proc/self/timens_offsets", line, line) < 0)
            return -1;
    }
    return 0;
}

/* LAB maps: 2.2 write the child's uid and gid maps from outside
 *  hint: one line "INSIDE OUTSIDE COUNT" per range into /proc/CHILD/uid_map
 *        and gid_map (idmap_format writes the text; write_file traces it).
 *        Without root, gid_map is accepted only after "deny" is written to
 *        /proc/CHILD/setgroups, and a map of more than your own id needs
 *        newuidmap/newgidmap (idmap_write_helper).
 *  trace: [02-namespace] echo '0 100000 65536' > /proc/PID/uid_map
 *  guide: docs/02-namespace.md#user-root-inside-nobody-special-outside */
int ns_write_maps(pid_t child, const struct idmaps *uids, const struct idmaps *gids)
{
    char path[64], text[256], shown[256];
    bool root = geteuid() == 0;
    /* Without root only our own id may be mapped directly; anything more
     * goes through newuidmap/newgidmap and /etc/subuid, /etc/subgid. */
    bool uid_helper = !root && !idmap_is_self(uids, (unsigned)geteuid());
    bool gid_helper = !root && !idmap_is_self(gids, (unsigned)getegid());

    if (uid_helper) {
        if (idmap_write_helper("newuidmap", child, uids) < 0)
            return -1;
    } else {
        snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)child);
        idmap_format(uids, text, sizeof(text));
        snprintf(shown, sizeof(shown), "%.*s", (int)strcspn(text, "\n"), text);
        if (write_file(path, text, shown) < 0)
            return -1;
    }
    if (gid_helper)
        return idmap_write_helper("newgidmap", child, gids);
    /* Without CAP_SETGID in the parent namespace, the kernel only accepts a
     * gid_map once setgroups(2) is denied for good. */
    if (!root) {
        snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)child);
        if (write_file(path, "deny", "deny") < 0)
            return -1;
    }
    snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)child);
    idmap_format(gids, text, sizeof(text));
    snprintf(shown, sizeof(shown), "%.*s", (int)strcspn(text, "\n"), text);
    return write_file(path, text, shown);
}

int ns_loopback_up(void)
{
    struct ifreq ifr = { 0 };
    int fd, ret = 0;

    trace(TAG, "ip link set lo up");
    fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return err_sys("socket for lo");
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
    if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0 ||
        (ifr.ifr_flags |= IFF_UP | IFF_RUNNING, ioctl(fd, SIOCSIFFLAGS, &ifr) < 0))
        ret = err_sys("ip link set lo up");
    close(fd);
    return ret;
}

/* LAB sync: 2.2 the child waits until the parent has set it up
 *  hint: the parent writes the uid/gid maps from outside, then writes one
 *        byte down the pipe; until then the child is nobody and must not run
 *        anything.  read(2) one byte from sync_fd: anything but one byte
 *        (end of file: the parent closed the pipe) means the parent gave up,
 *        an error.  Close sync_fd after.
 *  trace: none of its own; it waits for the parent's
 *         [02-namespace] # release the child (write one byte to the sync pipe)
 *  guide: docs/02-namespace.md#parent-and-child-why-a-pipe */
static int wait_for_parent(int sync_fd)
{
    char go;

    /* The uid/gid maps must be written before we act as a user of the new
     * user namespace. */
    if (read(sync_fd, &go, 1) != 1) {
        close(sync_fd);
        return err_set("the parent gave up before releasing the child");
    }
    close(sync_fd);
    return 0;
}

/* In the child, once the parent has released it: set up what each new
 * namespace needs, then run the command (or be its init). */
static int child_main(const struct ns_spec *spec, int sync_fd)
{
    if (wait_for_parent(sync_fd) < 0)
        return -1;
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);

    if ((spec->flags & CLONE_NEWUSER) && idmap_has_inside(&spec->gids, 0) &&
        idmap_has_inside(&spec->uids, 0)) {
        trace(TAG, "setresgid(0, 0, 0); setresuid(0, 0, 0)");
        if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
            return err_sys("become uid 0 in the new user namespace");
    }
    if (spec->flags & CLONE_NEWNS) {
        /* Our mounts (the /proc below) must not propagate to the host. */
        trace(TAG, "mount --make-rprivate /");
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
            return err_sys("mount --make-rprivate /");
    }
    if (spec->hostname) {
        trace(TAG, "hostname %s", shq(spec->hostname));
        if (sethostname(spec->hostname, strlen(spec->hostname)) < 0)
            return err_sys("sethostname %s", spec->hostname);
    }
    if (spec->domainname) {
        trace(TAG, "domainname %s", shq(spec->domainname));
        if (setdomainname(spec->domainname, strlen(spec->domainname)) < 0)
            return err_sys("setdomainname %s", spec->domainname);
    }
    if ((spec->flags & CLONE_NEWNET) && ns_loopback_up() < 0)
        return -1;
    if (!(spec->flags & CLONE_NEWPID))
        return exec_command(spec->argv);

    /* PID 1 of the new namespace.  /proc still shows the host's processes
     * until a procfs of this namespace is mounted over it. */
    if (spec->flags & CLONE_NEWNS) {
        trace(TAG, "mount -t proc -o nosuid,nodev,noexec proc /proc");
        if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
            return err_sys("mount -t proc proc /proc");
    } else {
        trace_note(TAG, "no --mnt: /proc is still the host's, so ps shows the host's processes");
    }
    if (spec->no_init) {
        trace_note(TAG, "--no-init: %s is PID 1; orphans will not be reaped", spec->argv[0]);
        return exec_command(spec->argv);
    }
    return ns_init(spec->argv);
}

/* LAB clone: 2.2 clone the child into new namespaces
 *  hint: clone3(2) (syscall(SYS_clone3, &args, sizeof(args))) with
 *        args.flags = flags (CLONE_NEWUSER|CLONE_NEWPID|...) and
 *        args.exit_signal = SIGCHLD, no stack: it then returns twice like
 *        fork(), 0 in the child.  In the parent trace the call with the
 *        child's pid (ns_flags_str names the flags); on failure record
 *        err_sys("clone3(...)") and return -1.
 *  trace: [02-namespace] clone3({flags=CLONE_NEWUTS|CLONE_NEWNS, exit_signal=SIGCHLD}) = PID
 *  guide: docs/02-namespace.md#one-container-traced */
static pid_t clone_into_namespaces(unsigned long flags)
{
    struct clone_args args = { .flags = flags, .exit_signal = SIGCHLD };
    char names[256];
    pid_t pid;

    ns_flags_str(flags, names, sizeof(names));
    /* clone3 without a stack behaves like fork(): the child returns here. */
    pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
    if (pid < 0)
        return err_sys("clone3(%s)", names[0] ? names : "0");
    if (pid > 0)
        trace(TAG, "clone3({flags=%s, exit_signal=SIGCHLD}) = %d", names[0] ? names : "0", (int)pid);
    return pid;
}

static volatile sig_atomic_t child_pid;

static void forward(int sig)
{
    if (child_pid > 0)
        kill(child_pid, sig);
}

int ns_run(const struct ns_spec *spec)
{
    static const int forwarded[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 };
    int sync[2], status;
    pid_t pid;

    if ((spec->flags & CLONE_NEWTIME) && ns_prepare_time(spec) < 0)
        return -1;
    if (pipe2(sync, O_CLOEXEC) < 0)
        return err_sys("pipe");

    /* The time namespace was unshared above: the child is born in it. */
    pid = clone_into_namespaces(spec->flags & ~(unsigned long)CLONE_NEWTIME);
    if (pid < 0) {
        close(sync[0]);
        close(sync[1]);
        return -1;
    }
    if (pid == 0) {
        close(sync[1]);
        int code = child_main(spec, sync[0]);
        /* As PID 1's init, child_main returns the command's own status,
         * with nothing to report; a command that could not be run (126,
         * 127) has its message recorded. */
        if (code < 0 || err_get()[0])
            err_print("namespace");
        _exit(code < 0 ? 1 : code);
    }
    close(sync[0]);
    if ((spec->flags & CLONE_NEWUSER) && ns_write_maps(pid, &spec->uids, &spec->gids) < 0) {
        close(sync[1]);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    /* Release the child: one byte down the pipe. */
    trace(TAG, "# release the child (write one byte to the sync pipe)");
    if (write(sync[1], "1", 1) != 1) {
        err_sys("release the child");
        close(sync[1]);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    close(sync[1]);

    child_pid = pid;
    for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++) {
        struct sigaction sa = { .sa_handler = forward };
        sigemptyset(&sa.sa_mask);
        sigaction(forwarded[i], &sa, NULL);
    }
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return err_sys("wait for %d", (int)pid);
    }
    return exit_status_of(status);
}
