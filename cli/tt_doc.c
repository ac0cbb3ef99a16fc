#include "tt_doc.h"

#include <csv.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int na;
  char *s;  /* TT_COL_STR */
  long i;   /* TT_COL_INT */
  double v; /* TT_COL_REAL, TT_COL_SHARE */
} cell;

typedef struct {
  char *name;
  tt_col_kind kind;
  int decimals;
} column;

struct tt_table {
  tt_doc *doc;
  char *name, *title;
  unsigned flags;
  column *cols;
  size_t n_cols;
  cell *cells; /* n_rows * n_cols, row-major */
  size_t n_rows, cap_rows;
  char **notes;
  size_t n_notes;
};

struct tt_doc {
  char *command, *title;
  char **paras;
  size_t n_paras;
  char **meta; /* key, value pairs */
  size_t n_meta;
  tt_table **tables;
  size_t n_tables;
  int oom;
  int embedded;
  tt_table dead; /* absorbs calls after an allocation failure */
};

static int dead(const tt_table *t) { return t == &t->doc->dead; }

static char *vfmt(const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) return NULL;
  char *s = malloc((size_t)n + 1);
  if (s) vsnprintf(s, (size_t)n + 1, fmt, ap);
  return s;
}

/* Appends s to a string list; on failure frees s and flags the doc. */
static void push(tt_doc *d, char ***list, size_t *n, char *s) {
  char **p = s ? realloc(*list, (*n + 1) * sizeof *p) : NULL;
  if (!p) {
    free(s);
    d->oom = 1;
    return;
  }
  *list = p;
  p[(*n)++] = s;
}

tt_doc *tt_doc_alloc(const char *command, const char *title) {
  tt_doc *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->command = strdup(command);
  d->title = strdup(title ? title : command);
  d->dead.doc = d;
  if (!d->command || !d->title) {
    tt_doc_free(d);
    return NULL;
  }
  return d;
}

static void table_free(tt_table *t) {
  for (size_t r = 0; r < t->n_rows; r++)
    for (size_t c = 0; c < t->n_cols; c++) free(t->cells[r * t->n_cols + c].s);
  for (size_t c = 0; c < t->n_cols; c++) free(t->cols[c].name);
  for (size_t i = 0; i < t->n_notes; i++) free(t->notes[i]);
  free(t->notes);
  free(t->cells);
  free(t->cols);
  free(t->name);
  free(t->title);
  free(t);
}

void tt_doc_free(tt_doc *d) {
  if (!d) return;
  for (size_t i = 0; i < d->n_tables; i++) table_free(d->tables[i]);
  for (size_t i = 0; i < d->n_paras; i++) free(d->paras[i]);
  for (size_t i = 0; i < d->n_meta; i++) free(d->meta[i]);
  free(d->tables);
  free(d->paras);
  free(d->meta);
  free(d->command);
  free(d->title);
  free(d);
}

void tt_doc_set_embedded(tt_doc *d) { d->embedded = 1; }

void tt_doc_para(tt_doc *d, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  push(d, &d->paras, &d->n_paras, vfmt(fmt, ap));
  va_end(ap);
}

void tt_doc_meta(tt_doc *d, const char *key, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *v = vfmt(fmt, ap);
  va_end(ap);
  push(d, &d->meta, &d->n_meta, strdup(key));
  push(d, &d->meta, &d->n_meta, v);
  if (d->n_meta % 2) { /* key pushed, value lost: keep pairs aligned */
    free(d->meta[--d->n_meta]);
    d->oom = 1;
  }
}

tt_table *tt_doc_table(tt_doc *d, const char *name, const char *title,
                       unsigned flags) {
  tt_table *t = calloc(1, sizeof *t);
  tt_table **p = t ? realloc(d->tables, (d->n_tables + 1) * sizeof *p) : NULL;
  if (t) {
    t->name = strdup(name);
    t->title = strdup(title ? title : name);
  }
  if (!p || !t->name || !t->title) {
    if (t) table_free(t);
    d->oom = 1;
    return &d->dead;
  }
  t->doc = d;
  t->flags = flags ? flags : TT_TABLE_ALL;
  d->tables = p;
  p[d->n_tables++] = t;
  return t;
}

