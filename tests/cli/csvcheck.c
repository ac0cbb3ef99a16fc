/* csvcheck FILE...: each file parses as strict CSV (libcsv) with a header
 * and every row as wide as the header. Prints one line per file. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  size_t fields, header, rows, bad_row;
} count;

static void on_field(void *s, size_t n, void *data) {
  (void)s;
  (void)n;
  ((count *)data)->fields++;
}

static void on_row(int c, void *data) {
  (void)c;
  count *k = data;
  if (k->rows == 0)
    k->header = k->fields;
  else if (k->fields != k->header && !k->bad_row)
    k->bad_row = k->rows + 1;
  k->rows++;
  k->fields = 0;
}

int main(int argc, char **argv) {
  int bad = 0;
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) {
      printf("%s: cannot open\n", argv[i]);
      bad = 1;
      continue;
    }
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
    count k = {0, 0, 0, 0};
    char buf[65536];
    size_t n;
    int err = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
      if (csv_parse(&p, buf, n, on_field, on_row, &k) != n) err = 1;
    if (csv_fini(&p, on_field, on_row, &k) != 0) err = 1;
    csv_free(&p);
    fclose(f);
    if (err || k.rows < 1 || k.header == 0 || k.bad_row) {
      printf("%s: not valid CSV (%s)\n", argv[i],
             err ? "parse error" : k.bad_row ? "ragged row" : "empty");
      bad = 1;
    }
  }
  if (!bad) printf("%d CSV files valid\n", argc - 1);
  return bad;
}
