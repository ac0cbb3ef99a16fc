/* parse_floor — the parsing floor: read a CSV file in 1 MiB chunks and
 * parse it with libcsv, discarding every field. No loader can be faster
 * than this while it uses libcsv, so it is the yardstick for tiertrend's
 * load path.
 *
 *   parse_floor [--per-line | --scan] FILE
 *
 *   (default)   libcsv on whole 1 MiB chunks, the same options as
 *               tiertrend's reader (strict, strict fini, append NUL);
 *   --per-line  libcsv fed one physical line per call, as tiertrend's
 *               reader does to number lines: the cost of that choice;
 *   --scan      no libcsv: the chunks are only scanned for newlines with
 *               memchr, the cost of reading the bytes at all.
 *
 * Prints the number of rows and fields (so the work cannot be optimised
 * away, and the counts can be checked against the generator).
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK ((size_t)1 << 20) /* the same 1 MiB reads as tt_csv.c */

typedef struct {
  size_t rows, fields, bytes;
} counts;

static void on_field(void *s, size_t len, void *data) {
  counts *c = data;
  (void)s;
  c->fields++;
  c->bytes += len;
}

static void on_row(int ch, void *data) {
  counts *c = data;
  (void)ch;
  c->rows++;
}

int main(int argc, char **argv) {
  enum { CHUNKED, PER_LINE, SCAN } mode = CHUNKED;
  const char *path = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--per-line"))
      mode = PER_LINE;
    else if (!strcmp(argv[i], "--scan"))
      mode = SCAN;
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "parse_floor: unknown option %s\n", argv[i]);
      return 64;
    } else
      path = argv[i];
  }
  if (!path) {
    fputs("usage: parse_floor [--per-line | --scan] FILE\n", stderr);
    return 64;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "parse_floor: %s: %s\n", path, strerror(errno));
    return 66;
  }
  char *chunk = malloc(CHUNK);
  struct csv_parser p;
  if (!chunk ||
      csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
    fputs("parse_floor: out of memory\n", stderr);
    free(chunk);
    fclose(f);
    return 70;
  }
  counts c = {0, 0, 0};
  int rc = 0;
  size_t n;
  while (!rc && (n = fread(chunk, 1, CHUNK, f)) > 0) {
    if (mode == SCAN) {
      const char *s = chunk, *end = chunk + n, *nl;
      while ((nl = memchr(s, '\n', (size_t)(end - s))) != NULL) {
        c.rows++;
        s = nl + 1;
      }
      c.bytes += n;
      continue;
    }
    if (mode == CHUNKED) {
      if (csv_parse(&p, chunk, n, on_field, on_row, &c) != n) rc = 65;
      continue;
    }
    const char *s = chunk;
    while (n && !rc) {
      const char *nl = memchr(s, '\n', n);
      size_t k = nl ? (size_t)(nl - s) + 1 : n;
      if (csv_parse(&p, s, k, on_field, on_row, &c) != k) rc = 65;
      s += k;
      n -= k;
    }
  }
  if (!rc && ferror(f)) {
    fprintf(stderr, "parse_floor: %s: read error\n", path);
    rc = 74;
  }
  if (!rc && mode != SCAN && csv_fini(&p, on_field, on_row, &c) != 0)
    rc = 65;
  if (rc == 65)
    fprintf(stderr, "parse_floor: %s: malformed CSV: %s\n", path,
            csv_strerror(csv_error(&p)));
  csv_free(&p);
  free(chunk);
  fclose(f);
  if (!rc) printf("rows %zu fields %zu bytes %zu\n", c.rows, c.fields, c.bytes);
  return rc;
}