void tt_table_col(tt_table *t, const char *name, tt_col_kind kind,
                  int decimals) {
  if (dead(t)) return;
  if (t->n_rows) { /* columns must come first */
    t->doc->oom = 1;
    return;
  }
  column *c = realloc(t->cols, (t->n_cols + 1) * sizeof *c);
  char *n = strdup(name);
  if (!c || !n) {
    if (c) t->cols = c;
    free(n);
    t->doc->oom = 1;
    return;
  }
  t->cols = c;
  c[t->n_cols++] = (column){n, kind, decimals};
}

void tt_table_row(tt_table *t) {
  if (dead(t)) return;
  if (t->n_rows == t->cap_rows) {
    size_t cap = t->cap_rows ? t->cap_rows * 2 : 16;
    cell *c = realloc(t->cells, cap * (t->n_cols ? t->n_cols : 1) * sizeof *c);
    if (!c) {
      t->doc->oom = 1;
      return;
    }
    t->cells = c;
    t->cap_rows = cap;
  }
  for (size_t i = 0; i < t->n_cols; i++)
    t->cells[t->n_rows * t->n_cols + i] = (cell){1, NULL, 0, 0};
  t->n_rows++;
}

static cell *cur(tt_table *t, size_t col) {
  if (dead(t) || !t->n_rows || col >= t->n_cols) {
    if (!dead(t)) t->doc->oom = 1;
    return NULL;
  }
  return &t->cells[(t->n_rows - 1) * t->n_cols + col];
}

void tt_table_str(tt_table *t, size_t col, const char *s) {
  cell *c = cur(t, col);
  if (!c) return;
  free(c->s);
  c->s = s ? strdup(s) : NULL;
  c->na = s == NULL;
  if (s && !c->s) {
    c->na = 1;
    t->doc->oom = 1;
  }
}

void tt_table_strf(tt_table *t, size_t col, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = vfmt(fmt, ap);
  va_end(ap);
  tt_table_str(t, col, s ? s : "");
  if (!s && !dead(t)) t->doc->oom = 1;
  free(s);
}

void tt_table_int(tt_table *t, size_t col, long v) {
  cell *c = cur(t, col);
  if (!c) return;
  c->i = v;
  c->v = (double)v;
  c->na = 0;
}

void tt_table_real(tt_table *t, size_t col, double v) {
  cell *c = cur(t, col);
  if (!c) return;
  c->v = v;
  c->i = (long)v;
  c->na = !isfinite(v);
}

void tt_table_note(tt_table *t, const char *fmt, ...) {
  if (dead(t)) return;
  va_list ap;
  va_start(ap, fmt);
  push(t->doc, &t->notes, &t->n_notes, vfmt(fmt, ap));
  va_end(ap);
}

int tt_doc_hide(tt_doc *d, const char *name) {
  for (size_t i = 0; i < d->n_tables; i++)
    if (!strcmp(d->tables[i]->name, name)) {
      d->tables[i]->flags &= ~(unsigned)TT_TABLE_HUMAN;
      d->tables[i]->flags |= TT_TABLE_DATA;
      return 1;
    }
  return 0;
}

size_t tt_doc_n_tables(const tt_doc *d) { return d->n_tables; }
const tt_table *tt_doc_get(const tt_doc *d, size_t i) {
  return i < d->n_tables ? d->tables[i] : NULL;
}
const char *tt_table_name(const tt_table *t) { return t->name; }
const char *tt_table_title(const tt_table *t) { return t->title; }
size_t tt_table_n_rows(const tt_table *t) { return t->n_rows; }
unsigned tt_table_flags(const tt_table *t) { return t->flags; }

