/* clockmono: print CLOCK_MONOTONIC in whole seconds (the time namespace test). */
#include <stdio.h>
#include <time.h>

int main(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    printf("%lld\n", (long long)ts.tv_sec);
    return 0;
}
