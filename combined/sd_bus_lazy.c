/* Why minirunc is not linked against libsystemd: a link would make the
 * dynamic loader map libsystemd and what it needs (libgcrypt, libgpg-error,
 * liblzma, libzstd, liblz4) on every exec of minirunc -- two per container
 * start, one more per exec -- for the one option that talks to systemd.
 * That cost a start about 1 MB of RSS and 110 system calls
 * (docs/performance.md).  So the sd_bus_* functions systemd_scope.c calls
 * are defined here, each passing its arguments on to libsystemd's own,
 * which sd_bus_load() finds with dlopen/dlsym the first time
 * --systemd-cgroup needs the bus. */
#include "sd_bus_lazy.h"

#include "error.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <systemd/sd-bus.h>

#define LIBSYSTEMD "libsystemd.so.0" /* Debian's libsystemd0 */

/* One pointer per function used: the variadic ones through their va_list
 * forms, which is how one variadic call is passed on to another. */
static struct {
    int (*open_system)(sd_bus **);
    int (*open_user)(sd_bus **);
    sd_bus *(*flush_close_unref)(sd_bus *);
    int (*process)(sd_bus *, sd_bus_message **);
    int (*wait)(sd_bus *, uint64_t);
    int (*match_signal)(sd_bus *, sd_bus_slot **, const char *, const char *, const char *,
                        const char *, sd_bus_message_handler_t, void *);
    sd_bus_slot *(*slot_unref)(sd_bus_slot *);
    int (*call)(sd_bus *, sd_bus_message *, uint64_t, sd_bus_error *, sd_bus_message **);
    int (*call_methodv)(sd_bus *, const char *, const char *, const char *, const char *,
                        sd_bus_error *, sd_bus_message **, const char *, va_list);
    int (*new_method_call)(sd_bus *, sd_bus_message **, const char *, const char *,
                           const char *, const char *);
    int (*appendv)(sd_bus_message *, const char *, va_list);
    int (*append_array)(sd_bus_message *, char, const void *, size_t);
    int (*open_container)(sd_bus_message *, char, const char *);
    int (*close_container)(sd_bus_message *);
    int (*readv)(sd_bus_message *, const char *, va_list);
    sd_bus_message *(*message_unref)(sd_bus_message *);
    void (*error_free)(sd_bus_error *);
    int (*error_has_name)(const sd_bus_error *, const char *);
} fn;

static const struct {
    const char *name;
    size_t offset;
} symbols[] = {
#define SYM(field, name) { name, offsetof(__typeof__(fn), field) }
    SYM(open_system, "sd_bus_open_system"),
    SYM(open_user, "sd_bus_open_user"),
    SYM(flush_close_unref, "sd_bus_flush_close_unref"),
    SYM(process, "sd_bus_process"),
    SYM(wait, "sd_bus_wait"),
    SYM(match_signal, "sd_bus_match_signal"),
    SYM(slot_unref, "sd_bus_slot_unref"),
    SYM(call, "sd_bus_call"),
    SYM(call_methodv, "sd_bus_call_methodv"),
    SYM(new_method_call, "sd_bus_message_new_method_call"),
    SYM(appendv, "sd_bus_message_appendv"),
    SYM(append_array, "sd_bus_message_append_array"),
    SYM(open_container, "sd_bus_message_open_container"),
    SYM(close_container, "sd_bus_message_close_container"),
    SYM(readv, "sd_bus_message_readv"),
    SYM(message_unref, "sd_bus_message_unref"),
    SYM(error_free, "sd_bus_error_free"),
    SYM(error_has_name, "sd_bus_error_has_name"),
#undef SYM
};

int sd_bus_load(void)
{
    static void *lib;
    void *handle;

    if (lib)
        return 0;
    /* Kept loaded until exit: a process talks to systemd at most a few
     * times. */
    handle = dlopen(LIBSYSTEMD, RTLD_NOW | RTLD_LOCAL);
    if (!handle)
        return err_set("--systemd-cgroup: load %s (Debian: libsystemd0): %s", LIBSYSTEMD, dlerror());
    for (size_t i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++) {
        void *f = dlsym(handle, symbols[i].name);
        if (!f) {
            err_set("--systemd-cgroup: %s has no %s (systemd 246 or later needed)", LIBSYSTEMD,
                    symbols[i].name);
            dlclose(handle);
            return -1;
        }
        memcpy((char *)&fn + symbols[i].offset, &f, sizeof(f));
    }
    lib = handle;
    return 0;
}

int sd_bus_open_system(sd_bus **ret) { return fn.open_system(ret); }
int sd_bus_open_user(sd_bus **ret) { return fn.open_user(ret); }
sd_bus *sd_bus_flush_close_unref(sd_bus *bus) { return fn.flush_close_unref(bus); }
int sd_bus_process(sd_bus *bus, sd_bus_message **r) { return fn.process(bus, r); }
int sd_bus_wait(sd_bus *bus, uint64_t timeout_usec) { return fn.wait(bus, timeout_usec); }
sd_bus_slot *sd_bus_slot_unref(sd_bus_slot *slot) { return fn.slot_unref(slot); }

int sd_bus_match_signal(sd_bus *bus, sd_bus_slot **ret, const char *sender, const char *path,
                        const char *interface, const char *member,
                        sd_bus_message_handler_t callback, void *userdata)
{
    return fn.match_signal(bus, ret, sender, path, interface, member, callback, userdata);
}

int sd_bus_call(sd_bus *bus, sd_bus_message *m, uint64_t usec, sd_bus_error *ret_error,
                sd_bus_message **reply)
{
    return fn.call(bus, m, usec, ret_error, reply);
}

int sd_bus_call_method(sd_bus *bus, const char *destination, const char *path,
                       const char *interface, const char *member, sd_bus_error *ret_error,
                       sd_bus_message **reply, const char *types, ...)
{
    va_list ap;
    int r;

    va_start(ap, types);
    r = fn.call_methodv(bus, destination, path, interface, member, ret_error, reply, types, ap);
    va_end(ap);
    return r;
}

int sd_bus_message_new_method_call(sd_bus *bus, sd_bus_message **m, const char *destination,
                                   const char *path, const char *interface, const char *member)
{
    return fn.new_method_call(bus, m, destination, path, interface, member);
}

int sd_bus_message_append(sd_bus_message *m, const char *types, ...)
{
    va_list ap;
    int r;

    va_start(ap, types);
    r = fn.appendv(m, types, ap);
    va_end(ap);
    return r;
}

int sd_bus_message_append_array(sd_bus_message *m, char type, const void *ptr, size_t size)
{
    return fn.append_array(m, type, ptr, size);
}

int sd_bus_message_open_container(sd_bus_message *m, char type, const char *contents)
{
    return fn.open_container(m, type, contents);
}

int sd_bus_message_close_container(sd_bus_message *m) { return fn.close_container(m); }

int sd_bus_message_read(sd_bus_message *m, const char *types, ...)
{
    va_list ap;
    int r;

    va_start(ap, types);
    r = fn.readv(m, types, ap);
    va_end(ap);
    return r;
}

sd_bus_message *sd_bus_message_unref(sd_bus_message *m) { return fn.message_unref(m); }
void sd_bus_error_free(sd_bus_error *e) { fn.error_free(e); }
int sd_bus_error_has_name(const sd_bus_error *e, const char *name) { return fn.error_has_name(e, name); }
