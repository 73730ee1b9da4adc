/* Compiled programs on disk: their identity, saved binaries with a manifest, and loading them back.
 *
 * A program is one kernel file built with -D defines and the profile's build options. Its
 * identity is the *source hash*: FNV-1a over the file, every "header" it includes from
 * cl_kernels/, the defines and the build options. A binary is saved as <name>.<ext> with a JSON
 * manifest <name>.json beside it (device, platform, driver, build options, file, defines, source
 * hash, size and hash of the binary), so a binary built elsewhere is refused with a message that
 * says what differs instead of running the wrong code.
 *
 * Two users: the per-device program cache (so repeated runs skip compilation), laid out as
 *   <cache root>/programs/<device>/<driver>/<kernel set>-<source hash>.bin
 * (the same root as the peak and tuning caches, sb_device_cache_path)
 * and binaries made ahead of time (`sparsebench build`, FPGA images), laid out by a pattern such as
 *   {binary_dir}/{device}/{kernel_set}.aocx
 * where {device} is the device name and {kernel_set} the program's name ("csr_task_UNROLL4_COLS8"),
 * both made safe as file names. */
#ifndef SB_PROGRAM_CACHE_H
#define SB_PROGRAM_CACHE_H

#include "sb_device.h"
#include "sb_util.h"

/* Where a program came from; the result row says it (program_source). */
typedef enum sb_program_origin {
    SB_PROGRAM_SOURCE = 0, /* compiled from source in this process */
    SB_PROGRAM_CACHE,      /* loaded from the per-device program cache */
    SB_PROGRAM_BINARY,     /* loaded from binaries made ahead of time (--binaries, build: binary) */
} sb_program_origin;
const char *sb_program_origin_name(sb_program_origin o); /* "source", "cache", "binary" */

/* The default pattern for binaries when the profile gives none. */
#define SB_BINARY_PATTERN_DEFAULT "{binary_dir}/{device}/{kernel_set}.bin"

typedef struct sb_program_id {
    char *file;          /* "csr_task.cl" */
    char *defines;       /* "-DUNROLL=4 -DCOLS=8", "" when none */
    char *build_options; /* the profile's, "" when none */
    char source_hash[17];/* 16 hex digits */
    char *kernel_set;    /* file stem and defines as a file name: "csr_task_UNROLL4_COLS8" */
} sb_program_id;

/* Reads kernel_dir/file (and the headers it includes) and fills id. */
int sb_program_id_make(const char *kernel_dir, const char *file, const char *defines,
                       const char *build_options, sb_program_id *id, sb_error *err);
void sb_program_id_free(sb_program_id *id);

/* A saved binary's manifest. */
typedef struct sb_program_manifest {
    char *path;          /* the manifest file, for messages */
    char *file, *defines, *build_options, *source_hash;
    char *device, *platform, *driver;
    char *binary;        /* file name of the binary, beside the manifest */
    long long binary_bytes;
    char *binary_hash;   /* FNV-1a 64 of the binary, 16 hex digits */
    double build_ms;     /* how long it took to compile when it was built */
} sb_program_manifest;

/* Parses a manifest; every missing field is named in the message. */
int sb_manifest_read(const char *path, sb_program_manifest *m, sb_error *err);
void sb_manifest_free(sb_program_manifest *m);
/* Checks a manifest against the device and the program as the current source would build it
 * (current may be NULL to check the device only). On a mismatch the message names the binary and
 * every field that differs, with both values. */
int sb_manifest_check(const sb_program_manifest *m, const sb_device *dev,
                      const sb_program_id *current, sb_error *err);

/* The manifest path of a binary: its name with the extension replaced by ".json". */
char *sb_manifest_path(const char *binary_path);

/* Saves prog's binary for dev at binary_path (directories created, written atomically) and its
 * manifest beside it. prog NULL: the binary is already there (made offline by aoc or v++) and only
 * the manifest is written. */
int sb_program_save(cl_program prog, const sb_device *dev, const sb_program_id *id,
                    double build_ms, const char *binary_path, sb_error *err);

/* Creates and builds a program from the binary a manifest describes: checks the binary's size and
 * hash first (a corrupt file is refused before the driver sees it), then clCreateProgramWithBinary
 * (CL_INVALID_BINARY and the per-device binary status are reported as such) and clBuildProgram. */
int sb_program_from_binary(cl_context ctx, const sb_device *dev, const sb_program_manifest *m,
                           const char *options, cl_program *out, sb_error *err);
/* The same for raw bytes (no manifest): what the driver says about them. */
int sb_program_from_bytes(cl_context ctx, const sb_device *dev, const unsigned char *bytes,
                          size_t n, const char *what, const char *options, cl_program *out,
                          sb_error *err);

/* The program cache root: $SPARSEBENCH_CACHE, else $XDG_CACHE_HOME/sparsebench, else
 * ~/.cache/sparsebench; NULL when SPARSEBENCH_NO_CACHE is set (non-empty, not "0"). */
char *sb_program_cache_root(void);
/* <root>/programs/<device>/<driver>/<kernel set>-<source hash>.bin */
char *sb_program_cache_path(const char *root, const sb_device *dev, const sb_program_id *id);

/* Expands a binary pattern ({binary_dir}, {device}, {kernel_set}; {platform} and {driver} too).
 * An unknown placeholder is an error naming it. */
int sb_binary_path(const char *pattern, const char *binary_dir, const sb_device *dev,
                   const char *kernel_set, char **out, sb_error *err);
/* The directory that holds every binary of dev under the pattern (the pattern with
 * {kernel_set} only in its last component, else an error). */
int sb_binary_dir_for_device(const char *pattern, const char *binary_dir, const sb_device *dev,
                             char **out, sb_error *err);

/* s made safe as one file name: every character outside [A-Za-z0-9._-] becomes '_'. */
void sb_safe_name(const char *s, char *out, size_t n);

#endif
