#include "digest.h"

#include "error.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sha256 {
    EVP_MD_CTX *ctx;
};

int digest_parse(const char *digest, char hex[SHA256_HEX_LEN + 1])
{
    const char *colon = strchr(digest, ':');

    if (!colon)
        return err_set("digest \"%.80s\": expected ALGORITHM:HEX", digest);
    if ((size_t)(colon - digest) != 6 || strncmp(digest, "sha256", 6))
        return err_set("digest \"%.80s\": only sha256 is supported", digest);
    if (strlen(colon + 1) != SHA256_HEX_LEN)
        return err_set("digest \"%.80s\": a sha256 digest has %d hex digits", digest,
                       SHA256_HEX_LEN);
    for (const char *p = colon + 1; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return err_set("digest \"%.80s\": not lowercase hex", digest);
    memcpy(hex, colon + 1, SHA256_HEX_LEN + 1);
    return 0;
}

struct sha256 *sha256_new(void)
{
    struct sha256 *s = malloc(sizeof(*s));

    if (!s)
        return err_sys("sha256"), NULL;
    s->ctx = EVP_MD_CTX_new();
    if (!s->ctx || EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL) != 1) {
        sha256_free(s);
        return err_set("sha256: libcrypto could not start a digest"), NULL;
    }
    return s;
}

void sha256_update(struct sha256 *s, const void *data, size_t len)
{
    EVP_DigestUpdate(s->ctx, data, len);
}

void sha256_finish(struct sha256 *s, char out[7 + SHA256_HEX_LEN + 1])
{
    unsigned char md[32];
    unsigned int len = 0;

    EVP_DigestFinal_ex(s->ctx, md, &len);
    strcpy(out, "sha256:");
    for (unsigned i = 0; i < 32; i++)
        snprintf(out + 7 + 2 * i, 3, "%02x", md[i]);
    sha256_free(s);
}

void sha256_free(struct sha256 *s)
{
    if (!s)
        return;
    EVP_MD_CTX_free(s->ctx);
    free(s);
}

int digest_check(const char *expected, const void *data, size_t len, const char *what)
{
    char hex[SHA256_HEX_LEN + 1], got[7 + SHA256_HEX_LEN + 1];
    struct sha256 *s;

    if (digest_parse(expected, hex) < 0) {
        err_context("%s", what);
        return -1;
    }
    s = sha256_new();
    if (!s)
        return -1;
    sha256_update(s, data, len);
    sha256_finish(s, got);
    if (strcmp(got, expected))
        return err_set("%s: digest mismatch: expected %s, got %s (corrupt or tampered blob)", what,
                       expected, got);
    return 0;
}
