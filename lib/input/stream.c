/* input/stream.c — buffered, decompressing line reader (see stream.h).
 *
 * Layout: `in` holds raw bytes read from the file descriptor; `out` holds
 * decompressed bytes not yet handed out (out_pos..out_len), of which
 * out_pos..ready may go out (the rest is a gzip member from a pipe waiting
 * for its CRC, see stream.h).  fill() adds
 * to `out`, decompressing when needed.  getline() copies the line into
 * `line` (a line may span several fills).
 */
#include "input/stream.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libdeflate.h>
#include <zlib.h>
#include <zstd.h>

#define IN_CAP (256u * 1024u)
#define OUT_CAP (512u * 1024u)
/* Buffers of the checking pass over a gzip member (see check_member). */
#define CHECK_CAP (128u * 1024u)

struct ss_stream {
    int fd;
    int own_fd;
    char *path;
    ss_compression comp;
    int sniffed;
    int raw_eof;          /* no more bytes from fd */
    int done;             /* no more output ever (EOF or error reported) */
    unsigned char *in;
    size_t in_pos, in_len;
    uint64_t in_total;    /* raw bytes consumed by the decoder so far */
    char *out;
    size_t out_pos, out_len;
    size_t ready;         /* out[out_pos..ready) may be handed out; ready..out_len is
                             a gzip member from a pipe still waiting for its check */
    int leaked;           /* the member being read from a pipe outgrew the buffer:
                             part of it went out before its check */
    uint64_t out_total;   /* decompressed bytes delivered into out so far */
    z_stream z;
    int z_init;
    int z_member_open;    /* inside a gzip member */
    int seekable;         /* a regular file (also as standard input): gzip members are
                             checked before any of their data goes out */
    int holding;          /* the open gzip member of a regular file is held back
                             (ready..out_len) until inflate checks its CRC */
    uint64_t member_at;   /* compressed offset where that member starts */
    int pend_rc;          /* an error met by peek, returned by the next fill */
    ss_error pend_err;
    uint64_t base;        /* file offset where the stream began (standard input may
                             start inside a file) */
    unsigned char *chk_in, *chk_out; /* buffers of the checking pass */
    struct libdeflate_decompressor *whole; /* see whole_member */
    char *side;           /* the rest of a member whole_member decoded that did not
                             fit `out`: side[side_pos..side_len) goes out next */
    size_t side_pos, side_len;
    ZSTD_DStream *zs;
    int zs_frame_open;    /* inside a zstd frame */
    size_t max_line;
    ss_buf line;
    uint64_t lineno;
    uint64_t line_off;
    uint64_t consumed;    /* uncompressed bytes handed out by getline/read_all */
};

