/* cli/batch.c — read, work in parallel, emit in order.
 *
 * Documents are read in batches of up to BATCH (fewer when they are
 * large, see BATCH_BYTES); with two workers or more the next batch is read
 * while the pool works on one, and results are emitted in input order
 * after each batch.  Errors from work() or emit() stop the run.  Reading
 * ahead means that the reader's warnings and a bad record's message for
 * the next batch can come before this batch's output, and that when this
 * batch fails (out of memory, a failed write), the next one was read in
 * vain: its bad records are reported (and kept with --rejects) although
 * the run stopped before them, after the message that stopped it.
 */
#include <stdlib.h>

#include "cli.h"

#define BATCH CLI_BATCH
/* A batch ends at BATCH documents or after its byte budget: 256 news
 * pages are 46 MB, all touched afresh by each batch (page faults were a
 * tenth of `clean`'s time), where 8 MB keep two workers as busy.  The
 * budget grows by BATCH_BYTES_PER_WORKER a worker, and a batch holds
 * BATCH_MIN_PER_WORKER documents a worker at least, so that many workers
 * are not left idle at each batch's end by a few large pages. */
#define BATCH_BYTES ((size_t)8 << 20)
#define BATCH_BYTES_PER_WORKER ((size_t)1 << 20)
#define BATCH_MIN_PER_WORKER 4

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

/* Read up to BATCH documents into docs: how many; *done set at the end of
 * the input or at a bad record that stops the run (*bad_input). */
static size_t read_batch(cli_in *in, ss_doc **docs, int workers, int *done, int *bad_input)
{
    size_t n = 0, bytes = 0, budget = BATCH_BYTES, least = (size_t)workers * BATCH_MIN_PER_WORKER;
    if (budget < (size_t)workers * BATCH_BYTES_PER_WORKER)
        budget = (size_t)workers * BATCH_BYTES_PER_WORKER;
    while (n < BATCH && (bytes < budget || n < least) && !*done) {
        int rc = cli_in_next(in, &docs[n]);
        if (rc < 0) {
            *bad_input = 1; /* the documents before it are still processed */
            *done = 1;
        } else if (rc == 0) {
            *done = 1;
        } else {
            bytes += docs[n]->text_len + docs[n]->html_len;
            n++;
        }
    }
    return n;
}

static int map_docs(cli_in *in, ss_pool *pool, cli_work_fn work, cli_emit_fn emit,
                    cli_slot_work_fn slot_work, cli_slot_emit_fn slot_emit, void *ctx)
{
    ss_doc *batch[2][BATCH];
    int rcs[BATCH];
    int status = CLI_OK, done = 0, bad_input = 0, cur = 0;
    /* with two workers or more, the next batch is read while the pool works
     * on this one (reading and decompressing were a fifth of `clean` on
     * gzipped pages, all on this thread); with one, reading waits, so
     * --threads 1 stays one core's work */
    int workers = ss_pool_threads(pool), overlap = workers > 1;
    size_t n = read_batch(in, batch[cur], workers, &done, &bad_input), next = 0;
    while (n > 0) {
        ss_doc **docs = batch[cur];
        job j = {docs, rcs, work, slot_work, ctx};
        ss_pool_submit(pool, n, run_one, &j);
        if (overlap && status == CLI_OK)
            next = read_batch(in, batch[!cur], workers, &done, &bad_input);
        ss_pool_wait(pool);
        for (size_t i = 0; i < n; i++) {
            if (status == CLI_OK && rcs[i] == 0 &&
                (slot_emit ? slot_emit(ctx, docs[i], i) : emit(ctx, docs[i])) != 0)
                status = CLI_FAIL;
            if (rcs[i] != 0)
                status = CLI_FAIL;
            ss_doc_free(docs[i]);
        }
        cli_in_progress(in, "reading");
        if (!overlap && status == CLI_OK)
            next = read_batch(in, batch[!cur], workers, &done, &bad_input);
        if (status != CLI_OK) {
            for (size_t i = 0; i < next; i++)
                ss_doc_free(batch[!cur][i]);
            break;
        }
        cur = !cur;
        n = next;
        next = 0;
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
