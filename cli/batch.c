/* cli/batch.c — read, work in parallel, emit in order.
 *
 * Documents are read in batches of BATCH; while the pool works on one
 * batch, nothing else happens (reading is fast next to the work we do in
 * parallel).  Errors from work() or emit() stop the run.
 */
#include <stdlib.h>

#include "cli.h"

#define BATCH CLI_BATCH

typedef struct {
    ss_doc **docs;
    int *rc;
    cli_work_fn work;
    cli_slot_work_fn slot_work;
    void *ctx;
} job;

static void run_one(void *arg, int worker, size_t i)
{
    job *j = arg;
    j->rc[i] = j->slot_work ? j->slot_work(j->ctx, worker, j->docs[i], i)
                            : j->work(j->ctx, worker, j->docs[i]);
}

static int map_docs(cli_in *in, ss_pool *pool, cli_work_fn work, cli_emit_fn emit,
                    cli_slot_work_fn slot_work, cli_slot_emit_fn slot_emit, void *ctx)
{
    ss_doc *docs[BATCH];
    int rcs[BATCH];
    int status = CLI_OK, done = 0, bad_input = 0;
    while (!done && status == CLI_OK) {
        size_t n = 0;
        while (n < BATCH) {
            int rc = cli_in_next(in, &docs[n]);
            if (rc < 0) {
                bad_input = 1; /* the documents before it are still processed */
                done = 1;
                break;
            }
            if (rc == 0) {
                done = 1;
                break;
            }
            n++;
        }
        job j = {docs, rcs, work, slot_work, ctx};
        if (n > 0)
            ss_pool_for(pool, n, run_one, &j);
        for (size_t i = 0; i < n; i++) {
            if (status == CLI_OK && rcs[i] == 0 &&
                (slot_emit ? slot_emit(ctx, docs[i], i) : emit(ctx, docs[i])) != 0)
                status = CLI_FAIL;
            if (rcs[i] != 0)
                status = CLI_FAIL;
            ss_doc_free(docs[i]);
        }
        cli_in_progress(in, "reading");
    }
    return bad_input ? CLI_FAIL : status;
}

int cli_map_docs(cli_in *in, ss_pool *pool, cli_work_fn work, cli_emit_fn emit, void *ctx)
{
    return map_docs(in, pool, work, emit, NULL, NULL, ctx);
}

int cli_map_docs_slots(cli_in *in, ss_pool *pool, cli_slot_work_fn work, cli_slot_emit_fn emit,
                       void *ctx)
{
    return map_docs(in, pool, NULL, NULL, work, emit, ctx);
}
