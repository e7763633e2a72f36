/* sd-bus, loaded when --systemd-cgroup first needs it (sd_bus_lazy.c).
 * systemd_scope.c calls the sd_bus_* functions of <systemd/sd-bus.h> as
 * usual, after sd_bus_load() has succeeded. */
#ifndef MINIRUNC_SD_BUS_LAZY_H
#define MINIRUNC_SD_BUS_LAZY_H

/* dlopen libsystemd.so.0 and find the functions we call: 0, or -1 with a
 * message that names what is missing.  Later calls return at once. */
int sd_bus_load(void);

#endif
