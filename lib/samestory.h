/* samestory.h — the whole public API of libsamestory, one include.
 *
 * samestory finds the same news story across outlets and languages.  The
 * library is organized by pipeline stage; each stage has its own header,
 * which is its manual:
 *
 *   core/    errors, buffers, documents, dates, threads, data files
 *   input/   streams (gzip, zstd), JSONL records, the document reader
 *   text/    UTF-8, normalization, scripts, tokens, sentences, dates, menus
 *   lang/    language identification
 *   clean/   article text from pages and scraped text
 *   fingerprint/  shingles, MinHash sketches, LSH buckets, duplicate groups
 *   align/   passage reuse: token sequences, seed index, alignment, sources
 *   output/  JSON writing, the HTML report
 *   engine/  the story engine: a document's whole trip, in one object
 *
 * Conventions: every exported symbol starts with ss_ (types too) or SS_
 * (macros); fallible functions return SS_OK (0) or a negative ss_status
 * and fill an optional ss_error; objects come in _new/_free pairs and
 * _free(NULL) is a no-op; the library never prints and never exits.
 */
#ifndef SAMESTORY_H
#define SAMESTORY_H

#include "core/api.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/datadir.h"
#include "core/doc.h"
#include "core/error.h"
#include "core/filelock.h"
#include "core/outfile.h"
#include "core/pool.h"
#include "core/time.h"
#include "core/version.h"
#include "input/decode.h"
#include "input/body.h"
#include "input/jsonl.h"
#include "input/jsonl_fast.h"
#include "input/reader.h"
#include "input/sniff.h"
#include "input/stream.h"
#include "input/warc.h"
#include "text/ascii.h"
#include "text/datefind.h"
#include "text/norm.h"
#include "text/script.h"
#include "text/calendar.h"
#include "text/crumbs.h"
#include "text/segment.h"
#include "text/stem.h"
#include "text/stopwords.h"
#include "text/token.h"
#include "text/utf8.h"
#include "lang/langid.h"
#include "story/entity.h"
#include "story/features.h"
#include "story/df.h"
#include "story/similarity.h"
#include "story/model.h"
#include "story/cluster.h"
#include "story/headline.h"
#include "xling/dictd.h"
#include "xling/lexicon.h"
#include "xling/translit.h"
#include "xling/pivot.h"
#include "xling/link.h"
#include "xling/align.h"
#include "compare/quotes.h"
#include "compare/compare.h"
#include "compare/relate.h"
#include "clean/clean.h"
#include "clean/record.h"
#include "fingerprint/dedup.h"
#include "fingerprint/deduper.h"
#include "fingerprint/keymap.h"
#include "fingerprint/linefreq.h"
#include "fingerprint/minhash.h"
#include "fingerprint/shingle.h"
#include "fingerprint/unionfind.h"
#include "align/aseq.h"
#include "align/seedindex.h"
#include "align/align.h"
#include "align/merge.h"
#include "align/source.h"
#include "align/reuse.h"
#include "align/reuse_records.h"
#include "align/reuse_part.h"
#include "align/xreuse.h"
#include "output/json.h"
#include "output/report.h"
#include "engine/engine.h"
#include "engine/translations.h"

#endif
