// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_utf8.c: the JSON output layer's UTF-8 cleaning (cmd/out.c): any bytes, any buffer
 * size; the result is valid UTF-8, a prefix of the whole result, and survives cJSON.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>

#include "../../cmd/out.h"

/* Strict UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
static int valid_utf8(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80 ? 1 : (*s & 0xe0) == 0xc0 ? 2 : (*s & 0xf0) == 0xe0 ? 3 :
			(*s & 0xf8) == 0xf0 ? 4 : 0;
		unsigned int cp = n == 1 ? *s : n == 2 ? *s & 0x1f : n == 3 ? *s & 0x0f : *s & 0x07;

		if (!n)
			return 0;
		for (int i = 1; i < n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		s += n;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in, *whole, small[256], *printed;
	size_t need, cap;
	cJSON *item, *back;

	if (size < 1)
		return 0;
	cap = data[0];
	in = strndup((const char *)data + 1, size - 1);
	if (!in)
		return 0;
	need = out_utf8_clean(in, NULL, 0) + 1;
	whole = malloc(need);
	assert(whole && out_utf8_clean(in, whole, need) + 1 == need && valid_utf8((unsigned char *)whole));
	if (cap) {      /* a short buffer holds a clean prefix of the whole, nothing else */
		memset(small, 'G', sizeof(small));
		assert(out_utf8_clean(in, small, cap) + 1 == need);
		assert(strlen(small) < cap && valid_utf8((unsigned char *)small));
		assert(!strncmp(small, whole, strlen(small)));
	}
	item = out_json_string(in);
	printed = item ? cJSON_PrintUnformatted(item) : NULL;
	back = printed ? cJSON_Parse(printed) : NULL;
	assert(!item || (back && cJSON_IsString(back) && !strcmp(back->valuestring, whole)));
	cJSON_Delete(back);
	free(printed);
	cJSON_Delete(item);
	free(whole);
	free(in);
	return 0;
}
