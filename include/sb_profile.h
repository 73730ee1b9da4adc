/* Device profiles (platforms/NAME.yaml): which devices they match, build options, tunables.
 *
 * File format:
 *   name: nvidia                 # required, unique
 *   priority: 10                 # higher wins when several match; default.yaml uses 0
 *   match:                       # every rule given must hold; each is optional
 *     platform: NVIDIA           #   case-insensitive substring of the platform name
 *     vendor: NVIDIA             #   ... of the device vendor
 *     device: H100               #   ... of the device name
 *     type: gpu                  #   gpu | cpu | accelerator
 *     min_vector_width: 16       #   the device's native float vector width is at least this
 *     max_vector_width: 8        #   ... at most this (AVX2 CPUs report 8, AVX-512 ones 16)
 *   build_options: "-cl-mad-enable"
 *   clblast: true                # whether CLBlast may run on this device (default true)
 *   build: source                # source | binary (FPGA flow) | auto (source where the device
 *                                #   has an online compiler, else binary)
 *   binary_pattern: "{binary_dir}/{device}/{kernel_set}.aocx"
 *   task_kernels: false          # prefer single-work-item variants
 *   tensor_cores: nvidia-mma     # the tensor-core path the tc_* kernels take here: nvidia-mma
 *                                # (inline PTX mma.sync / mma.sp), emulated (the same kernels
 *                                # with the instructions emulated: tests), or none (default);
 *                                # a run checks it with a probe kernel before using it
 *   params:                      # kernel tunables, per kernel family
 *     csr_spmm:
 *       TILE_N: 32
 */
#ifndef SB_PROFILE_H
#define SB_PROFILE_H

#include "sb_params.h"
#include "sb_util.h"

struct sb_device;

#define SB_BUILD_AUTO 2

typedef struct sb_profile {
    char *name;
    char *path;
    int priority;
    char *match_platform, *match_vendor, *match_device; /* NULL: any */
    int match_type;                                     /* SB_DEVTYPE_* mask, 0: any */
    int match_min_vec, match_max_vec;                   /* native float vector width, 0: any */
    char *build_options;                                /* never NULL */
    int clblast;
    int build_binary;      /* 0: source, 1: binary, SB_BUILD_AUTO: binary only without a compiler */
    char *binary_pattern;  /* NULL unless given */
    int task_kernels;
    char tensor_cores[16]; /* "nvidia-mma", "emulated" or "" (none) */
    sb_params params;
} sb_profile;

typedef struct sb_profile_set {
    sb_profile *items;
    int count;
} sb_profile_set;

/* Loads every *.yaml in dir (sorted by name). Errors name file:line:column. */
int sb_profiles_load_dir(const char *dir, sb_profile_set *out, sb_error *err);
/* Loads one profile file. */
int sb_profile_load_file(const char *path, sb_profile *out, sb_error *err);
/* The matching profile with the highest priority (ties: file name order), or NULL. */
const sb_profile *sb_profile_match(const sb_profile_set *set, const struct sb_device *dev);
void sb_profiles_free(sb_profile_set *set);

#endif
