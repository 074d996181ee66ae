/* core/pool.c — worker threads for parallel-for jobs (see pool.h).
 *
 * Workers sleep on `wake` until a job generation newer than the one they
 * last ran appears; they take chunks of indexes with an atomic counter and
 * the last one out signals `done`.  Chunks are small (n / (8 * threads),
 * at least 1) so uneven items still balance.
 */
#include "core/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

struct ss_pool {
    pthread_mutex_t mu;
    pthread_cond_t wake, done;
    pthread_t *tids;
    int nthreads;
    int started;
    unsigned long gen;     /* job generation, bumped by submit */
    int busy;              /* workers still in the current job */
    int running;           /* a job is submitted and not yet waited for */
    int stop;
    size_t n, chunk;
    atomic_size_t next;
    ss_pool_fn fn;
    void *ctx;
};

typedef struct {
    ss_pool *p;
    int id;
} worker_arg;

static void *worker(void *arg)
{
    worker_arg *wa = arg;
    ss_pool *p = wa->p;
    int id = wa->id;
    free(wa);
    unsigned long seen = 0;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->stop && p->gen == seen)
            pthread_cond_wait(&p->wake, &p->mu);
        if (p->stop) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        seen = p->gen;
        size_t n = p->n, chunk = p->chunk;
        ss_pool_fn fn = p->fn;
        void *ctx = p->ctx;
        pthread_mutex_unlock(&p->mu);
        for (;;) {
            size_t i = atomic_fetch_add(&p->next, chunk);
            if (i >= n)
                break;
            size_t end = i + chunk < n ? i + chunk : n;
            for (; i < end; i++)
                fn(ctx, id, i);
        }
        pthread_mutex_lock(&p->mu);
        if (--p->busy == 0)
            pthread_cond_broadcast(&p->done);
        pthread_mutex_unlock(&p->mu);
    }
}

int ss_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (int)n;
}

ss_pool *ss_pool_new(int threads)
{
    if (threads <= 0)
        threads = ss_cpu_count();
    ss_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->tids = calloc((size_t)threads, sizeof *p->tids);
    if (!p->tids) {
        free(p);
        return NULL;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->wake, NULL);
    pthread_cond_init(&p->done, NULL);
    atomic_init(&p->next, 0);
    p->nthreads = threads;
    for (int i = 0; i < threads; i++) {
        worker_arg *wa = malloc(sizeof *wa);
        if (!wa)
            break;
        wa->p = p;
        wa->id = i;
        if (pthread_create(&p->tids[i], NULL, worker, wa) != 0) {
            free(wa);
            break;
        }
        p->started++;
    }
    if (p->started == 0) {
        ss_pool_free(p);
        return NULL;
    }
    p->nthreads = p->started;
    return p;
}

int ss_pool_threads(const ss_pool *p) { return p->nthreads; }

void ss_pool_submit(ss_pool *p, size_t n, ss_pool_fn fn, void *ctx)
{
    pthread_mutex_lock(&p->mu);
    while (p->busy > 0)
        pthread_cond_wait(&p->done, &p->mu);
    p->n = n;
    p->chunk = n / (8 * (size_t)p->nthreads);
    if (p->chunk == 0)
        p->chunk = 1;
    if (p->chunk > 64)
        p->chunk = 64;
    p->fn = fn;
    p->ctx = ctx;
    atomic_store(&p->next, 0);
    p->busy = p->nthreads;
    p->running = 1;
    p->gen++;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mu);
}

void ss_pool_wait(ss_pool *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->busy > 0)
        pthread_cond_wait(&p->done, &p->mu);
    p->running = 0;
    pthread_mutex_unlock(&p->mu);
}

void ss_pool_for(ss_pool *p, size_t n, ss_pool_fn fn, void *ctx)
{
    ss_pool_submit(p, n, fn, ctx);
    ss_pool_wait(p);
}

void ss_pool_free(ss_pool *p)
{
    if (!p)
        return;
    ss_pool_wait(p);
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->started; i++)
        pthread_join(p->tids[i], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->wake);
    pthread_cond_destroy(&p->done);
    free(p->tids);
    free(p);
}
