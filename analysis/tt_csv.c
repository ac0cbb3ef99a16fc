#include "tt_csv.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TT_CSV_CHUNK ((size_t)1 << 20) /* 1 MiB reads keep syscalls rare */

void tt_csv_limits_default(tt_csv_limits *l) {
  l->max_field = TT_CSV_DEFAULT_MAX_FIELD;
  l->max_row = TT_CSV_DEFAULT_MAX_ROW;
  l->max_columns = TT_CSV_DEFAULT_MAX_COLUMNS;
}

typedef struct {
  const char *name;
  tt_csv_limits lim;
  tt_csv_row_fn fn;
  void *ctx;
  tt_error *err;
  int status; /* first error, stops everything */

  /* current row: fields packed into one buffer, offsets beside */
  char *buf;
  size_t buf_len, buf_cap;
  size_t *off;
  size_t *flen;
  const char **fptr;
  size_t nf, f_cap;

  size_t line;       /* physical line being fed (1-based) */
  size_t row_line;   /* line the current row started on   */
  size_t row_bytes;  /* bytes fed since the row started   */
  size_t rows;       /* rows delivered                    */

  int utf8_need;   /* continuation bytes still expected */
  int bom_checked;
} reader;

static int grow(void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return 0;
  size_t c = *cap ? *cap : 16;
  while (c < need) c *= 2;
  void *q = realloc(*p, c * elem);
  if (!q) return -1;
  *p = q;
  *cap = c;
  return 0;
}

/* The three per-field arrays share one capacity. */
static int grow_fields(reader *r, size_t need) {
  if (need <= r->f_cap) return 0;
  size_t c = r->f_cap ? r->f_cap * 2 : 16;
  while (c < need) c *= 2;
  size_t *off = realloc(r->off, c * sizeof *off);
  if (!off) return -1;
  r->off = off;
  size_t *flen = realloc(r->flen, c * sizeof *flen);
  if (!flen) return -1;
  r->flen = flen;
  const char **fptr = realloc(r->fptr, c * sizeof *fptr);
  if (!fptr) return -1;
  r->fptr = fptr;
  r->f_cap = c;
  return 0;
}

static void on_field(void *s, size_t len, void *data) {
  reader *r = data;
  if (r->status) return;
  if (len > r->lim.max_field) {
    r->status = tt_error_set(r->err, TT_EDATA,
                             "%s:%zu: a field of %zu bytes is longer than the "
                             "limit of %zu bytes",
                             r->name, r->row_line, len, r->lim.max_field);
    return;
  }
  if (r->nf + 1 > r->lim.max_columns) {
    r->status = tt_error_set(r->err, TT_EDATA,
                             "%s:%zu: more than %zu columns in one row",
                             r->name, r->row_line, r->lim.max_columns);
    return;
  }
  if (grow_fields(r, r->nf + 1) ||
      grow((void **)&r->buf, &r->buf_cap, r->buf_len + len + 1, 1)) {
    r->status = tt_error_set(r->err, TT_ENOMEM, "out of memory");
    return;
  }
  r->off[r->nf] = r->buf_len;
  r->flen[r->nf] = len;
  if (len) memcpy(r->buf + r->buf_len, s, len);
  r->buf[r->buf_len + len] = '\0';
  r->buf_len += len + 1;
  r->nf++;
}

static void on_row(int c, void *data) {
  reader *r = data;
  (void)c;
  if (r->status) return;
  int blank = r->nf == 0 || (r->nf == 1 && r->flen[0] == 0);
  if (!blank) {
    for (size_t i = 0; i < r->nf; i++) r->fptr[i] = r->buf + r->off[i];
    tt_csv_row row = {r->fptr, r->flen, r->nf, r->row_line};
    int rc = r->fn(&row, r->ctx, r->err);
    if (rc) r->status = rc;
    r->rows++;
  }
  r->nf = 0;
  r->buf_len = 0;
  r->row_bytes = 0;
  /* The next row starts on the line after the terminator; when the
   * terminator is the last byte of a line, feed() bumps line first. */
  r->row_line = 0;
}

/* Validates UTF-8 incrementally; returns 0 or -1 on a bad sequence. Only
 * the structure is checked (lead and continuation bytes). */
static int utf8_check(reader *r, const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    /* ASCII without NUL, eight bytes at a time: almost every byte of a
     * ratings file. */
    while (!r->utf8_need && i + 8 <= n) {
      uint64_t w;
      memcpy(&w, p + i, 8);
      const uint64_t lo = 0x0101010101010101ULL, hi = 0x8080808080808080ULL;
      if ((w & hi) || ((w - lo) & ~w & hi)) break; /* non-ASCII or a 0 */
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = p[i];
    if (r->utf8_need) {
      if ((c & 0xC0) != 0x80) return -1;
      r->utf8_need--;
    } else if (c < 0x80) {
      if (c == 0) return -2;
    } else if (c >= 0xC2 && c <= 0xDF) {
      r->utf8_need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      r->utf8_need = 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      r->utf8_need = 3;
    } else {
      return -1;
    }
  }
  return 0;
}

