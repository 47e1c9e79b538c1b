/* The journal's hash chain and canonical entry form: see
 * relance/core/journal.h. SHA-256 comes from libsodium. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "relance/core/journal.h"

static int add_string(struct rl_buf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	if (rl_buf_addch(out, '"'))
		return RL_ENOMEM;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		int rc;

		if (*p == '"' || *p == '\\') {
			char esc[2] = { '\\', (char)*p };

			rc = rl_buf_add(out, esc, 2);
		} else if (*p < 0x20) {
			char esc[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15] };

			rc = rl_buf_add(out, esc, 6);
		} else {
			rc = rl_buf_addch(out, (char)*p);
		}
		if (rc)
			return RL_ENOMEM;
	}
	return rl_buf_addch(out, '"');
}

int rl_journal_canonical(const struct rl_journal_entry *e, struct rl_buf *out)
{
	if (rl_buf_addstr(out, "{\"actor\":") || add_string(out, e->actor) ||
	    rl_buf_addstr(out, ",\"at\":") || add_string(out, e->at) ||
	    rl_buf_addstr(out, ",\"creditor\":") || add_string(out, e->creditor) ||
	    rl_buf_addstr(out, ",\"customer\":") || add_string(out, e->customer) ||
	    rl_buf_addstr(out, ",\"invoice\":") || add_string(out, e->invoice) ||
	    rl_buf_addstr(out, ",\"kind\":") || add_string(out, e->kind) ||
	    rl_buf_addstr(out, ",\"payload\":") ||
	    rl_buf_addstr(out, e->payload && *e->payload ? e->payload : "{}") ||
	    rl_buf_addf(out, ",\"seq\":%lld}", (long long)e->seq))
		return RL_ENOMEM;
	return 0;
}

void rl_journal_link(const uint8_t prev[RL_HASH_LEN], const void *canonical, size_t len,
		     uint8_t out[RL_HASH_LEN])
{
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, prev, RL_HASH_LEN);
	crypto_hash_sha256_update(&st, canonical, len);
	crypto_hash_sha256_final(&st, out);
}

void rl_hash_to_hex(const uint8_t h[RL_HASH_LEN], char hex[RL_HASH_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < RL_HASH_LEN; i++) {
		hex[2 * i] = digits[h[i] >> 4];
		hex[2 * i + 1] = digits[h[i] & 15];
	}
	hex[RL_HASH_HEX_LEN] = '\0';
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int rl_hash_from_hex(const char *hex, uint8_t h[RL_HASH_LEN])
{
	if (strlen(hex) != RL_HASH_HEX_LEN)
		return RL_EINVAL;
	for (int i = 0; i < RL_HASH_LEN; i++) {
		int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return RL_EINVAL;
		h[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}
