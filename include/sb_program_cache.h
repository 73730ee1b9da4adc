/* Compiled programs on disk: the program cache, and binaries made ahead of time.
 *
 * What is cached: one OpenCL program, i.e. one kernel file of cl_kernels/ built for one device
 * with one set of -D defines and the profile's build options.
 *
 * Activation: on for every run that compiles from source. Off when SPARSEBENCH_NO_CACHE is set
 * (non-empty, not "0"). The root is the cache root of sb_store.h ($SPARSEBENCH_CACHE, else
 * $XDG_CACHE_HOME/sparsebench, else ~/.cache/sparsebench).
 *
 * Key: the program's *source hash*, FNV-1a 64 over, each with its length first,
 *   the kernel file's name and bytes, then every "header" it #includes from cl_kernels/
 *   (recursively, up to 4 levels), then the defines, then the build options;
 * and the device: name and driver version in the path, name, platform and driver in the
 * manifest. The key covers everything sparsebench feeds the compiler; it does not cover the
 * compiler itself beyond the driver version string.
 *
 * Layout (names made safe: every character outside [A-Za-z0-9._-] becomes '_'):
 *   <root>/programs/<device>/<driver>/<kernel set>-<source hash>.bin    the driver's binary
 *   <root>/programs/<device>/<driver>/<kernel set>-<source hash>.json   its manifest
 * <kernel set> is the file stem and the defines ("csr_task_UNROLL4_COLS8"). The manifest is one
 * JSON object: "format": "sparsebench-program-1", "device", "platform", "driver", "file",
 * "defines", "build_options", "source_hash", "kernel_set", "binary" (the binary's file name,
 * beside the manifest), "binary_bytes", "binary_hash" (FNV-1a 64 of the binary, 16 hex digits),
 * "build_ms", "created", "tool", and "mac": HMAC-SHA-256, with the user's secret key
 * (sb_user_key), of the binary's SHA-256 and the fields that say what it is (file, defines,
 * build options, source hash, device, platform, driver).
 *
 * Writing: the binary first, then the manifest, each through sb_write_atomic (temporary file,
 * fsync, rename): a manifest never names a binary that is not whole on disk. Two processes
 * filling the same entry race harmlessly (the last rename wins; both wrote the same program).
 *
 * Invalidation: nothing is ever deleted; an entry is simply not used when
 *   - its source hash differs (a kernel file, a header it includes, the defines or the build
 *     options changed): another file name, so another entry;
 *   - the driver version differs: another directory;
 *   - its manifest is unreadable, of another format, or names another device, platform, driver,
 *     build options or source hash;
 *   - the binary's size or hash differs from its manifest's (a truncated or altered file);
 *   - its "mac" is missing or does not match: the entry was not written by this user's
 *     sparsebench, or was changed since, binary and manifest together included (a checksum in
 *     the manifest cannot tell: whoever changes the binary can recompute it). Such a binary is
 *     never handed to the driver: a corrupt one can crash it inside clBuildProgram, and on a CPU
 *     device a kernel is native code that runs inside this process;
 *   - the driver refuses the binary (clCreateProgramWithBinary or clBuildProgram fails).
 * An entry not used is compiled again and overwritten, with a note on stderr. Deleting the
 * directory is always safe.
 *
 * Binaries made ahead of time (`sparsebench build`, FPGA images) use the same manifest, laid out
 * by a pattern such as {binary_dir}/{device}/{kernel_set}.aocx, and a mismatch there is an error
 * (the user asked for those binaries), never a silent rebuild. */
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
    char *mac;           /* HMAC-SHA-256 (hex) with the user's key, NULL when absent */
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
/* The file part of sb_program_save: bin[0..n) to binary_path when write_binary, then the
 * manifest that describes it. */
int sb_program_write(const char *binary_path, const unsigned char *bin, size_t n, int write_binary,
                     const sb_device *dev, const sb_program_id *id, double build_ms, sb_error *err);
/* FNV-1a 64 of a binary as 16 hex digits (the manifest's binary_hash). */
void sb_binary_hash(const unsigned char *bytes, size_t n, char out[17]);

/* Creates and builds a program from the binary a manifest describes: checks the binary's size and
 * hash first (a corrupt file is refused before the driver sees it), and with authenticate its mac
 * (the program cache: sb_program_mac), then clCreateProgramWithBinary (CL_INVALID_BINARY and the
 * per-device binary status are reported as such) and clBuildProgram. */
int sb_program_from_binary(cl_context ctx, const sb_device *dev, const sb_program_manifest *m,
                           const char *options, int authenticate, cl_program *out, sb_error *err);
/* Loads bytes (a binary from outside: --binaries, or made offline) in a child process first
 * (src/platform/program_probe.c): 0 when the child loaded it (or could not open the device), -1
 * when the driver refused it there (its message, as sb_program_from_bytes words it), crashed or
 * hung (the message says so; the binary must not be loaded here). */
int sb_program_probe(const sb_device *dev, const unsigned char *bytes, size_t n, const char *what,
                     const char *options, sb_error *err);
/* The mac of a binary and the manifest fields that say what it is, 64 hex digits; -1 when the
 * user's key cannot be had (no HOME, say). */
int sb_program_mac(const unsigned char *bin, size_t n, const char *file, const char *defines,
                   const char *build_options, const char *source_hash, const char *device,
                   const char *platform, const char *driver, char out[65], sb_error *err);
/* The same for raw bytes (no manifest): what the driver says about them. */
int sb_program_from_bytes(cl_context ctx, const sb_device *dev, const unsigned char *bytes,
                          size_t n, const char *what, const char *options, cl_program *out,
                          sb_error *err);

/* The program cache root: sb_cache_root(); NULL when SPARSEBENCH_NO_CACHE is set (non-empty,
 * not "0"). */
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
