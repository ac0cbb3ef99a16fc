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
#include "tt_load.h" /* tt_csv_limits */

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
