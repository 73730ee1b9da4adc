/* Shared by the fuzz targets (tests/fuzz/fuzz_*.c): most parsers read a path, so each input is
 * written to one temporary file per process first; a fixed fake device stands for the device a
 * cache file must name (the seed corpora name it, so the fuzzer gets past the identity check). */
#ifndef SB_FUZZ_SUPPORT_H
#define SB_FUZZ_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include "sb_device.h"
#include "sb_util.h" /* sb_error */

/* Writes data to this process's temporary file with the given suffix (".smtx", ".yaml", ...) and
 * returns its path (owned here, valid until the next call). Aborts when the file cannot be written:
 * a fuzz run without its input file would test nothing. */
const char *fuzz_file(const uint8_t *data, size_t size, const char *suffix);

/* A temporary directory of this process, emptied of the given file names at each call. */
const char *fuzz_dir(void);

/* The device every fuzzed cache file is checked against. */
const sb_device *fuzz_device(void);

/* Splits data at each line "@@\n" into at most max parts (the rest stays in the last). */
int fuzz_split(const uint8_t *data, size_t size, const uint8_t **part, size_t *len, int max);

/* A matrix reader and the config's pre-check of its shape (read_shape) must never disagree (issue
 * 11, item 8). Aborts (a finding) when a file the reader loaded (loaded != 0, rows x cols) has
 * another shape by read_shape or is refused by it, or when read_shape refuses a file the reader
 * refused (load_err) with another message. */
void fuzz_check_shape_agreement(const char *path, int loaded, int rows, int cols,
                                const sb_error *load_err,
                                int (*read_shape)(const char *, int *, int *, sb_error *));

#endif
