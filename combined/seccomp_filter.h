/* linux.seccomp: a syscall filter, loaded last before exec. */
#ifndef MINIRUNC_SECCOMP_FILTER_H
#define MINIRUNC_SECCOMP_FILTER_H

#include "config.h"

int seccomp_apply(const struct cfg_seccomp *sc);

#endif