int tt_format_parse(const char *s) {
  if (!strcmp(s, "text")) return TT_FMT_TEXT;
  if (!strcmp(s, "md") || !strcmp(s, "markdown")) return TT_FMT_MD;
  if (!strcmp(s, "csv")) return TT_FMT_CSV;
  if (!strcmp(s, "json")) return TT_FMT_JSON;
  return -1;
}

size_t tt_utf8_width(const char *s) {
  size_t w = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80) w++;
  return w;
}

/* ---- rendering --------------------------------------------------------- */

/* Formats a cell for people (human = 1) or for data files. */
static char *cell_text(const column *c, const cell *x, int human) {
  char buf[64];
  if (x->na) return strdup(human ? "-" : "");
  switch (c->kind) {
    case TT_COL_STR:
      return strdup(x->s ? x->s : "");
    case TT_COL_INT:
      snprintf(buf, sizeof buf, "%ld", x->i);
      break;
    case TT_COL_REAL:
      if (human)
        snprintf(buf, sizeof buf, "%.*f", c->decimals, x->v);
      else
        snprintf(buf, sizeof buf, "%.10g", x->v);
      break;
    case TT_COL_SHARE:
      if (human)
        snprintf(buf, sizeof buf, "%.*f%%", c->decimals, 100.0 * x->v);
      else
        snprintf(buf, sizeof buf, "%.10g", x->v);
      break;
  }
  /* "-0.0" reads as a sign where there is none */
  if (human && buf[0] == '-' && strspn(buf + 1, "0.%") == strlen(buf + 1))
    memmove(buf, buf + 1, strlen(buf));
  return strdup(buf);
}

static int put_pad(FILE *out, const char *s, size_t width, int right) {
  size_t w = tt_utf8_width(s);
  size_t pad = width > w ? width - w : 0;
  if (right)
    for (size_t i = 0; i < pad; i++) fputc(' ', out);
  fputs(s, out);
  if (!right)
    for (size_t i = 0; i < pad; i++) fputc(' ', out);
  return 0;
}

static int write_human(const tt_table *t, FILE *out, int md) {
  size_t nc = t->n_cols, nr = t->n_rows;
  char **txt = calloc(nr * nc + 1, sizeof *txt);
  size_t *width = calloc(nc + 1, sizeof *width);
  int rc = 0;
  if (!txt || !width) {
    rc = -1;
    goto done;
  }
  for (size_t c = 0; c < nc; c++) width[c] = tt_utf8_width(t->cols[c].name);
  for (size_t r = 0; r < nr; r++)
    for (size_t c = 0; c < nc; c++) {
      char *s = cell_text(&t->cols[c], &t->cells[r * nc + c], 1);
      if (!s) {
        rc = -1;
        goto done;
      }
      txt[r * nc + c] = s;
      size_t w = tt_utf8_width(s);
      if (w > width[c]) width[c] = w;
    }
  if (md)
    fprintf(out, "### %s\n\n", t->title);
  else
    fprintf(out, "%s\n\n", t->title);
  const char *sep = md ? " | " : "  ";
  if (md) fputs("| ", out);
  for (size_t c = 0; c < nc; c++) {
    int right = t->cols[c].kind != TT_COL_STR;
    if (c) fputs(sep, out);
    put_pad(out, t->cols[c].name, c + 1 < nc || md || right ? width[c] : 0,
            right);
  }
  fputs(md ? " |\n| " : "\n", out);
  for (size_t c = 0; c < nc; c++) {
    if (c) fputs(sep, out);
    int right = t->cols[c].kind != TT_COL_STR;
    size_t w = width[c];
    if (md) {
      for (size_t i = 0; i + 1 < w; i++) fputc('-', out);
      fputc(right ? ':' : '-', out);
    } else {
      for (size_t i = 0; i < w; i++) fputc('-', out);
    }
  }
  fputs(md ? " |\n" : "\n", out);
  for (size_t r = 0; r < nr; r++) {
    if (md) fputs("| ", out);
    for (size_t c = 0; c < nc; c++) {
      int right = t->cols[c].kind != TT_COL_STR;
      if (c) fputs(sep, out);
      put_pad(out, txt[r * nc + c], c + 1 < nc || md || right ? width[c] : 0,
              right);
    }
    fputs(md ? " |\n" : "\n", out);
  }
  /* In Markdown each note is its own paragraph. */
  for (size_t i = 0; i < t->n_notes; i++)
    fprintf(out, md || i == 0 ? "\n%s\n" : "%s\n", t->notes[i]);
done:
  if (txt)
    for (size_t i = 0; i < nr * nc; i++) free(txt[i]);
  free(txt);
  free(width);
  return rc;
}