ss_stream *ss_stream_open(const char *path, size_t max_line, ss_error *err)
{
    ss_stream *s = calloc(1, sizeof *s);
    if (!s) {
        ss_error_set(err, SS_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    s->max_line = max_line ? max_line : (size_t)64 << 20;
    s->path = strdup(path);
    s->in = malloc(IN_CAP);
    s->out = malloc(OUT_CAP);
    if (!s->path || !s->in || !s->out) {
        ss_stream_close(s);
        ss_error_set(err, SS_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    if (strcmp(path, "-") == 0) {
        s->fd = 0;
        struct stat st;
        off_t at = lseek(0, 0, SEEK_CUR);
        s->seekable = at >= 0 && fstat(0, &st) == 0 && S_ISREG(st.st_mode);
        s->base = at >= 0 ? (uint64_t)at : 0;
    } else {
        s->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (s->fd < 0) {
            ss_error_set(err, SS_EIO, "%s: cannot open: %s", path, strerror(errno));
            ss_stream_close(s);
            return NULL;
        }
        s->own_fd = 1;
        struct stat st;
        s->seekable = fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode);
#ifdef POSIX_FADV_SEQUENTIAL
        posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    }
    return s;
}

void ss_stream_close(ss_stream *s)
{
    if (!s)
        return;
    if (s->own_fd)
        close(s->fd);
    if (s->z_init)
        inflateEnd(&s->z);
    if (s->zs)
        ZSTD_freeDStream(s->zs);
    if (s->whole)
        libdeflate_free_decompressor(s->whole);
    free(s->side);
    ss_buf_release(&s->line);
    free(s->chk_in);
    free(s->chk_out);
    free(s->in);
    free(s->out);
    free(s->path);
    free(s);
}

/* Read more raw bytes into `in` (compacting first).  0 ok, <0 error. */
static int read_raw(ss_stream *s, ss_error *err)
{
    if (s->raw_eof)
        return 0;
    if (s->in_pos > 0) {
        memmove(s->in, s->in + s->in_pos, s->in_len - s->in_pos);
        s->in_len -= s->in_pos;
        s->in_pos = 0;
    }
    while (s->in_len < IN_CAP) {
        ssize_t r = read(s->fd, s->in + s->in_len, IN_CAP - s->in_len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return ss_error_set(err, SS_EIO, "%s: read error at byte %llu: %s", s->path,
                                (unsigned long long)(s->in_total + s->in_len), strerror(errno));
        }
        if (r == 0) {
            s->raw_eof = 1;
            break;
        }
        s->in_len += (size_t)r;
        if (s->comp != SS_COMP_NONE || s->sniffed)
            break; /* one read is enough once we know what we have */
    }
    return 0;
}

static int sniff(ss_stream *s, ss_error *err)
{
    s->sniffed = 1;
    while (s->in_len < 4 && !s->raw_eof) {
        int rc = read_raw(s, err);
        if (rc)
            return rc;
    }
    if (s->in_len >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b) {
        s->comp = SS_COMP_GZIP;
        if (inflateInit2(&s->z, 15 + 32) != Z_OK)
            return ss_error_set(err, SS_ENOMEM, "%s: cannot start gzip decoder", s->path);
        s->z_init = 1;
    } else if (s->in_len >= 4 && s->in[0] == 0x28 && s->in[1] == 0xb5 && s->in[2] == 0x2f &&
               s->in[3] == 0xfd) {
        s->comp = SS_COMP_ZSTD;
        s->zs = ZSTD_createDStream();
        if (!s->zs || ZSTD_isError(ZSTD_initDStream(s->zs)))
            return ss_error_set(err, SS_ENOMEM, "%s: cannot start zstd decoder", s->path);
    }
    return 0;
}

static int truncated(ss_stream *s, const char *what, ss_error *err)
{
    return ss_error_set_at(err, SS_EFORMAT, 0, s->in_total,
                           "%s: truncated %s data: the stream ends inside a compressed block "
                           "at compressed byte %llu (%llu bytes decompressed); everything before "
                           "was read",
                           s->path, what, (unsigned long long)s->in_total,
                           (unsigned long long)s->out_total);
}

/* The verdict of check_member. */
typedef enum { MEMBER_OK, MEMBER_BAD, MEMBER_UNCHECKED } member_verdict;

/* Decompress the gzip member starting at file offset `at` into scratch
 * buffers, only to check it: its deflate data and its CRC-32 and length.
 * inflate finds most damage only at the member's end (the CRC), after it
 * has produced garbage; checking first means no byte of a damaged member
 * is ever handed out.  It costs a second decompression of each member
 * (read from the page cache), so only regular files get it.  MEMBER_BAD
 * sets *bad_at (the compressed offset where damage showed) and why; a
 * member cut short by the end of the file is MEMBER_OK here (the reading
 * pass reports the truncation after handing out the whole lines before
 * it); MEMBER_UNCHECKED when the check itself could not run. */
/* The buffers of check_member and next_good_member: 1 if there. */
static int check_buffers(ss_stream *s)
{
    if (!s->chk_in)
        s->chk_in = malloc(CHECK_CAP);
    if (!s->chk_out)
        s->chk_out = malloc(CHECK_CAP);
    return s->chk_in && s->chk_out;
}

static member_verdict check_member(ss_stream *s, uint64_t at, uint64_t *bad_at, char *why,
                                   size_t whycap)
{
    if (!check_buffers(s))
        return MEMBER_UNCHECKED;
    z_stream v;
    memset(&v, 0, sizeof v);
    if (inflateInit2(&v, 15 + 16) != Z_OK)
        return MEMBER_UNCHECKED;
    member_verdict res = MEMBER_UNCHECKED;
    uint64_t off = at;
    for (;;) {
        ssize_t n = pread(s->fd, s->chk_in, CHECK_CAP, (off_t)(s->base + off));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            res = n == 0 ? MEMBER_OK : MEMBER_UNCHECKED;
            break;
        }
        v.next_in = s->chk_in;
        v.avail_in = (uInt)n;
        int zr;
        do {
            v.next_out = s->chk_out;
            v.avail_out = CHECK_CAP;
            zr = inflate(&v, Z_NO_FLUSH);
        } while (zr == Z_OK && (v.avail_in > 0 || v.avail_out == 0));
        if (zr == Z_STREAM_END) {
            res = MEMBER_OK;
            break;
        }
        if (zr != Z_OK && zr != Z_BUF_ERROR) {
            *bad_at = off + ((uint64_t)n - v.avail_in);
            snprintf(why, whycap, "%s", v.msg ? v.msg : "inflate failed");
            res = MEMBER_BAD;
            break;
        }
        off += (uint64_t)n;
    }
    inflateEnd(&v);
    return res;
}

/* The offset of the next gzip member after a damaged one that starts at
 * `at`: the next gzip header (1f 8b 08) whose member checks out, or the
 * file's size when there is none (or no memory to look). */
static uint64_t next_good_member(ss_stream *s, uint64_t at)
{
    struct stat st;
    if (!check_buffers(s)) /* cannot look: the rest of the file is passed over */
        return fstat(s->fd, &st) == 0 && (uint64_t)st.st_size > s->base + at
                   ? (uint64_t)st.st_size - s->base
                   : at + 1;
    uint64_t off = at + 1;
    for (;;) {
        ssize_t n = pread(s->fd, s->chk_in, CHECK_CAP, (off_t)(s->base + off));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 3)
            return off + (n > 0 ? (uint64_t)n : 0);
        for (ssize_t i = 0; i + 2 < n; i++) {
            if (s->chk_in[i] != 0x1f || s->chk_in[i + 1] != 0x8b || s->chk_in[i + 2] != 0x08)
                continue;
            uint64_t cand = off + (uint64_t)i, bad;
            char why[8];
            if (check_member(s, cand, &bad, why, sizeof why) != MEMBER_BAD)
                return cand;
            /* check_member used chk_in: read this window again */
            n = pread(s->fd, s->chk_in, CHECK_CAP, (off_t)(s->base + off));
            if (n < 3)
                return off + (n > 0 ? (uint64_t)n : 0);
        }
        off += (uint64_t)n - 2;
    }
}

static int seek_raw(ss_stream *s, uint64_t to);

/* The gzip member at `at` of a regular file is damaged (at bad_at, why):
 * none of its data goes out; reading goes on with the next member that
 * checks out.  Returns the error to report (the stream is not done). */
/* Drop what is held back of the open member (ready..out_len). */
static void drop_held(ss_stream *s)
{
    s->out_total -= s->out_len - s->ready;
    s->out_len = s->ready;
    s->holding = 0;
}

static int skip_bad_member(ss_stream *s, uint64_t at, uint64_t bad_at, const char *why,
                           ss_error *err)
{
    drop_held(s);
    s->z_member_open = 0;
    uint64_t next = next_good_member(s, at);
    if (seek_raw(s, next) != 0) {
        s->done = 1;
        return ss_error_set(err, SS_EIO, "%s: cannot seek: %s", s->path, strerror(errno));
    }
    struct stat fst;
    int more = fstat(s->fd, &fst) == 0 && (uint64_t)fst.st_size > s->base + next;
    char after[128] = "";
    if (more)
        snprintf(after, sizeof after,
                 "; the next good member starts at compressed byte %llu (line numbers after "
                 "it count only the lines read)",
                 (unsigned long long)next);
    return ss_error_set_at(err, SS_EFORMAT, 0, bad_at,
                           "%s: corrupt gzip member at compressed bytes %llu-%llu (%s at "
                           "compressed byte %llu): none of its data was used%s",
                           s->path, (unsigned long long)at, (unsigned long long)next, why,
                           (unsigned long long)bad_at, after);
}

/* The held member (see `holding`) outgrew the buffer before its end: what
 * was held is dropped, the member is checked by a pass of its own
 * (check_member), and decompressed again from its start.  So a member of
 * up to OUT_CAP bytes is decompressed once, a larger one twice.  0, or
 * the error to report. */
static int unhold(ss_stream *s, ss_error *err)
{
    uint64_t at = s->member_at, bad_at = 0;
    char why[128];
    drop_held(s);
    if (check_member(s, at, &bad_at, why, sizeof why) == MEMBER_BAD)
        return skip_bad_member(s, at, bad_at, why, err);
    if (seek_raw(s, at) != 0) {
        s->done = 1;
        return ss_error_set(err, SS_EIO, "%s: cannot seek: %s", s->path, strerror(errno));
    }
    inflateReset(&s->z);
    return 0;
}

/* Go on reading the file at offset `to` (a regular file). */
static int seek_raw(ss_stream *s, uint64_t to)
{
    if (lseek(s->fd, (off_t)(s->base + to), SEEK_SET) < 0)
        return -1;
    s->in_pos = s->in_len = 0;
    s->in_total = to;
    s->raw_eof = 0;
    return 0;
}

/* A gzip member that starts at in[in_pos] decoded in one call of
 * libdeflate, which checks its CRC-32 and length as inflate does, at about
 * twice inflate's speed, and once: inflate holds a member back until its
 * CRC is checked, and one that outgrows `out` is decoded a second time by
 * a checking pass and a third time to be read (zlib was 38% of `clean`'s
 * time on gzipped news pages; docs/CLEAN.md).  It needs the whole
 * member at hand: first what `in` holds (a page, a WARC record), then, in a
 * regular file whose rest is at most WHOLE_IN bytes, windows of it four
 * times larger each (libdeflate cannot tell a member cut by the window from
 * a damaged one, so a failed window is tried larger; a larger file, such as
 * one gzipped JSONL file of one member, is left to inflate at once rather
 * than decoded in part several times).  A member with a header CRC (FHCRC)
 * is left to inflate too: libdeflate skips that CRC, inflate checks it.
 * What fits the free part of `out` goes there, the rest of a member of up
 * to WHOLE_OUT bytes to `side`, read out before anything after the
 * member.  Then reading goes on
 * after the member: returns 1.  Anything else (a larger member, damage, a
 * truncated member) changes nothing and returns 0: inflate reads the
 * member as before and reports what it finds.  Memory: the window and
 * `side`, for the member being read. */
/* A news page gzipped is some hundreds of KiB; a gzipped JSONL file of
 * 10 MB (29 MB of text) took 71 MB of memory and no less time when its
 * one member was decoded whole, so larger files are left to inflate. */
#define WHOLE_IN ((size_t)2 << 20)
#define WHOLE_OUT ((size_t)16 << 20)
#define WHOLE_FIRST_WINDOW ((size_t)1 << 20)

/* Decode the member at src[0..avail) into out's free room, or into `side`
 * when larger; *used its compressed length.  1 if it decoded whole. */
static int decode_member(ss_stream *s, const unsigned char *src, size_t avail, size_t *used)
{
    size_t room = OUT_CAP - s->out_len, made = 0;
    enum libdeflate_result r = libdeflate_gzip_decompress_ex(s->whole, src, avail,
                                                             s->out + s->out_len, room, used, &made);
    if (r == LIBDEFLATE_SUCCESS) {
        s->out_len += made;
        return 1;
    }
    if (r != LIBDEFLATE_INSUFFICIENT_SPACE)
        return 0;
    char *big = NULL;
    for (size_t cap = room * 4 > avail * 4 ? room * 4 : avail * 4;; cap *= 2) {
        if (cap > WHOLE_OUT)
            cap = WHOLE_OUT;
        free(big);
        if (!(big = malloc(cap)))
            return 0;
        r = libdeflate_gzip_decompress_ex(s->whole, src, avail, big, cap, used, &made);
        if (r != LIBDEFLATE_INSUFFICIENT_SPACE || cap == WHOLE_OUT)
            break;
    }
    if (r != LIBDEFLATE_SUCCESS) {
        free(big);
        return 0;
    }
    char *fit = made ? realloc(big, made) : NULL; /* the window's guess can be far larger */
    if (fit)
        big = fit;
    size_t first = made < room ? made : room;
    memcpy(s->out + s->out_len, big, first);
    s->out_len += first;
    s->side = big;
    s->side_pos = first;
    s->side_len = made;
    return 1;
}

static void drop_side(ss_stream *s)
{
    free(s->side);
    s->side = NULL;
    s->side_pos = s->side_len = 0;
}

/* Take back what decode_member put out (the member could not be passed). */
static void undo_member(ss_stream *s, size_t out_len_before)
{
    s->out_len = out_len_before;
    drop_side(s);
}

static int whole_member(ss_stream *s)
{
    size_t used = 0, avail = s->in_len - s->in_pos, before = s->out_len;
    if (avail >= 4 && (s->in[s->in_pos + 3] & 0x02))
        return 0; /* FHCRC */
    if (!s->whole && !(s->whole = libdeflate_alloc_decompressor()))
        return 0;
    if (decode_member(s, s->in + s->in_pos, avail, &used)) {
        s->in_pos += used;
        s->in_total += used;
        return 1;
    }
    struct stat st;
    if (s->raw_eof || !s->seekable || avail < 4 || fstat(s->fd, &st) != 0 ||
        (uint64_t)st.st_size <= s->base + s->in_total ||
        (uint64_t)st.st_size - s->base - s->in_total > WHOLE_IN)
        return 0;
    uint64_t rest = (uint64_t)st.st_size - s->base - s->in_total;
    unsigned char *win = NULL;
    int ok = 0;
    for (size_t w = avail * 4 > WHOLE_FIRST_WINDOW ? avail * 4 : WHOLE_FIRST_WINDOW; avail < rest;
         w *= 4) {
        if (avail >= WHOLE_IN)
            break;
        if (w > WHOLE_IN)
            w = WHOLE_IN;
        avail = rest < w ? (size_t)rest : w;
        free(win);
        if (!(win = malloc(avail)))
            break;
        size_t got = 0;
        while (got < avail) {
            ssize_t r = pread(s->fd, win + got, avail - got, (off_t)(s->base + s->in_total + got));
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        if (got < avail)
            break;
        if (decode_member(s, win, avail, &used)) {
            if (seek_raw(s, s->in_total + used) != 0)
                undo_member(s, before); /* inflate goes on where reading is */
            else
                ok = 1;
            break;
        }
    }
    free(win);
    return ok;
}

/* Move what is left of `side` into out (see whole_member). */
static void drain_side(ss_stream *s)
{
    size_t n = s->side_len - s->side_pos, room = OUT_CAP - s->out_len;
    if (n > room)
        n = room;
    memcpy(s->out + s->out_len, s->side + s->side_pos, n);
    s->out_len += n;
    s->side_pos += n;
    if (s->side_pos == s->side_len)
        drop_side(s);
}

/* Append decompressed bytes to out[out_len..].  Returns 1 if bytes were
 * added, 0 at the clean end, <0 on error. */
static int fill(ss_stream *s, ss_error *err)
{
    if (s->pend_rc) {
        int rc = s->pend_rc;
        s->pend_rc = 0;
        if (err)
            *err = s->pend_err;
        return rc;
    }
    if (s->done)
        return 0;
    if (!s->sniffed) {
        int rc = sniff(s, err);
        if (rc) {
            s->done = 1;
            return rc;
        }
    }
    /* make room */
    if (s->out_pos > 0) {
        memmove(s->out, s->out + s->out_pos, s->out_len - s->out_pos);
        s->out_len -= s->out_pos;
        s->ready -= s->out_pos;
        s->out_pos = 0;
    }
    if (s->out_len == OUT_CAP && s->holding && s->ready < s->out_len) {
        int rc = unhold(s, err);
        if (rc)
            return rc;
    }
    if (s->out_len == OUT_CAP) {
        /* full: a member from a pipe larger than the buffer must go out
         * before its check (the caller consumes, then we go on) */
        if (s->ready < s->out_len) {
            s->ready = s->out_len;
            s->leaked = 1;
        }
        return 1;
    }
    for (;;) {
        size_t ready_before = s->ready;
        if (s->side) {
            size_t before = s->out_len;
            drain_side(s);
            s->ready = s->out_len;
            s->out_total += s->out_len - before;
            return 1;
        }
        if (s->in_pos == s->in_len) {
            if (s->raw_eof && s->ready < s->out_len) {
                /* a truncated member: what was decoded is whole data */
                s->ready = s->out_len;
                return 1;
            }
            if (s->raw_eof) {
                s->done = 1;
                if (s->comp == SS_COMP_GZIP && s->z_member_open)
                    return truncated(s, "gzip", err);
                if (s->comp == SS_COMP_ZSTD && s->zs_frame_open)
                    return truncated(s, "zstd", err);
                return 0;
            }
            int rc = read_raw(s, err);
            if (rc) {
                s->done = 1;
                return rc;
            }
            continue;
        }
        size_t before = s->out_len;
        if (s->comp == SS_COMP_NONE) {
            size_t n = s->in_len - s->in_pos, room = OUT_CAP - s->out_len;
            if (n > room)
                n = room;
            memcpy(s->out + s->out_len, s->in + s->in_pos, n);
            s->in_pos += n;
            s->in_total += n;
            s->out_len += n;
        } else if (s->comp == SS_COMP_GZIP) {
            if (!s->z_member_open) {
                /* a new member starts: must be gzip magic */
                if (s->in_len - s->in_pos >= 2 &&
                    !(s->in[s->in_pos] == 0x1f && s->in[s->in_pos + 1] == 0x8b)) {
                    s->done = 1;
                    return ss_error_set_at(err, SS_EFORMAT, 0, s->in_total,
                                           "%s: garbage after gzip data at compressed byte %llu",
                                           s->path, (unsigned long long)s->in_total);
                }
                if (whole_member(s)) {
                    s->ready = s->out_len;
                    s->out_total += s->out_len - before;
                    if (s->ready > ready_before)
                        return 1;
                    continue;
                }
                /* in a regular file the member is held back until its
                 * CRC is checked, or checked by a pass of its own if it
                 * outgrows the buffer (unhold) */
                s->holding = s->seekable;
                s->member_at = s->in_total;
                inflateReset(&s->z);
                s->z_member_open = 1;
                s->leaked = 0;
            }
            s->z.next_in = s->in + s->in_pos;
            s->z.avail_in = (uInt)(s->in_len - s->in_pos);
            s->z.next_out = (Bytef *)s->out + s->out_len;
            s->z.avail_out = (uInt)(OUT_CAP - s->out_len);
            int zr = inflate(&s->z, Z_NO_FLUSH);
            size_t used = (s->in_len - s->in_pos) - s->z.avail_in;
            s->in_pos += used;
            s->in_total += used;
            s->out_len = OUT_CAP - s->z.avail_out;
            if (zr == Z_STREAM_END) {
                s->z_member_open = 0;
                s->holding = 0;
            } else if (zr != Z_OK && zr != Z_BUF_ERROR && s->holding) {
                char why[128];
                snprintf(why, sizeof why, "%s", s->z.msg ? s->z.msg : "inflate failed");
                /* this call's bytes count as held, as drop_held takes them back */
                s->out_total += s->out_len - before;
                return skip_bad_member(s, s->member_at, s->in_total, why, err);
            } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
                s->done = 1;
                /* nothing of the damaged member goes out: what earlier calls
                   held back of it (through a pipe) was counted */
                s->out_total -= before > s->ready ? before - s->ready : 0;
                s->out_len = s->ready;
                return ss_error_set_at(err, SS_EFORMAT, 0, s->in_total,
                                       "%s: corrupt gzip data near compressed byte %llu: %s; %s",
                                       s->path, (unsigned long long)s->in_total,
                                       s->z.msg ? s->z.msg : "inflate failed",
                                       s->leaked ? "lines already read from this member (over "
                                                   "512 KiB, through a pipe) may be damaged"
                                                 : "none of this member's data was used");
            }
        } else {
            ZSTD_inBuffer ib = {s->in + s->in_pos, s->in_len - s->in_pos, 0};
            ZSTD_outBuffer ob = {s->out + s->out_len, OUT_CAP - s->out_len, 0};
            size_t zr = ZSTD_decompressStream(s->zs, &ob, &ib);
            s->in_pos += ib.pos;
            s->in_total += ib.pos;
            s->out_len += ob.pos;
            if (ZSTD_isError(zr)) {
                s->done = 1;
                s->out_len = s->ready; /* what this call decoded is suspect: drop it */
                return ss_error_set_at(err, SS_EFORMAT, 0, s->in_total,
                                       "%s: corrupt zstd data near compressed byte %llu: %s",
                                       s->path, (unsigned long long)s->in_total,
                                       ZSTD_getErrorName(zr));
            }
            s->zs_frame_open = zr != 0;
        }
        /* a gzip member from a pipe is held back until its end (its CRC
         * checked); everything else can go out at once */
        if (!(s->comp == SS_COMP_GZIP && (!s->seekable || s->holding) && s->z_member_open))
            s->ready = s->out_len;
        if (s->out_len > before)
            s->out_total += s->out_len - before;
        if (s->ready > ready_before)
            return 1;
        if (s->out_len == OUT_CAP && s->holding) {
            int rc = unhold(s, err);
            if (rc)
                return rc;
            continue;
        }
        if (s->out_len == OUT_CAP) {
            s->ready = s->out_len;
            s->leaked = 1;
            return 1;
        }
    }
}

int ss_stream_getline(ss_stream *s, const char **line, size_t *len, ss_error *err)
{
    ss_buf_clear(&s->line);
    int toobig = 0;
    uint64_t start = s->consumed;
    int any = 0;
    for (;;) {
        if (s->out_pos < s->ready) {
            char *p = s->out + s->out_pos;
            size_t avail = s->ready - s->out_pos;
            char *nl = memchr(p, '\n', avail);
            size_t take = nl ? (size_t)(nl - p) : avail;
            any = 1;
            if (!toobig) {
                if (s->line.len + take > s->max_line) {
                    toobig = 1;
                    ss_buf_clear(&s->line);
                } else if (ss_buf_append(&s->line, p, take)) {
                    return ss_error_set(err, SS_ENOMEM, "%s: out of memory", s->path);
                }
            }
            s->out_pos += take + (nl ? 1 : 0);
            s->consumed += take + (nl ? 1 : 0);
            if (nl)
                break;
        }
        int rc = fill(s, err);
        if (rc < 0)
            return rc;
        if (rc == 0) {
            if (!any)
                return 0;
            break; /* last line without a newline */
        }
    }
    s->lineno++;
    s->line_off = start;
    if (toobig)
        return ss_error_set_at(err, SS_ETOOBIG, s->lineno, start,
                               "%s:%llu: line longer than the limit of %zu bytes",
                               s->path, (unsigned long long)s->lineno, s->max_line);
    *line = s->line.data ? s->line.data : "";
    *len = s->line.len;
    return 1;
}

int ss_stream_skip_blank_lines(ss_stream *s, ss_error *err)
{
    for (;;) {
        const char *p = s->out + s->out_pos, *end = s->out + s->out_len, *q = p;
        const char *after = NULL; /* just past the last newline of the blank run */
        uint64_t lines = 0;
        while (q < end && (*q == '\n' || *q == ' ' || *q == '\r' || *q == '\t')) {
            if (*q == '\n') {
                lines++;
                after = q + 1;
            }
            q++;
        }
        if (after) {
            size_t k = (size_t)(after - p);
            s->out_pos += k;
            s->consumed += k;
            s->lineno += lines;
        }
        if (q < end)
            return SS_OK; /* a line with something on it */
        size_t left = s->out_len - s->out_pos;
        int rc = fill(s, err);
        if (rc < 0)
            return rc;
        if (rc == 0 || s->out_len - s->out_pos == left)
            return SS_OK; /* the end, or a full buffer of blanks: getline takes it */
    }
}

/* read_all of an uncompressed regular file: what the buffers hold, then
 * the rest read straight into out, sized once from the file's size (no
 * copy through `in` and `out`, no regrowth).  Returns 1 if it read the
 * whole file (with *rc set), 0 if the general path must run, -1 if the
 * file grew while read: then *got_out bytes are in out, and the bytes
 * after them are in `in` for the general path. */
static int read_all_direct(ss_stream *s, ss_buf *out, size_t max, size_t *got_out, int *rc,
                           ss_error *err)
{
    struct stat st;
    if (!s->sniffed || s->comp != SS_COMP_NONE || !s->seekable || s->pend_rc || s->done ||
        fstat(s->fd, &st) != 0 || (uint64_t)st.st_size < s->base + s->in_total + s->in_len)
        return 0;
    size_t n0 = s->ready - s->out_pos, n1 = s->in_len - s->in_pos;
    uint64_t rest = (uint64_t)st.st_size - s->base - s->in_total - s->in_len;
    if ((uint64_t)n0 + n1 + rest > max)
        return 0; /* the general path reports it, with what fits */
    if (ss_buf_reserve(out, n0 + n1 + (size_t)rest)) {
        *rc = ss_error_set(err, SS_ENOMEM, "%s: out of memory", s->path);
        return 1;
    }
    ss_buf_append(out, s->out + s->out_pos, n0);
    ss_buf_append(out, (const char *)s->in + s->in_pos, n1);
    s->out_pos = s->ready;
    s->in_total += n1;
    s->out_total += n1;
    s->in_pos = s->in_len = 0;
    size_t got = n0 + n1, end = out->len + (size_t)rest;
    int grew = 0;
    while (!grew) {
        /* the file's size, then one read more to see that it ends there */
        char *to = out->len < end ? out->data + out->len : (char *)s->in;
        size_t room = out->len < end ? end - out->len : IN_CAP;
        ssize_t r = read(s->fd, to, room);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            out->data[out->len] = '\0';
            *rc = ss_error_set(err, SS_EIO, "%s: read error at byte %llu: %s", s->path,
                               (unsigned long long)s->in_total, strerror(errno));
            s->done = 1;
            return 1;
        }
        if (r == 0) {
            s->raw_eof = 1;
            break;
        }
        if (to == (char *)s->in) { /* it grew: the general path goes on */
            s->in_len = (size_t)r;
            grew = 1;
            break;
        }
        out->len += (size_t)r;
        got += (size_t)r;
        s->in_total += (uint64_t)r;
        s->out_total += (uint64_t)r;
    }
    out->data[out->len] = '\0';
    s->consumed += got;
    *got_out = got;
    *rc = SS_OK;
    return grew ? -1 : 1;
}

