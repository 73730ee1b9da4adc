// Helpers shared by every kernel file: vector types and loads chosen by a compile-time width.
// Kernels are built with -D options for their tunables; each has a default here or in its file.
#ifndef SB_CL_COMMON_H
#define SB_CL_COMMON_H

#define SB_CAT_(a, b) a##b
#define SB_CAT(a, b) SB_CAT_(a, b)

// How A's values, B and C are stored (the case's precision, sb_spec.h): floats, or with
// SB_HALF=1 IEEE halves (fp16 cases). Halves are only moved, never computed with: vload_half and
// vstore_half_rte are core OpenCL 1.2, so every device runs the fp16 path without cl_khr_fp16,
// and every sum is a float sum. The host generates -DSB_HALF=1 from the case's precision
// (sb_kparams_defines); kernels name their buffers store_t and touch them only through:
//   LD(i, p)        element i of p, as a float
//   ST(x, i, p)     float x into element i of p (rounded to the nearest half, ties to even)
//   VLOAD/VSTORE    VEC consecutive elements as a floatV (offset in units of VEC, as vloadn)
#ifndef SB_HALF
#define SB_HALF 0
#endif
#if SB_HALF
typedef half store_t;
#define LD(i, p) vload_half(i, p)
#define ST(x, i, p) vstore_half_rte(x, i, p)
#else
typedef float store_t;
#define LD(i, p) ((p)[i])
#define ST(x, i, p) ((p)[i] = (x))
#endif

// floatV / VLOAD / VSTORE for the vector width VEC in {1, 2, 4, 8, 16}.

#if defined(VEC) && VEC == 1
typedef float floatV;
#define VLOAD(off, p) LD(off, p)
#define VSTORE(v, off, p) ST(v, off, p)
#elif defined(VEC)
typedef SB_CAT(float, VEC) floatV;
#if SB_HALF
#define VLOAD(off, p) SB_CAT(vload_half, VEC)(off, p)
#define VSTORE(v, off, p) SB_CAT(SB_CAT(vstore_half, VEC), _rte)(v, off, p)
#else
#define VLOAD(off, p) SB_CAT(vload, VEC)(off, p)
#define VSTORE(v, off, p) SB_CAT(vstore, VEC)(v, off, p)
#endif
#endif

#endif

#if defined(NM_M)
// N:M position metadata (include/sb_matrix.h, sb_nm): INDEX_BITS = ceil(log2 NM_M) bits per kept
// value, VALUES_PER_WORD of them in each uint, lowest bits first, none straddling two words.
#if NM_M <= 2
#define INDEX_BITS 1
#elif NM_M <= 4
#define INDEX_BITS 2
#elif NM_M <= 8
#define INDEX_BITS 3
#else
#define INDEX_BITS 4
#endif
#define VALUES_PER_WORD (32 / INDEX_BITS)
#define INDEX_MASK ((1u << INDEX_BITS) - 1u)
#endif

#if defined(VEC)
// VEC consecutive elements of p starting at p[0], where only `avail` (< VEC) may be read:
// the rest are zero. For the ragged last columns of a row of B.
inline floatV vload_partial(__global const store_t *p, int avail)
{
    float t[VEC];
    for (int i = 0; i < VEC; i++)
        t[i] = i < avail ? LD(i, p) : 0.0f;
#if VEC == 1
    return t[0];
#else
    return SB_CAT(vload, VEC)(0, t); // t holds floats whatever the storage
#endif
}

// Stores the first `avail` (< VEC) lanes of v at p.
inline void vstore_partial(floatV v, __global store_t *p, int avail)
{
    float t[VEC];
#if VEC == 1
    t[0] = v;
#else
    SB_CAT(vstore, VEC)(v, 0, t);
#endif
    for (int i = 0; i < avail; i++)
        ST(t[i], i, p);
}
#endif
