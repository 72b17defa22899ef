/*
 * libFuzzer target for the configuration loader: the bytes are a config
 * file, run through the YAML walker and the schema, then dumped and read
 * back: the dump must always load, to the same configuration (dumped
 * again, it is the same text). Build and run: `make fuzz`; `make check`
 * replays fuzz/corpus and fuzz/crashes through this function without
 * libFuzzer (tests/check_fuzz_corpus.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > CONFIG_MAX_BYTES)
		return 0;
	char *buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';

	/* The key-name and colour parsers see the raw text too. */
	keymap_key keys[KEYMAP_MAX_KEYS];
	keymap_key_parse_all(buf, keys, KEYMAP_MAX_KEYS);
	int colour;
	theme_colour_parse(buf, &colour);

	cy_node *root = NULL;
	char err[1024];
	static config c;
	static config_origins o;
	if (cy_parse(buf, size, "fuzz.yaml", &root, err, sizeof err)) {
		config_init(&c);
		memset(&o, 0, sizeof o);
		if (config_apply(&c, &o, root, "fuzz.yaml", err, sizeof err)) {
			/* A valid configuration dumps to YAML that loads back. */
			char *out = NULL;
			size_t outlen = 0;
			FILE *f = open_memstream(&out, &outlen);
			if (f) {
				config_dump(&c, f);
				fclose(f);
				cy_node *again = NULL;
				static config d;
				config_init(&d);
				if (!cy_parse(out, outlen, "dump.yaml", &again, err, sizeof err) ||
				    !config_apply(&d, NULL, again, "dump.yaml", err, sizeof err)) {
					fprintf(stderr, "dump does not load back: %s\n", err);
					abort();
				}
				/* ... and to the same configuration: its dump is the same. */
				char *out2 = NULL;
				size_t outlen2 = 0;
				FILE *f2 = open_memstream(&out2, &outlen2);
				if (f2) {
					config_dump(&d, f2);
					fclose(f2);
					if (outlen2 != outlen || memcmp(out, out2, outlen) != 0) {
						fprintf(stderr, "dump loads back to another configuration:\n%s\n---\n%s\n",
						        out, out2);
						abort();
					}
					free(out2);
				}
				cy_free(again);
				config_free(&d);
				free(out);
			}
		}
		config_free(&c);
	}
	cy_free(root);
	free(buf);
	return 0;
}
