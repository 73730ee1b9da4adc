// Helpers shared by every kernel file: vector types and loads chosen by a compile-time width.
// Kernels are built with -D options for their tunables; each has a default here or in its file.
#ifndef SB_CL_COMMON_H
#define SB_CL_COMMON_H

#define SB_CAT_(a, b) a##b
#define SB_CAT(a, b) SB_CAT_(a, b)

// floatV / VLOAD / VSTORE for the vector width VEC in {1, 2, 4, 8, 16}.

#if defined(VEC) && VEC == 1
typedef float floatV;
#define VLOAD(off, p) ((p)[off])
#define VSTORE(v, off, p) ((p)[off] = (v))
#elif defined(VEC)
typedef SB_CAT(float, VEC) floatV;
#define VLOAD(off, p) SB_CAT(vload, VEC)(off, p)
#define VSTORE(v, off, p) SB_CAT(vstore, VEC)(v, off, p)
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
// VEC consecutive floats of p starting at p[0], where only `avail` (< VEC) may be read:
// the rest are zero. For the ragged last columns of a row of B.
inline floatV vload_partial(__global const float *p, int avail)
{
    float t[VEC];
    for (int i = 0; i < VEC; i++)
        t[i] = i < avail ? p[i] : 0.0f;
#if VEC == 1
    return t[0];
#else
    return VLOAD(0, t);
#endif
}

// Stores the first `avail` (< VEC) lanes of v at p.
inline void vstore_partial(floatV v, __global float *p, int avail)
{
    float t[VEC];
#if VEC == 1
    t[0] = v;
#else
    VSTORE(v, 0, t);
#endif
    for (int i = 0; i < avail; i++)
        p[i] = t[i];
}
#endif
