/* Device profiles: the shipped platforms/ and which one each kind of device gets, every key of
 * the format, priority and tie rules, and the errors of a bad profile (exact file:line:col). */
#define _DEFAULT_SOURCE
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_cl.h"
#include "sb_device.h"
#include "sb_profile.h"
#include "test_support.h"

static char tmp_dir[256];


static void write_text(const char *rel, const char *text)
{
    char *p = sb_path_join(tmp_dir, rel);
    char *slash = strrchr(p, '/');
    *slash = '\0';
    sb_error err;
    assert_int_equal(sb_mkdirs(p, &err), 0);
    *slash = '/';
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(p);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/sb_test_profile_XXXXXX");
    return mkdtemp(tmp_dir) ? 0 : -1;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    (void)state;
    return nftw(tmp_dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static sb_device fake_device(const char *platform, const char *vendor, const char *name, int type)
{
    sb_device d;
    memset(&d, 0, sizeof d);
    snprintf(d.platform_name, sizeof d.platform_name, "%s", platform);
    snprintf(d.vendor, sizeof d.vendor, "%s", vendor);
    snprintf(d.name, sizeof d.name, "%s", name);
    d.type = type;
    return d;
}

static void load_shipped(sb_profile_set *set)
{
    char *dir = sb_test_source_path("platforms");
    sb_error err = {{0}};
    if (sb_profiles_load_dir(dir, set, &err) != 0)
        fail_msg("%s", err.msg);
    free(dir);
}

static const sb_profile *by_name(const sb_profile_set *set, const char *name)
{
    for (int i = 0; i < set->count; i++)
        if (strcmp(set->items[i].name, name) == 0)
            return &set->items[i];
    fail_msg("no shipped profile named %s", name);
    return NULL;
}

static void test_shipped_profiles(void **state)
{
    (void)state;
    sb_profile_set set;
    load_shipped(&set);
    assert_int_equal(set.count, 12);
    /* sorted by file name */
    const char *names[] = {"cpu", "default", "fpga-sim", "intel-cpu", "intel-fpga-emu", "intel-fpga",
                           "nvidia", "pocl-avx2", "pocl", "rusticl", "tc-emulated", "xilinx"};
    for (int i = 0; i < set.count; i++) {
        assert_string_equal(set.items[i].name, names[i]);
        assert_non_null(strstr(set.items[i].path, "platforms/"));
    }
    /* the source-built ones */
    const char *general[] = {"default", "nvidia", "pocl", "pocl-avx2", "cpu", "intel-cpu", "rusticl"};
    for (int i = 0; i < 7; i++) {
        const sb_profile *p = by_name(&set, general[i]);
        assert_string_equal(p->build_options, "-cl-mad-enable");
        assert_int_equal(p->clblast, 1);
        assert_int_equal(p->build_binary, 0);
        assert_null(p->binary_pattern);
        assert_int_equal(p->task_kernels, 0);
    }
    /* the catch-all keeps the kernels' own defaults; nvidia and pocl carry the tuner's */
    assert_int_equal(by_name(&set, "default")->params.count, 0);
    assert_int_equal(sb_params_int(&by_name(&set, "nvidia")->params, "csr_spmm.VEC", 0), 2);
    assert_int_equal(sb_params_int(&by_name(&set, "nvidia")->params, "csr_spmv.WG_MAX", 0), 256);
    const sb_profile *def = by_name(&set, "default");
    assert_int_equal(def->priority, 0);
    assert_null(def->match_platform);
    assert_null(def->match_vendor);
    assert_null(def->match_device);
    assert_int_equal(def->match_type, 0);
    const sb_profile *nv = by_name(&set, "nvidia");
    assert_int_equal(nv->priority, 10);
    assert_string_equal(nv->match_platform, "NVIDIA");
    assert_int_equal(nv->match_type, SB_DEVTYPE_GPU);
    const sb_profile *pocl = by_name(&set, "pocl");
    assert_string_equal(pocl->match_platform, "Portable Computing Language");
    assert_int_equal(pocl->match_type, SB_DEVTYPE_CPU);
    /* the tensor-core path: NVIDIA's through inline PTX, PoCL's none (its emulation only where
     * the test profile is named, and never chosen by itself) */
    assert_string_equal(nv->tensor_cores, "nvidia-mma");
    assert_string_equal(pocl->tensor_cores, "");
    const sb_profile *tce = by_name(&set, "tc-emulated");
    assert_string_equal(tce->tensor_cores, "emulated");
    assert_true(tce->priority < pocl->priority && tce->priority < def->priority);
    /* the FPGA ones: binaries only, task kernels, no CLBlast */
    const char *fpga[][2] = {{"intel-fpga", ".aocx"}, {"xilinx", ".xclbin"}, {"fpga-sim", ".bin"}};
    for (int i = 0; i < 3; i++) {
        const sb_profile *p = by_name(&set, fpga[i][0]);
        assert_int_equal(p->clblast, 0);
        assert_int_equal(p->build_binary, 1);
        assert_int_equal(p->task_kernels, 1);
        assert_non_null(p->binary_pattern);
        assert_non_null(strstr(p->binary_pattern, fpga[i][1]));
        assert_non_null(strstr(p->binary_pattern, "{kernel_set}"));
    }
    assert_int_equal(by_name(&set, "intel-fpga")->match_type, SB_DEVTYPE_ACCELERATOR);
    assert_int_equal(by_name(&set, "xilinx")->match_type, SB_DEVTYPE_ACCELERATOR);
    /* the FPGA emulator compiles online: source unless binaries are given, .aocx like a board */
    const sb_profile *emu = by_name(&set, "intel-fpga-emu");
    assert_int_equal(emu->build_binary, SB_BUILD_AUTO);
    assert_int_equal(emu->task_kernels, 1);
    assert_int_equal(emu->clblast, 0);
    assert_non_null(strstr(emu->binary_pattern, ".aocx"));
    /* VEC 16 only where the device's vectors are 16 wide */
    assert_int_equal(by_name(&set, "pocl")->match_min_vec, 16);
    assert_int_equal(by_name(&set, "pocl-avx2")->match_max_vec, 8);
    assert_int_equal(sb_params_int(&by_name(&set, "pocl-avx2")->params, "csr_spmm.VEC", 0), 8);
    assert_int_equal(sb_params_int(&by_name(&set, "cpu")->params, "csr_spmm.VEC", 0), 8);
    /* fpga-sim must never beat the default or pocl profiles by itself */
    assert_true(by_name(&set, "fpga-sim")->priority < 0);
    sb_profiles_free(&set);
    assert_int_equal(set.count, 0);
}

static void test_shipped_matching(void **state)
{
    (void)state;
    sb_profile_set set;
    load_shipped(&set);
    sb_device pocl = fake_device("Portable Computing Language", "AuthenticAMD",
                                 "cpu-znver5-AMD EPYC 9B45", SB_DEVTYPE_CPU);
    pocl.native_vec_float = 16;
    sb_device h100 = fake_device("NVIDIA CUDA", "NVIDIA Corporation", "NVIDIA H100 80GB HBM3",
                                 SB_DEVTYPE_GPU);
    sb_device intel = fake_device("Intel(R) OpenCL Graphics", "Intel(R) Corporation",
                                  "Intel(R) Arc(TM) A770 Graphics", SB_DEVTYPE_GPU);
    /* PoCL's CUDA back end: right platform, wrong type for the CPU profile */
    sb_device pocl_gpu = fake_device("Portable Computing Language", "NVIDIA Corporation",
                                     "NVIDIA H100", SB_DEVTYPE_GPU);
    const sb_profile *p = sb_profile_match(&set, &pocl);
    assert_non_null(p);
    assert_string_equal(p->name, "pocl");
    p = sb_profile_match(&set, &h100);
    assert_non_null(p);
    assert_string_equal(p->name, "nvidia");
    p = sb_profile_match(&set, &intel);
    assert_non_null(p);
    assert_string_equal(p->name, "default");
    p = sb_profile_match(&set, &pocl_gpu);
    assert_non_null(p);
    assert_string_equal(p->name, "default");
    /* matching is case-insensitive */
    sb_device lower = fake_device("nvidia cuda", "nvidia", "h200", SB_DEVTYPE_GPU);
    assert_string_equal(sb_profile_match(&set, &lower)->name, "nvidia");
    /* FPGA platforms get their profiles; their emulators too (type accelerator) */
    sb_device aoc = fake_device("Intel(R) FPGA SDK for OpenCL(TM)", "Intel(R) Corporation",
                                "de10_agilex : Agilex Reference Platform (acl0)", SB_DEVTYPE_ACCELERATOR);
    assert_string_equal(sb_profile_match(&set, &aoc)->name, "intel-fpga");
    sb_device emu = fake_device("Intel(R) FPGA Emulation Platform for OpenCL(TM)", "Intel(R) Corporation",
                                "Intel(R) FPGA Emulation Device", SB_DEVTYPE_ACCELERATOR);
    assert_string_equal(sb_profile_match(&set, &emu)->name, "intel-fpga-emu");
    /* CPUs by what they report: PoCL on AVX2 gets vectors of 8; Intel's runtime on AVX-512 its
     * own profile, on AVX2 the generic CPU one; an unknown CPU implementation the generic CPU
     * profile, never the GPU-minded default; rusticl its 32-item work-groups */
    sb_device avx2 = fake_device("Portable Computing Language", "AuthenticAMD",
                                 "pthread-haswell-AMD EPYC 7B13", SB_DEVTYPE_CPU);
    avx2.native_vec_float = 8;
    assert_string_equal(sb_profile_match(&set, &avx2)->name, "pocl-avx2");
    sb_device icpu = fake_device("Intel(R) OpenCL", "Intel(R) Corporation", "AMD EPYC", SB_DEVTYPE_CPU);
    icpu.native_vec_float = 16;
    assert_string_equal(sb_profile_match(&set, &icpu)->name, "intel-cpu");
    icpu.native_vec_float = 8;
    assert_string_equal(sb_profile_match(&set, &icpu)->name, "cpu");
    sb_device other_cpu = fake_device("ACME CL", "ACME", "a CPU", SB_DEVTYPE_CPU);
    other_cpu.native_vec_float = 4;
    assert_string_equal(sb_profile_match(&set, &other_cpu)->name, "cpu");
    sb_device rusticl = fake_device("rusticl", "Mesa/X.org", "llvmpipe (LLVM 15.0.6, 256 bits)", SB_DEVTYPE_CPU);
    rusticl.native_vec_float = 1;
    assert_string_equal(sb_profile_match(&set, &rusticl)->name, "rusticl");
    sb_device alveo = fake_device("Xilinx", "Xilinx", "xilinx_u250_gen3x16_xdma_shell_4_1",
                                  SB_DEVTYPE_ACCELERATOR);
    assert_string_equal(sb_profile_match(&set, &alveo)->name, "xilinx");
    sb_profiles_free(&set);
}

static void test_every_key(void **state)
{
    (void)state;
    char *path = sb_test_fixture("configs", "profile_ok_full.yaml");
    sb_profile p;
    sb_error err = {{0}};
    if (sb_profile_load_file(path, &p, &err) != 0)
        fail_msg("%s", err.msg);
    assert_string_equal(p.name, "full");
    assert_string_equal(p.path, path);
    assert_int_equal(p.priority, -3);
    assert_string_equal(p.match_platform, "acme");
    assert_string_equal(p.match_vendor, "Acme Corp");
    assert_string_equal(p.match_device, "Rocket");
    assert_int_equal(p.match_type, SB_DEVTYPE_GPU | SB_DEVTYPE_ACCELERATOR);
    assert_string_equal(p.build_options, "-cl-fast-relaxed-math -DACME");
    assert_int_equal(p.clblast, 0);
    assert_int_equal(p.build_binary, 1);
    assert_string_equal(p.binary_pattern, "{binary_dir}/{device}/{kernel_set}.aocx");
    assert_int_equal(p.task_kernels, 1);
    assert_string_equal(p.tensor_cores, "nvidia-mma");
    assert_int_equal(p.params.count, 3);
    assert_string_equal(sb_params_get(&p.params, "csr_spmm.TILE_COLS"), "32");
    assert_int_equal(sb_params_int(&p.params, "csr_spmm.VEC", 0), 4);
    assert_string_equal(sb_params_get(&p.params, "bsr_spmm.COLS_PER_WG"), "2");
    assert_null(sb_params_get(&p.params, "TILE_COLS"));

    /* every rule must hold; a set owns (and frees) its profiles */
    sb_profile_set set = {.items = sb_malloc(sizeof p), .count = 1};
    set.items[0] = p;
    sb_device ok = fake_device("ACME OpenCL", "acme corp", "Rocket 9000", SB_DEVTYPE_ACCELERATOR);
    sb_device wrong_type = fake_device("ACME OpenCL", "acme corp", "Rocket 9000", SB_DEVTYPE_CPU);
    sb_device wrong_name = fake_device("ACME OpenCL", "acme corp", "Sled", SB_DEVTYPE_GPU);
    sb_device wrong_vendor = fake_device("ACME OpenCL", "Road Runner", "Rocket", SB_DEVTYPE_GPU);
    assert_ptr_equal(sb_profile_match(&set, &ok), &set.items[0]);
    assert_null(sb_profile_match(&set, &wrong_type));
    assert_null(sb_profile_match(&set, &wrong_name));
    assert_null(sb_profile_match(&set, &wrong_vendor));
    assert_null(sb_profile_match(NULL, &ok));
    sb_profiles_free(&set);
    free(path);
}

static void test_priority_and_ties(void **state)
{
    (void)state;
    write_text("prio/b_tie.yaml", "name: b-tie\npriority: 5\nmatch: {vendor: acme}\n");
    write_text("prio/a_tie.yaml", "name: a-tie\npriority: 5\nmatch: {vendor: acme}\n");
    write_text("prio/c_gpu.yaml", "name: c-gpu\npriority: 7\nmatch: {vendor: acme, type: gpu}\n");
    write_text("prio/notes.txt", "not a profile\n");
    char *dir = sb_path_join(tmp_dir, "prio");
    sb_profile_set set;
    sb_error err = {{0}};
    if (sb_profiles_load_dir(dir, &set, &err) != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(set.count, 3);
    sb_device cpu = fake_device("X", "ACME", "one", SB_DEVTYPE_CPU);
    sb_device gpu = fake_device("X", "ACME", "two", SB_DEVTYPE_GPU);
    sb_device other = fake_device("X", "Other", "three", SB_DEVTYPE_GPU);
    assert_string_equal(sb_profile_match(&set, &cpu)->name, "a-tie"); /* tie: file name order */
    assert_string_equal(sb_profile_match(&set, &gpu)->name, "c-gpu"); /* higher priority */
    assert_null(sb_profile_match(&set, &other));                    /* no default here */
    sb_profiles_free(&set);
    free(dir);
}

/* ---- errors ------------------------------------------------------------------------------------ */

static void expect_profile_error(const char *name, int line, int col, const char *needle)
{
    char *path = sb_test_fixture("configs", name);
    sb_profile p;
    sb_error err = {{0}};
    if (sb_profile_load_file(path, &p, &err) == 0)
        fail_msg("%s loaded, but must fail", name);
    char prefix[600];
    snprintf(prefix, sizeof prefix, "%s:%d:%d: ", path, line, col);
    if (strncmp(err.msg, prefix, strlen(prefix)) != 0)
        fail_msg("expected the prefix '%s' in: %s", prefix, err.msg);
    if (!strstr(err.msg, needle))
        fail_msg("expected '%s' in: %s", needle, err.msg);
    assert_null(p.name);
    free(path);
}

static void test_profile_errors(void **state)
{
    (void)state;
    expect_profile_error("profile_bad_key.yaml", 2, 1,
                         "unknown key 'priorty' in the profile (did you mean 'priority'?)");
    expect_profile_error("profile_bad_type.yaml", 4, 9, "'type' must be gpu, cpu or accelerator, got 'fpga'");
    expect_profile_error("profile_bad_bool.yaml", 2, 10, "expected true or false for 'clblast', got 'maybe'");
    expect_profile_error("profile_bad_tensor_cores.yaml", 2, 15,
                         "'tensor_cores' must be nvidia-mma, emulated or none, got 'wgmma'");
    expect_profile_error("profile_bad_param.yaml", 4, 13, "expected a string for 'csr_spmm.TILE_N', got a list");
    /* tunables are checked against the kernel's table at load, each refused with its name */
    expect_profile_error("profile_bad_tunable_range.yaml", 4, 14,
                         "nm_spmm.WG_SIZE = 0 is out of range: it must be within 1..1024");
    expect_profile_error("profile_bad_tunable_text.yaml", 4, 10,
                         "csr_spmm.VEC = 'four' is not a whole number");
    expect_profile_error("profile_bad_tunable_big.yaml", 4, 18,
                         "csr_spmv.ROWS_PER_WG = 1073741824 is out of range");
    expect_profile_error("profile_bad_tunable_name.yaml", 4, 5,
                         "unknown tunable 'csr_spmm.VECC': csr_spmm has VEC, VPT");
    expect_profile_error("profile_bad_tunable_family.yaml", 3, 3, "unknown kernel family 'csr_spm'");
    expect_profile_error("profile_missing_name.yaml", 2, 1, "the profile is missing required key 'name'");
    expect_profile_error("profile_binary_no_pattern.yaml", 1, 1, "missing required key 'binary_pattern'");
    expect_profile_error("profile_bad_vector_width.yaml", 4, 21,
                         "'min_vector_width' must be 1, 2, 4, 8 or 16, got 12");
    expect_profile_error("profile_bad_build.yaml", 2, 8, "'build' must be source, binary or auto, got 'sometimes'");
}

/* Where a device's programs come from: build: auto compiles where the device can, needs binaries
 * where it cannot (and then says how to give them); --binaries always wins. */
static void test_programs_from(void **state)
{
    (void)state;
    sb_profile_set set;
    load_shipped(&set);
    sb_device emu = fake_device("Intel(R) FPGA Emulation Platform for OpenCL(TM)", "Intel(R) Corporation",
                                "Intel(R) FPGA Emulation Device", SB_DEVTYPE_ACCELERATOR);
    emu.profile = sb_profile_match(&set, &emu);
    const char *dir = NULL;
    char why[512] = "";
    unsetenv("SPARSEBENCH_BINARIES");
    emu.compiler_available = 1;
    assert_int_equal(sb_cl_programs_from(&emu, NULL, &dir, why, sizeof why), SB_PROGRAMS_SOURCE);
    assert_int_equal(sb_cl_programs_from(&emu, "bins", &dir, why, sizeof why), SB_PROGRAMS_BINARY);
    assert_string_equal(dir, "bins");
    emu.compiler_available = 0; /* a board: binaries only */
    assert_int_equal(sb_cl_programs_from(&emu, NULL, &dir, why, sizeof why), SB_PROGRAMS_NONE);
    assert_non_null(strstr(why, "--binaries DIR"));
    assert_non_null(strstr(why, "no online compiler"));
    setenv("SPARSEBENCH_BINARIES", "/somewhere", 1);
    assert_int_equal(sb_cl_programs_from(&emu, NULL, &dir, why, sizeof why), SB_PROGRAMS_BINARY);
    assert_string_equal(dir, "/somewhere");
    unsetenv("SPARSEBENCH_BINARIES");
    /* build: binary needs binaries even with a compiler */
    sb_device aoc = fake_device("Intel(R) FPGA SDK for OpenCL(TM)", "Intel(R) Corporation", "board",
                                SB_DEVTYPE_ACCELERATOR);
    aoc.profile = sb_profile_match(&set, &aoc);
    aoc.compiler_available = 1;
    assert_int_equal(sb_cl_programs_from(&aoc, NULL, &dir, why, sizeof why), SB_PROGRAMS_NONE);
    sb_profiles_free(&set);
}

static void test_directory_errors(void **state)
{
    (void)state;
    sb_profile_set set;
    sb_error err = {{0}};
    /* two files, one name */
    write_text("dup/a.yaml", "name: same\n");
    write_text("dup/b.yaml", "# the second\nname: same\n");
    char *dir = sb_path_join(tmp_dir, "dup");
    assert_int_equal(sb_profiles_load_dir(dir, &set, &err), -1);
    char *b = sb_path_join(dir, "b.yaml");
    char *prefix = sb_asprintf("%s:2:7: profile name 'same' is already used by", b);
    if (strncmp(err.msg, prefix, strlen(prefix)) != 0)
        fail_msg("expected '%s' in: %s", prefix, err.msg);
    assert_int_equal(set.count, 0);
    free(prefix);
    free(b);
    free(dir);
    /* a bad file anywhere fails the whole directory, with its position */
    write_text("bad/a.yaml", "name: fine\n");
    write_text("bad/z.yaml", "name: broken\nmatch: [gpu]\n");
    dir = sb_path_join(tmp_dir, "bad");
    assert_int_equal(sb_profiles_load_dir(dir, &set, &err), -1);
    assert_non_null(strstr(err.msg, "z.yaml:2:8: expected 'match' as a mapping"));
    free(dir);
    /* no profiles at all */
    write_text("empty/readme.txt", "nothing\n");
    dir = sb_path_join(tmp_dir, "empty");
    assert_int_equal(sb_profiles_load_dir(dir, &set, &err), -1);
    assert_non_null(strstr(err.msg, "no profiles"));
    free(dir);
    assert_int_equal(sb_profiles_load_dir("/nonexistent/platforms", &set, &err), -1);
    assert_non_null(strstr(err.msg, "/nonexistent/platforms"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_profiles),
        cmocka_unit_test(test_shipped_matching),
        cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_priority_and_ties),
        cmocka_unit_test(test_profile_errors),
        cmocka_unit_test(test_directory_errors),
        cmocka_unit_test(test_programs_from),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