int tt_table_write_csv(const tt_table *t, FILE *out, tt_error *err) {
  for (size_t c = 0; c < t->n_cols; c++) {
    if (c) fputc(',', out);
    const char *n = t->cols[c].name;
    if (strpbrk(n, ",\"\r\n"))
      csv_fwrite(out, n, strlen(n));
    else
      fputs(n, out);
  }
  fputc('\n', out);
  for (size_t r = 0; r < t->n_rows; r++) {
    for (size_t c = 0; c < t->n_cols; c++) {
      if (c) fputc(',', out);
      const cell *x = &t->cells[r * t->n_cols + c];
      char *s = cell_text(&t->cols[c], x, 0);
      if (!s) return tt_error_set(err, TT_ENOMEM, "out of memory");
      /* Quote strings only when they need it, as R and pandas write. */
      if (t->cols[c].kind == TT_COL_STR && strpbrk(s, ",\"\r\n"))
        csv_fwrite(out, s, strlen(s));
      else
        fputs(s, out);
      free(s);
    }
    fputc('\n', out);
  }
  return TT_OK;
}

static json_t *table_json(const tt_table *t) {
  json_t *o = json_object(), *cols = json_array(), *rows = json_array(),
         *notes = json_array();
  if (!o || !cols || !rows || !notes) {
    json_decref(o);
    json_decref(cols);
    json_decref(rows);
    json_decref(notes);
    return NULL;
  }
  static const char *const kinds[] = {"string", "integer", "number",
                                      "proportion"};
  json_object_set_new(o, "name", json_string(t->name));
  json_object_set_new(o, "title", json_string(t->title));
  for (size_t c = 0; c < t->n_cols; c++)
    json_array_append_new(cols, json_pack("{s:s,s:s}", "name", t->cols[c].name,
                                          "type", kinds[t->cols[c].kind]));
  for (size_t r = 0; r < t->n_rows; r++) {
    json_t *row = json_object();
    for (size_t c = 0; c < t->n_cols; c++) {
      const cell *x = &t->cells[r * t->n_cols + c];
      json_t *v;
      if (x->na)
        v = json_null();
      else if (t->cols[c].kind == TT_COL_STR)
        v = json_string(x->s ? x->s : "");
      else if (t->cols[c].kind == TT_COL_INT)
        v = json_integer(x->i);
      else
        v = json_real(x->v);
      json_object_set_new(row, t->cols[c].name, v);
    }
    json_array_append_new(rows, row);
  }
  for (size_t i = 0; i < t->n_notes; i++)
    json_array_append_new(notes, json_string(t->notes[i]));
  json_object_set_new(o, "columns", cols);
  json_object_set_new(o, "rows", rows);
  json_object_set_new(o, "notes", notes);
  return o;
}

