/* tt_csv.h — streaming CSV reading on top of libcsv, with line numbers and
 * limits.
 *
 * libcsv parses but neither counts lines nor bounds memory. This layer feeds
 * it one physical line at a time (so every row knows the line it started
 * on), strips a UTF-8 byte-order mark, accepts CRLF, rejects NUL bytes and
 * invalid UTF-8, and stops with FILE:LINE errors when a field, a row or the
 * number of columns passes its limit. Every reader of the project (data,
 * groups, scale, sources) goes through it.
 */
#ifndef TT_CSV_H
#define TT_CSV_H

#include <stddef.h>

#include "tt_error.h"

typedef struct {
  size_t max_field;   /* bytes in one field            (default 64 KiB)  */
  size_t max_row;     /* bytes in one row, all lines   (default 1 MiB)   */
  size_t max_columns; /* fields in one row             (default 10 000)  */
} tt_csv_limits;

#define TT_CSV_DEFAULT_MAX_FIELD ((size_t)64 * 1024)
#define TT_CSV_DEFAULT_MAX_ROW ((size_t)1024 * 1024)
#define TT_CSV_DEFAULT_MAX_COLUMNS ((size_t)10000)

void tt_csv_limits_default(tt_csv_limits *l);

/* One parsed row. Fields are NUL-terminated and valid only during the
 * callback. `line` is the physical line the row starts on (1-based). */
typedef struct {
  const char *const *field;
  const size_t *len;
  size_t n;
  size_t line;
} tt_csv_row;

/* Called once per row, the header included. Return TT_OK to go on, or an
 * error code after filling err, to stop. */
typedef int (*tt_csv_row_fn)(const tt_csv_row *row, void *ctx, tt_error *err);

/* Reads path row by row. `limits` may be NULL for the defaults. Returns
 * TT_OK, TT_ENOINPUT (cannot open), TT_EIO (read failed), TT_EDATA
 * (malformed), TT_ENOMEM (out of memory) or the callback's code.
 * Blank lines are skipped. An empty file gives TT_EDATA "empty file". */
int tt_csv_read(const char *path, const tt_csv_limits *limits,
                tt_csv_row_fn fn, void *ctx, tt_error *err);

/* The same on a memory buffer (for tests and fuzzing); name is used in
 * messages. */
int tt_csv_read_buffer(const char *name, const char *buf, size_t size,
                       const tt_csv_limits *limits, tt_csv_row_fn fn,
                       void *ctx, tt_error *err);

/* Case-insensitive ASCII comparison of a field with a name, ignoring
 * surrounding white space. */
int tt_csv_name_eq(const char *field, const char *name);

#endif
