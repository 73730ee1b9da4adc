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
