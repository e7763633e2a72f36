/* Content digests ("sha256:<64 hex>") of OCI blobs, checked with libcrypto. */
#ifndef MINIRUNC_DIGEST_H
#define MINIRUNC_DIGEST_H

#include <stddef.h>

#define SHA256_HEX_LEN 64

/* Validate DIGEST ("sha256:" + 64 lowercase hex digits) and copy its hex
 * part to HEX.  Anything else (another algorithm, a short or non-hex
 * value, a "../" smuggled in) is an error naming the digest. */
int digest_parse(const char *digest, char hex[SHA256_HEX_LEN + 1]);

struct sha256;

struct sha256 *sha256_new(void);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* Finish into "sha256:<hex>" and free S. */
void sha256_finish(struct sha256 *s, char out[7 + SHA256_HEX_LEN + 1]);
void sha256_free(struct sha256 *s);

/* Check that DATA hashes to EXPECTED; WHAT names the blob in the message. */
int digest_check(const char *expected, const void *data, size_t len, const char *what);

#endif
