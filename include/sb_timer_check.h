/* Profiling events are checked before they are trusted. Some implementations return times that
 * cannot be (Mesa rusticl 22.3 on llvmpipe: START = 2, END = 3 ns for every kernel), and a peak
 * or a row computed from them is off by orders of magnitude. So every event time is compared
 * with the host clock around the same launch (enqueue to clFinish), and each device is probed
 * once: events that are implausible are not used for the peak or any row (the host clock is),
 * and the device gets one note saying so (env->events_note).
 *
 * SPARSEBENCH_FAKE_EVENTS=1 (tests) makes every event read START = 2, END = 3 ns, as rusticl's. */
#ifndef SB_TIMER_CHECK_H
#define SB_TIMER_CHECK_H

#include "sb_cl.h"

/* Shortest event time believed: 1 us. */
#define SB_EVENT_MIN_MS 0.001

/* 1 if an event time of event_ms is plausible for a launch the host clock timed at host_ms; else 0
 * and why: below SB_EVENT_MIN_MS, longer than the host time around it (x 1.25 + 20 us), or under
 * 1% of a host time of 10 ms or more. */
int sb_event_plausible(double event_ms, double host_ms, char *why, size_t why_len);

/* Probes the device's profiling events once per env (a float4 copy of 8 MiB, five launches, each
 * timed by both clocks; trusted if any but the first is plausible): sets env->events_checked, env->events_trusted and, when not trusted,
 * env->events_note. A call after the first does nothing. -1 only on an OpenCL error. */
int sb_timer_probe(sb_cl_env *env, sb_error *err);

#endif
