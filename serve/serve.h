/* serve/serve.h — `samestory serve`: the story engine over HTTP.
 *
 * A face like cli/: it holds the options, the HTTP server (libmicrohttpd),
 * the request and response JSON, the token and the event feed.  The
 * pipeline is the engine's (engine/engine.h); docs/SERVE.md is the manual
 * of the API.
 *
 * Threads: libmicrohttpd runs one thread per connection.  Writes (POST,
 * DELETE) go through the one writing engine under a mutex; reads take a
 * read-only engine of their own from a pool (the store is SQLite in WAL
 * mode, so readers see the last commit and never wait for the writer).
 */
#ifndef SS_SERVE_H
#define SS_SERVE_H

#include <stddef.h>

/* The built-in files of the web page (generated from serve/web/ by
 * tools/embed.c into the build folder). */
typedef struct serve_asset {
    const char *path;          /* "/", "/app.js", ... */
    const char *type;          /* Content-Type */
    const unsigned char *data;
    size_t len;
} serve_asset;

extern const serve_asset serve_assets[];   /* ends with a NULL path */

/* `samestory serve` (cli/main.c dispatches to it). */
int cmd_serve(int argc, char **argv);

#endif