int ss_stream_read_all(ss_stream *s, ss_buf *out, size_t max, ss_error *err)
{
    size_t got = 0;
    if (!s->sniffed) {
        int rc = sniff(s, err);
        if (rc) {
            s->done = 1;
            return rc;
        }
    }
    /* the file may have grown since it was sized: then what was read
     * counts against max, and the rest goes the general way */
    int drc = SS_OK, direct = read_all_direct(s, out, max, &got, &drc, err);
    if (direct > 0)
        return drc;
    for (;;) {
        if (s->out_pos < s->ready) {
            size_t n = s->ready - s->out_pos;
            if (got + n > max) {
                ss_buf_append(out, s->out + s->out_pos, max - got);
                return ss_error_set(err, SS_ETOOBIG, "%s: larger than the limit of %zu bytes",
                                    s->path, max);
            }
            if (ss_buf_append(out, s->out + s->out_pos, n))
                return ss_error_set(err, SS_ENOMEM, "%s: out of memory", s->path);
            got += n;
            s->consumed += n;
            s->out_pos = s->ready;
        }
        int rc = fill(s, err);
        if (rc < 0)
            return rc;
        if (rc == 0)
            return SS_OK;
    }
}

uint64_t ss_stream_lineno(const ss_stream *s) { return s->lineno; }
uint64_t ss_stream_line_offset(const ss_stream *s) { return s->line_off; }
ss_compression ss_stream_compression(const ss_stream *s) { return s->comp; }
uint64_t ss_stream_bytes(const ss_stream *s) { return s->out_total; }