static int write_json(const tt_doc *d, FILE *out, const tt_table *only) {
  json_t *root = json_object(), *meta = json_object(), *about = json_array(),
         *tables = json_array();
  int rc = 0;
  if (!root || !meta || !about || !tables) {
    json_decref(meta);
    json_decref(about);
    json_decref(tables);
    rc = -1;
    goto done;
  }
  json_object_set_new(root, "command", json_string(d->command));
  json_object_set_new(root, "title", json_string(d->title));
  for (size_t i = 0; i + 1 < d->n_meta; i += 2)
    json_object_set_new(meta, d->meta[i], json_string(d->meta[i + 1]));
  for (size_t i = 0; i < d->n_paras; i++)
    json_array_append_new(about, json_string(d->paras[i]));
  json_object_set_new(root, "meta", meta);
  json_object_set_new(root, "about", about);
  for (size_t i = 0; i < d->n_tables; i++) {
    const tt_table *t = d->tables[i];
    if (only ? t != only : !(t->flags & TT_TABLE_DATA)) continue;
    json_t *tj = table_json(t);
    if (!tj) {
      rc = -1;
      break;
    }
    json_array_append_new(tables, tj);
  }
  json_object_set_new(root, "tables", tables);
  if (!rc &&
      json_dumpf(root, out,
                 JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)))
    rc = -1;
  if (!rc) fputc('\n', out);
done:
  json_decref(root);
  return rc;
}

static const tt_table *find_table(const tt_doc *d, const char *name) {
  for (size_t i = 0; i < d->n_tables; i++)
    if (!strcmp(d->tables[i]->name, name)) return d->tables[i];
  return NULL;
}

static int unknown_table(const tt_doc *d, const char *name, tt_error *err) {
  char list[1024];
  size_t used = 0;
  list[0] = '\0';
  for (size_t i = 0; i < d->n_tables && used < sizeof list; i++) {
    int n = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                     d->tables[i]->name);
    if (n < 0) break;
    used += (size_t)n;
  }
  return tt_error_set(err, TT_EINVAL,
                      "--table: '%s' is not a table of '%s' (tables: %s)",
                      name, d->command, list);
}

const tt_table *tt_doc_csv_default(const tt_doc *d) {
  for (size_t i = 0; i < d->n_tables; i++)
    if (d->tables[i]->flags & TT_TABLE_DATA) return d->tables[i];
  return NULL;
}

int tt_doc_write(const tt_doc *d, FILE *out, tt_format fmt, const char *only,
                 tt_error *err) {
  if (d->oom) return tt_error_set(err, TT_ENOMEM, "out of memory");
  const tt_table *sel = NULL;
  if (only && !(sel = find_table(d, only))) return unknown_table(d, only, err);
  switch (fmt) {
    case TT_FMT_CSV:
      if (!sel) sel = tt_doc_csv_default(d);
      if (!sel)
        return tt_error_set(err, TT_EINVAL, "'%s' has no table to write",
                            d->command);
      return tt_table_write_csv(sel, out, err);
    case TT_FMT_JSON:
      if (write_json(d, out, sel))
        return tt_error_set(err, TT_ENOMEM, "out of memory");
      return TT_OK;
    case TT_FMT_TEXT:
    case TT_FMT_MD: {
      int md = fmt == TT_FMT_MD;
      if (!sel) {
        if (md && !d->embedded) fprintf(out, "## %s\n\n", d->title);
        for (size_t i = 0; i < d->n_paras; i++)
          fprintf(out, md && i ? "\n%s\n" : "%s\n", d->paras[i]);
        if (d->n_paras) fputc('\n', out);
      }
      int first = 1;
      for (size_t i = 0; i < d->n_tables; i++) {
        const tt_table *t = d->tables[i];
        if (sel ? t != sel : !(t->flags & TT_TABLE_HUMAN)) continue;
        if (!first) fputc('\n', out);
        first = 0;
        if (write_human(t, out, md))
          return tt_error_set(err, TT_ENOMEM, "out of memory");
      }
      return TT_OK;
    }
  }
  return tt_error_set(err, TT_EINVAL, "unknown format");
}
