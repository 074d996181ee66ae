/* core/pool.h — a fixed set of worker threads running parallel-for jobs.
 *
 * One job at a time: ss_pool_submit hands out indexes 0..n-1 to the workers
 * (each index exactly once, in small chunks) and returns at once, so the
 * caller can prepare the next batch; ss_pool_wait blocks until the job is
 * done.  ss_pool_for does both.  fn gets the worker number (0..threads-1),
 * so per-worker scratch space needs no locking.  A pool of 1 thread runs
 * jobs on its single worker all the same, so results never depend on the
 * thread count unless fn makes them.
 */
#ifndef SS_CORE_POOL_H
#define SS_CORE_POOL_H

#include <stddef.h>

#include "core/api.h"

typedef struct ss_pool ss_pool;
typedef void (*ss_pool_fn)(void *ctx, int worker, size_t index);

/* threads <= 0: one per online CPU.  NULL when out of memory or when no
 * thread could be started. */
SS_API ss_pool *ss_pool_new(int threads);
SS_API int ss_pool_threads(const ss_pool *p);
/* Start fn(ctx, worker, i) for i in [0, n).  A job must not be running. */
SS_API void ss_pool_submit(ss_pool *p, size_t n, ss_pool_fn fn, void *ctx);
/* Wait for the running job, if any. */
SS_API void ss_pool_wait(ss_pool *p);
/* submit + wait. */
SS_API void ss_pool_for(ss_pool *p, size_t n, ss_pool_fn fn, void *ctx);
/* Stop the workers (after the running job) and free the pool.  NULL is a no-op. */
SS_API void ss_pool_free(ss_pool *p);
/* Number of online CPUs (at least 1). */
SS_API int ss_cpu_count(void);

#endif