/* Feeds n bytes to libcsv, one physical line at a time. */
static int feed(reader *r, struct csv_parser *p, const char *s, size_t n) {
  while (n && !r->status) {
    const char *nl = memchr(s, '\n', n);
    size_t k = nl ? (size_t)(nl - s) + 1 : n;
    int u = utf8_check(r, (const unsigned char *)s, k);
    if (u) {
      return r->status = tt_error_set(
                 r->err, TT_EDATA,
                 u == -2 ? "%s:%zu: NUL byte in the file (is it UTF-16 or "
                           "binary? save it as UTF-8 CSV)"
                         : "%s:%zu: invalid UTF-8 (save the file as UTF-8 "
                           "CSV)",
                 r->name, r->line);
    }
    if (r->row_line == 0) r->row_line = r->line;
    r->row_bytes += k;
    if (r->row_bytes > r->lim.max_row) {
      return r->status = tt_error_set(
                 r->err, TT_EDATA,
                 "%s:%zu: row longer than the limit of %zu bytes (an "
                 "unterminated quote?)",
                 r->name, r->row_line, r->lim.max_row);
    }
    if (csv_parse(p, s, k, on_field, on_row, r) != k) {
      if (csv_error(p) == CSV_EPARSE)
        return r->status = tt_error_set(
                   r->err, TT_EDATA,
                   "%s:%zu: malformed CSV: a '\"' inside a field (quote the "
                   "whole field and double the inner quote: \"Al\"\"pha\")",
                   r->name, r->line);
      return r->status = tt_error_set(r->err, TT_EDATA,
                                      "%s:%zu: malformed CSV: %s", r->name,
                                      r->row_line ? r->row_line : r->line,
                                      csv_strerror(csv_error(p)));
    }
    if (nl) r->line++;
    s += k;
    n -= k;
  }
  return r->status;
}

static int reader_begin(reader *r, struct csv_parser *p, const char *name,
                        const tt_csv_limits *lim, tt_csv_row_fn fn, void *ctx,
                        tt_error *err) {
  memset(r, 0, sizeof *r);
  r->name = name;
  if (lim)
    r->lim = *lim;
  else
    tt_csv_limits_default(&r->lim);
  r->fn = fn;
  r->ctx = ctx;
  r->err = err;
  r->line = 1;
  if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    return tt_error_set(err, TT_ENOMEM, "out of memory");
  return TT_OK;
}

/* Strips a UTF-8 BOM from the first bytes of the input; returns bytes
 * consumed. The first read always holds the whole BOM: reads are 1 MiB
 * or the whole buffer. A UTF-16 BOM is named, since spreadsheet programs
 * write UTF-16 when asked for "Unicode text". */
static size_t skip_bom(reader *r, const char *s, size_t n) {
  if (r->bom_checked) return 0;
  r->bom_checked = 1;
  if (n >= 2 && (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
                 ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF))) {
    r->status = tt_error_set(r->err, TT_EDATA,
                             "%s:1: the file is UTF-16 text; save it as UTF-8 "
                             "CSV",
                             r->name);
    return n;
  }
  if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
      (unsigned char)s[2] == 0xBF)
    return 3;
  return 0;
}

static int reader_end(reader *r, struct csv_parser *p, int io_status) {
  if (!r->status && !io_status) {
    if (r->utf8_need) {
      r->status = tt_error_set(r->err, TT_EDATA,
                               "%s:%zu: invalid UTF-8 at the end of the file",
                               r->name, r->line);
    } else if (csv_fini(p, on_field, on_row, r) != 0 && !r->status) {
      r->status = tt_error_set(
          r->err, TT_EDATA,
          "%s:%zu: unterminated quoted field (a '\"' opened here is never "
          "closed)",
          r->name, r->row_line ? r->row_line : r->line);
    } else if (!r->status && r->rows == 0) {
      r->status = tt_error_set(r->err, TT_EDATA,
                               "%s: empty file (expected a header row)",
                               r->name);
    }
  }
  csv_free(p);
  free(r->buf);
  free(r->off);
  free(r->flen);
  free(r->fptr);
  return io_status ? io_status : r->status;
}

int tt_csv_read(const char *path, const tt_csv_limits *limits,
                tt_csv_row_fn fn, void *ctx, tt_error *err) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return tt_error_set(err, TT_ENOINPUT, "%s: cannot open: %s", path,
                        strerror(errno));
  char *chunk = malloc(TT_CSV_CHUNK);
  if (!chunk) {
    fclose(f);
    return tt_error_set(err, TT_ENOMEM, "out of memory");
  }
  reader r;
  struct csv_parser p;
  int rc = reader_begin(&r, &p, path, limits, fn, ctx, err);
  if (rc) {
    free(chunk);
    fclose(f);
    return rc;
  }
  int io = 0;
  size_t n;
  while (!r.status && (n = fread(chunk, 1, TT_CSV_CHUNK, f)) > 0) {
    size_t skip = skip_bom(&r, chunk, n);
    feed(&r, &p, chunk + skip, n - skip);
  }
  if (!r.status && ferror(f))
    io = tt_error_set(err, TT_EIO, "%s: read error: %s", path,
                      strerror(errno));
  free(chunk);
  fclose(f);
  return reader_end(&r, &p, io);
}

int tt_csv_read_buffer(const char *name, const char *buf, size_t size,
                       const tt_csv_limits *limits, tt_csv_row_fn fn,
                       void *ctx, tt_error *err) {
  reader r;
  struct csv_parser p;
  int rc = reader_begin(&r, &p, name, limits, fn, ctx, err);
  if (rc) return rc;
  size_t skip = skip_bom(&r, buf, size);
  feed(&r, &p, buf + skip, size - skip);
  return reader_end(&r, &p, 0);
}

int tt_csv_name_eq(const char *field, const char *name) {
  while (isspace((unsigned char)*field)) field++;
  size_t n = strlen(name);
  if (strncasecmp(field, name, n) != 0) return 0;
  field += n;
  while (isspace((unsigned char)*field)) field++;
  return *field == '\0';
}
