#include "tt_sources.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tt_csv.h"

static const char *const basis_names[TT_BASIS_OTHER] = {"read", "compiled",
                                                        "derived", "assumed"};

typedef struct {
  tt_sources *s;
  const char *path;
  int c_year, c_basis;
  int header_done;
} src_ctx;

static int src_row(const tt_csv_row *row, void *vctx, tt_error *err) {
  src_ctx *c = vctx;
  if (!c->header_done) {
    c->c_year = c->c_basis = -1;
    for (size_t i = 0; i < row->n; i++) {
      if (tt_csv_name_eq(row->field[i], "year")) c->c_year = (int)i;
      if (tt_csv_name_eq(row->field[i], "basis")) c->c_basis = (int)i;
    }
    if (c->c_year < 0 || c->c_basis < 0)
      return tt_error_set(err, TT_EDATA,
                          "%s:%zu: a sources file needs the columns year and "
                          "basis",
                          c->path, row->line);
    c->header_done = 1;
    return TT_OK;
  }
  if ((size_t)c->c_year >= row->n || (size_t)c->c_basis >= row->n)
    return tt_error_set(err, TT_EDATA, "%s:%zu: too few fields", c->path,
                        row->line);
  char *end;
  errno = 0;
  long y = strtol(row->field[c->c_year], &end, 10);
  if (errno || *end || end == row->field[c->c_year] || y < 1000 || y > 9999)
    return tt_error_set(err, TT_EDATA,
                        "%s:%zu: column 'year': '%s' is not a year", c->path,
                        row->line, row->field[c->c_year]);
  tt_sources *s = c->s;
  int year = (int)y;
  if (s->n_years == 0 || year < s->year_min || year > s->year_max) {
    int lo = s->n_years ? (year < s->year_min ? year : s->year_min) : year;
    int hi = s->n_years ? (year > s->year_max ? year : s->year_max) : year;
    size_t n = (size_t)(hi - lo) + 1;
    size_t(*cnt)[TT_BASIS_N] = calloc(n, sizeof *cnt);
    if (!cnt) return tt_error_set(err, TT_ENOMEM, "out of memory");
    if (s->n_years)
      memcpy(cnt + (s->year_min - lo), s->count, s->n_years * sizeof *cnt);
    free(s->count);
    s->count = cnt;
    s->year_min = lo;
    s->year_max = hi;
    s->n_years = n;
  }
  int b = TT_BASIS_OTHER;
  for (int k = 0; k < TT_BASIS_OTHER; k++)
    if (tt_csv_name_eq(row->field[c->c_basis], basis_names[k])) b = k;
  s->count[year - s->year_min][b]++;
  return TT_OK;
}

tt_sources *tt_sources_load(const char *path, tt_error *err) {
  tt_sources *s = calloc(1, sizeof *s);
  if (!s) {
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  src_ctx c = {s, path, -1, -1, 0};
  if (tt_csv_read(path, NULL, src_row, &c, err)) {
    tt_sources_free(s);
    return NULL;
  }
  return s;
}

void tt_sources_free(tt_sources *s) {
  if (!s) return;
  free(s->count);
  free(s);
}

size_t tt_sources_get(const tt_sources *s, int year, int basis) {
  if (!s || !s->n_years || year < s->year_min || year > s->year_max ||
      basis < 0 || basis >= TT_BASIS_N)
    return 0;
  return s->count[year - s->year_min][basis];
}

char *tt_sources_path_for(const char *data_path) {
  size_t n = strlen(data_path);
  const char *dot = strrchr(data_path, '.');
  const char *slash = strrchr(data_path, '/');
  if (!dot || (slash && dot < slash)) dot = data_path + n;
  size_t stem = (size_t)(dot - data_path);
  char *out = malloc(stem + sizeof "_sources.csv");
  if (!out) return NULL;
  memcpy(out, data_path, stem);
  strcpy(out + stem, "_sources.csv");
  return out;
}