int ss_stream_read_exact(ss_stream *s, ss_buf *out, size_t n, ss_error *err)
{
    size_t got = 0;
    while (got < n) {
        if (s->out_pos < s->ready) {
            size_t take = s->ready - s->out_pos;
            if (take > n - got)
                take = n - got;
            if (out && ss_buf_append(out, s->out + s->out_pos, take))
                return ss_error_set(err, SS_ENOMEM, "%s: out of memory", s->path);
            s->out_pos += take;
            s->consumed += take;
            got += take;
            continue;
        }
        int rc = fill(s, err);
        if (rc < 0)
            return rc;
        if (rc == 0)
            return ss_error_set_at(err, SS_EFORMAT, 0, s->consumed,
                                   "%s: byte %llu: the data ends %zu bytes early", s->path,
                                   (unsigned long long)s->consumed, n - got);
    }
    return SS_OK;
}

uint64_t ss_stream_tell(const ss_stream *s) { return s->consumed; }

int ss_stream_rewind(ss_stream *s, uint64_t to)
{
    if (!s->sniffed || s->comp != SS_COMP_NONE || !s->seekable || to > s->consumed)
        return SS_EINVAL;
    if (seek_raw(s, to) != 0)
        return SS_EIO;
    s->out_pos = s->out_len = s->ready = 0;
    s->out_total = s->consumed = to;
    s->done = 0;
    s->pend_rc = 0;
    return SS_OK;
}

int ss_stream_done(const ss_stream *s)
{
    return s->done && !s->pend_rc && s->out_pos >= s->ready;
}

int ss_stream_pending(const ss_stream *s) { return s->pend_rc != 0; }

int ss_stream_peek(ss_stream *s, size_t want, const char **p, size_t *n, ss_error *err)
{
    if (want > OUT_CAP / 2)
        want = OUT_CAP / 2;
    while (s->ready - s->out_pos < want) {
        size_t before = s->ready - s->out_pos;
        int rc = fill(s, err);
        if (rc < 0 && s->ready > s->out_pos) {
            /* bytes before an error stay readable: the error comes when
             * the reader gets past them (a truncated file; a damaged gzip
             * member after good ones, which without --skip-bad stops the
             * run: the records of the members before it were lost when
             * the reader's first look at the file met it) */
            s->pend_rc = rc;
            if (err)
                s->pend_err = *err;
            break;
        }
        if (rc < 0)
            return rc;
        if (rc == 0 || s->ready - s->out_pos == before)
            break;
    }
    *p = s->out + s->out_pos;
    *n = s->ready - s->out_pos;
    return SS_OK;
}
