#include "tt_load.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_csv.h"

void tt_load_options_default(tt_load_options *o) {
  memset(o, 0, sizeof *o);
  o->layout = TT_LAYOUT_AUTO;
  o->year_lo = 1800;
  o->year_hi = 2200;
  o->max_entities = 10000000;
  tt_csv_limits_default(&o->csv);
}

/* ---- entity interning -------------------------------------------------
 * Open addressing with linear probing over entity indices; the key strings
 * live in the panel's names/codes arrays, so the table holds only a hash
 * and an index per slot (16 bytes). Rehashing never touches the strings. */

typedef struct {
  uint64_t hash;
  size_t idx; /* entity index + 1; 0 = empty slot */
} slot;

typedef struct {
  slot *slots;
  size_t cap; /* power of two */
  size_t n;
} intern;

static uint64_t hash_str(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a, 64-bit */
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ULL;
  }
  return h;
}

static int intern_grow(intern *t) {
  size_t cap = t->cap ? t->cap * 2 : 1024;
  slot *s = calloc(cap, sizeof *s);
  if (!s) return -1;
  for (size_t i = 0; i < t->cap; i++) {
    if (!t->slots[i].idx) continue;
    size_t j = t->slots[i].hash & (cap - 1);
    while (s[j].idx) j = (j + 1) & (cap - 1);
    s[j] = t->slots[i];
  }
  free(t->slots);
  t->slots = s;
  t->cap = cap;
  return 0;
}

/* ---- loader state ------------------------------------------------------ */

typedef struct {
  const char *path;
  const tt_scale *scale;
  tt_load_options o;
  tt_diag *diag;
  tt_panel *p;       /* being built: n_entities, names, codes, group used */
  size_t cap_e;      /* entity capacity of cells/names/codes/group        */
  int lo, hi;        /* allocated year range of cells (with slack)        */
  size_t span;       /* hi - lo + 1                                       */
  int seen_lo, seen_hi;
  int any_year;
  int *name_year;    /* year the stored name came from (latest wins)      */
  intern keys;
  size_t last_e;     /* entity of the previous row (SIZE_MAX: none)       */
  /* Raw tier spellings seen so far and their states: a file spells its
   * tiers a handful of ways, so most rows skip normalising. */
  struct {
    char text[24];
    size_t len;
    int state;
  } seen[16];
  size_t n_seen;

  /* header */
  int header_done;
  tt_layout layout;
  size_t n_cols;
  int c_entity, c_code, c_year, c_state, c_group;
  const char *h_state; /* header text of the state column, for messages */
  char *h_state_buf;
  int *wide_year;      /* per column: year, or INT_MIN when not a year  */
  size_t rows;
  size_t dup_same;
  char accepted[512];
} loader;

static const char *const names_entity[] = {"country", "entity", "name", NULL};
static const char *const names_code[] = {"iso3", "code", "id", NULL};
static const char *const names_year[] = {"year", "period", NULL};
static const char *const names_state[] = {"tier", "state", "rating", NULL};
static const char *const names_group[] = {"region", "group", NULL};

static int find_column(const tt_csv_row *row, const char *given,
                       const char *const *names) {
  if (given) {
    for (size_t i = 0; i < row->n; i++)
      if (tt_csv_name_eq(row->field[i], given)) return (int)i;
    return -2; /* named by the user but absent */
  }
  for (size_t k = 0; names[k]; k++)
    for (size_t i = 0; i < row->n; i++)
      if (tt_csv_name_eq(row->field[i], names[k])) return (int)i;
  return -1;
}

/* A label as it can be shown in a one-line message: control characters
 * escaped, long labels cut. */
static const char *shown(const char *s, char *buf, size_t size) {
  size_t k = 0;
  for (; *s && k + 5 < size; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '\n') buf[k++] = '\\', buf[k++] = 'n';
    else if (c == '\r') buf[k++] = '\\', buf[k++] = 'r';
    else if (c == '\t') buf[k++] = '\\', buf[k++] = 't';
    else if (c < 0x20 || c == 0x7F) buf[k++] = '?';
    else buf[k++] = (char)c;
  }
  if (*s) buf[k++] = '.', buf[k++] = '.', buf[k++] = '.';
  buf[k] = '\0';
  return buf;
}

/* Names, codes and groups end up in tables and charts: no control
 * characters (an embedded newline is almost always a broken export). */
static int check_text(const loader *L, const char *s, const char *what,
                      size_t line, tt_error *err) {
  for (const unsigned char *u = (const unsigned char *)s; *u; u++)
    if (*u < 0x20 || *u == 0x7F) {
      char b[96];
      return tt_error_set(err, TT_EDATA,
                          "%s:%zu: %s '%s' contains a control character (a "
                          "line break inside a quoted field?)",
                          L->path, line, what, shown(s, b, sizeof b));
    }
  return TT_OK;
}

/* Parses a whole year; 1 on success. Plain digits, the usual case, skip
 * strtol. */
static int parse_year(const char *s, int *year) {
  if (s[0] >= '0' && s[0] <= '9') {
    int v = 0, k = 0;
    while (k < 6 && s[k] >= '0' && s[k] <= '9') v = v * 10 + (s[k++] - '0');
    if (s[k] == '\0') {
      *year = v;
      return 1;
    }
  }
  while (isspace((unsigned char)*s)) s++;
  if (!isdigit((unsigned char)*s) && *s != '-' && *s != '+') return 0;
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  while (isspace((unsigned char)*end)) end++;
  if (errno || *end || end == s || v < INT_MIN / 2 || v > INT_MAX / 2)
    return 0;
  *year = (int)v;
  return 1;
}

static char *header_list(const tt_csv_row *row, char *buf, size_t size) {
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < row->n && used + 1 < size; i++) {
    int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
                     row->field[i]);
    if (n < 0) break;
    used += (size_t)n;
  }
  if (used >= size && size > 4) strcpy(buf + size - 4, "...");
  return buf;
}

static int missing_column(loader *L, const tt_csv_row *row, const char *what,
                          const char *given, const char *const *names,
                          tt_error *err) {
  char found[400], looked[200] = "";
  size_t used = 0;
  if (given) {
    snprintf(looked, sizeof looked, "'%s'", given);
  } else {
    for (size_t k = 0; names[k]; k++) {
      int n = snprintf(looked + used, sizeof looked - used, "%s%s",
                       k ? ", " : "", names[k]);
      if (n < 0 || (size_t)n >= sizeof looked - used) break;
      used += (size_t)n;
    }
  }
  return tt_error_set(err, TT_EDATA,
                      "%s:%zu: missing required %s column (looked for: %s; "
                      "the header has: %s)",
                      L->path, row->line, what, looked,
                      header_list(row, found, sizeof found));
}

static int do_header(loader *L, const tt_csv_row *row, tt_error *err) {
  L->n_cols = row->n;
  L->c_entity = find_column(row, L->o.col_entity, names_entity);
  L->c_code = find_column(row, L->o.col_code, names_code);
  L->c_year = find_column(row, L->o.col_year, names_year);
  L->c_state = find_column(row, L->o.col_state, names_state);
  L->c_group = find_column(row, L->o.col_group, names_group);

  if (L->c_entity == -2)
    return missing_column(L, row, "entity", L->o.col_entity, NULL, err);
  if (L->c_code == -2)
    return missing_column(L, row, "code", L->o.col_code, NULL, err);
  if (L->c_group == -2)
    return missing_column(L, row, "group", L->o.col_group, NULL, err);
  if (L->c_entity < 0 && L->c_code < 0)
    return missing_column(L, row, "entity", NULL, names_entity, err);

  tt_layout layout = L->o.layout;
  size_t n_year_cols = 0;
  L->wide_year = malloc(row->n * sizeof *L->wide_year);
  if (!L->wide_year) return tt_error_set(err, TT_ENOMEM, "out of memory");
  for (size_t i = 0; i < row->n; i++) {
    int y;
    L->wide_year[i] = INT_MIN;
    if ((int)i == L->c_entity || (int)i == L->c_code ||
        (int)i == L->c_group)
      continue;
    if (parse_year(row->field[i], &y)) {
      L->wide_year[i] = y;
      n_year_cols++;
    }
  }
  if (layout == TT_LAYOUT_AUTO)
    layout = (L->c_year < 0 && n_year_cols > 0) ? TT_LAYOUT_WIDE
                                                : TT_LAYOUT_LONG;
  L->layout = layout;

  if (layout == TT_LAYOUT_LONG) {
    if (L->c_year < 0)
      return missing_column(L, row, "year", L->o.col_year, names_year, err);
    if (L->c_state < 0)
      return missing_column(L, row, "tier", L->o.col_state, names_state,
                            err);
    L->h_state_buf = strdup(row->field[L->c_state]);
    if (!L->h_state_buf)
      return tt_error_set(err, TT_ENOMEM, "out of memory");
    L->h_state = L->h_state_buf;
  } else {
    if (n_year_cols == 0)
      return tt_error_set(err, TT_EDATA,
                          "%s:%zu: wide layout but no column header is a "
                          "year (expected headers like 2001, 2002, ...)",
                          L->path, row->line);
    for (size_t i = 0; i < row->n; i++) {
      int y = L->wide_year[i];
      if (y == INT_MIN) continue;
      if (y < L->o.year_lo || y > L->o.year_hi)
        return tt_error_set(err, TT_EDATA,
                            "%s:%zu: column %zu: year %d is outside the "
                            "accepted range %d-%d",
                            L->path, row->line, i + 1, y, L->o.year_lo,
                            L->o.year_hi);
      for (size_t j = 0; j < i; j++)
        if (L->wide_year[j] == y)
          return tt_error_set(err, TT_EDATA,
                              "%s:%zu: year %d heads two columns (%zu and "
                              "%zu)",
                              L->path, row->line, y, j + 1, i + 1);
    }
  }
  tt_scale_describe(L->scale, L->accepted, sizeof L->accepted);
  L->header_done = 1;
  return TT_OK;
}

/* Makes room for year y in every entity's row, with slack so that years
 * arriving one by one cost O(log span) relayouts, not O(span). */
static int ensure_year(loader *L, int y, tt_error *err) {
  if (L->any_year && y >= L->lo && y <= L->hi) {
    if (y < L->seen_lo) L->seen_lo = y;
    if (y > L->seen_hi) L->seen_hi = y;
    return TT_OK;
  }
  int seen_lo = L->any_year ? (y < L->seen_lo ? y : L->seen_lo) : y;
  int seen_hi = L->any_year ? (y > L->seen_hi ? y : L->seen_hi) : y;
  long need = (long)seen_hi - seen_lo + 1;
  long slack = need < 8 ? 8 : need;
  long lo = y, hi = (long)y + slack;
  if (L->any_year) {
    lo = y < L->lo ? (long)seen_lo - slack : L->lo;
    hi = y > L->hi ? (long)seen_hi + slack : L->hi;
  }
  if (lo < L->o.year_lo) lo = L->o.year_lo;
  if (hi > L->o.year_hi) hi = L->o.year_hi;
  size_t span = (size_t)(hi - lo) + 1;
  uint8_t *cells = calloc(L->cap_e ? L->cap_e * span : 1, 1);
  if (!cells) return tt_error_set(err, TT_ENOMEM, "out of memory");
  if (L->any_year) {
    size_t shift = (size_t)(L->lo - lo);
    for (size_t e = 0; e < L->p->n_entities; e++)
      memcpy(cells + e * span + shift, L->p->cells + e * L->span, L->span);
  }
  free(L->p->cells);
  L->p->cells = cells;
  L->lo = (int)lo;
  L->hi = (int)hi;
  L->span = span;
  L->seen_lo = seen_lo;
  L->seen_hi = seen_hi;
  L->any_year = 1;
  return TT_OK;
}

static int grow_entities(loader *L, tt_error *err) {
  size_t cap = L->cap_e ? L->cap_e * 2 : 256;
  tt_panel *p = L->p;
  char **names = realloc(p->names, cap * sizeof *names);
  if (names) p->names = names;
  char **codes = realloc(p->codes, cap * sizeof *codes);
  if (codes) p->codes = codes;
  int *group = realloc(p->group, cap * sizeof *group);
  if (group) p->group = group;
  int *ny = realloc(L->name_year, cap * sizeof *ny);
  if (ny) L->name_year = ny;
  uint8_t *cells = L->span ? realloc(p->cells, cap * L->span) : NULL;
  if (cells) p->cells = cells;
  if (!names || !codes || !group || !ny || (L->span && !cells))
    return tt_error_set(err, TT_ENOMEM, "out of memory");
  if (L->span)
    memset(p->cells + L->cap_e * L->span, 0, (cap - L->cap_e) * L->span);
  L->cap_e = cap;
  return TT_OK;
}

/* The entity keyed by code (when the file has codes) or name; created on
 * first sight. Returns the index or -1 after setting err. */
static long entity_of(loader *L, const char *name, const char *code,
                      int year, size_t line, tt_error *err) {
  tt_panel *p = L->p;
  const char *key = L->c_code >= 0 ? code : name;
  size_t klen = strlen(key);
  if (klen == 0) {
    tt_error_set(err, TT_EDATA, "%s:%zu: empty %s", L->path, line,
                 L->c_code >= 0 ? "entity code" : "entity name");
    return -1;
  }
  if (check_text(L, name, "name", line, err) ||
      check_text(L, code, "code", line, err))
    return -1;
  size_t e;
  uint64_t h = 0;
  /* Rows come sorted by entity in most files: the previous row's entity
   * is the first guess, before hashing. */
  if (L->last_e < p->n_entities &&
      strcmp(L->c_code >= 0 ? p->codes[L->last_e] : p->names[L->last_e],
             key) == 0) {
    e = L->last_e;
    goto found;
  }
  h = hash_str(key, klen);
  if (L->keys.cap) {
    size_t j = h & (L->keys.cap - 1);
    while (L->keys.slots[j].idx) {
      e = L->keys.slots[j].idx - 1;
      const char *k2 = L->c_code >= 0 ? p->codes[e] : p->names[e];
      if (L->keys.slots[j].hash == h && strcmp(k2, key) == 0) goto found;
      j = (j + 1) & (L->keys.cap - 1);
    }
  }
  if (p->n_entities >= L->o.max_entities) {
    tt_error_set(err, TT_EDATA,
                 "%s:%zu: more than %zu distinct entities (the limit; raise "
                 "it with --max-entities)",
                 L->path, line, L->o.max_entities);
    return -1;
  }
  if ((L->keys.n + 1) * 2 > L->keys.cap && intern_grow(&L->keys)) {
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return -1;
  }
  if (p->n_entities == L->cap_e && grow_entities(L, err)) return -1;
  e = p->n_entities;
  p->names[e] = strdup(*name ? name : code);
  p->codes[e] = L->c_code >= 0 ? strdup(code) : NULL;
  p->group[e] = TT_GROUP_NONE;
  L->name_year[e] = year;
  if (!p->names[e] || (L->c_code >= 0 && !p->codes[e])) {
    free(p->names[e]);
    free(p->codes[e]);
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return -1;
  }
  p->n_entities++;
  size_t j = h & (L->keys.cap - 1);
  while (L->keys.slots[j].idx) j = (j + 1) & (L->keys.cap - 1);
  L->keys.slots[j].hash = h;
  L->keys.slots[j].idx = e + 1;
  L->keys.n++;
  L->last_e = e;
  return (long)e;
found:
  /* Renamed entities (Swaziland -> Eswatini): latest name wins. */
  if (L->c_entity >= 0 && *name && year > L->name_year[e] &&
      strcmp(p->names[e], name) != 0) {
    char *nn = strdup(name);
    if (!nn) {
      tt_error_set(err, TT_ENOMEM, "out of memory");
      return -1;
    }
    free(p->names[e]);
    p->names[e] = nn;
    L->name_year[e] = year;
  }
  L->last_e = e;
  return (long)e;
}

static int set_group(loader *L, size_t e, const char *g, size_t line,
                     tt_error *err) {
  while (isspace((unsigned char)*g)) g++;
  if (!*g) return TT_OK;
  tt_panel *p = L->p;
  /* The common case: the entity's group again. */
  if (p->group[e] != TT_GROUP_NONE && !strcmp(p->group_names[p->group[e]], g))
    return TT_OK;
  if (check_text(L, g, "group", line, err)) return err->code;
  int gi = tt_panel_find_group(p, g);
  if (gi < 0 && (gi = tt_panel_add_group(p, g)) < 0)
    return tt_error_set(err, TT_ENOMEM, "out of memory");
  if (p->group[e] == TT_GROUP_NONE) {
    p->group[e] = gi;
  } else if (p->group[e] != gi) {
    tt_diag_add(L->diag,
                "%s:%zu: %s is in group '%s' here but '%s' earlier; keeping "
                "'%s'",
                L->path, line, p->names[e], g, p->group_names[p->group[e]],
                p->group_names[p->group[e]]);
  }
  return TT_OK;
}

static int put_cell(loader *L, size_t e, int year, const char *label,
                    size_t len, const char *column, size_t line,
                    tt_error *err) {
  int st = TT_STATE_UNKNOWN - 1;
  for (size_t i = 0; i < L->n_seen; i++)
    if (L->seen[i].len == len && memcmp(L->seen[i].text, label, len) == 0) {
      st = L->seen[i].state;
      break;
    }
  if (st == TT_STATE_UNKNOWN - 1) {
    st = tt_scale_lookup(L->scale, label, len);
    if (st != TT_STATE_UNKNOWN && len < sizeof L->seen[0].text &&
        L->n_seen < sizeof L->seen / sizeof *L->seen) {
      memcpy(L->seen[L->n_seen].text, label, len);
      L->seen[L->n_seen].len = len;
      L->seen[L->n_seen++].state = st;
    }
  }
  char b[96];
  if (st == TT_STATE_UNKNOWN)
    return tt_error_set(err, TT_EDATA,
                        "%s:%zu: column '%s': unknown %s '%s'; accepted: %s; "
                        "empty, NA, N/A or - for not in the report",
                        L->path, line, column,
                        tt_scale_is_tip(L->scale)
                            ? "tier"
                            : "state",
                        shown(label, b, sizeof b), L->accepted);
  if (ensure_year(L, year, err)) return err->code;
  uint8_t *cell = L->p->cells + e * L->span + (size_t)(year - L->lo);
  if (st == TT_STATE_ABSENT) return TT_OK;
  if (*cell && *cell != st)
    return tt_error_set(err, TT_EDATA,
                        "%s:%zu: %s %d is given twice with different states "
                        "('%s' here, '%s' in an earlier row)",
                        L->path, line, L->p->names[e], year,
                        L->scale->states[st].code,
                        L->scale->states[*cell].code);
  if (*cell == st) {
    if (L->dup_same++ < 20)
      tt_diag_add(L->diag, "%s:%zu: %s %d repeats an earlier row (same %s)",
                  L->path, line, L->p->names[e], year,
                  L->scale->states[st].code);
    return TT_OK;
  }
  *cell = (uint8_t)st;
  return TT_OK;
}

static const char *field_or_empty(const tt_csv_row *row, int c) {
  return c >= 0 && (size_t)c < row->n ? row->field[c] : "";
}

static int on_row(const tt_csv_row *row, void *ctx, tt_error *err) {
  loader *L = ctx;
  if (!L->header_done) return do_header(L, row, err);
  L->rows++;
  if (row->n != L->n_cols)
    return tt_error_set(err, TT_EDATA,
                        "%s:%zu: row has %zu fields but the header has %zu "
                        "(a stray comma or quote?)",
                        L->path, row->line, row->n, L->n_cols);
  const char *name = field_or_empty(row, L->c_entity);
  const char *code = field_or_empty(row, L->c_code);
  if (L->layout == TT_LAYOUT_LONG) {
    int year;
    const char *ys = row->field[L->c_year];
    if (!parse_year(ys, &year)) {
      char b[96];
      return tt_error_set(err, TT_EDATA,
                          "%s:%zu: column '%s': '%s' is not a whole year "
                          "(expected e.g. 2007)",
                          L->path, row->line, "year", shown(ys, b, sizeof b));
    }
    if (year < L->o.year_lo || year > L->o.year_hi)
      return tt_error_set(err, TT_EDATA,
                          "%s:%zu: column 'year': %d is outside the accepted "
                          "range %d-%d",
                          L->path, row->line, year, L->o.year_lo,
                          L->o.year_hi);
    long e = entity_of(L, name, code, year, row->line, err);
    if (e < 0) return err->code;
    if (L->c_group >= 0 &&
        set_group(L, (size_t)e, row->field[L->c_group], row->line, err))
      return err->code;
    return put_cell(L, (size_t)e, year, row->field[L->c_state],
                    row->len[L->c_state], L->h_state, row->line, err);
  }
  long e = entity_of(L, name, code, INT_MIN, row->line, err);
  if (e < 0) return err->code;
  if (L->c_group >= 0 &&
      set_group(L, (size_t)e, row->field[L->c_group], row->line, err))
    return err->code;
  for (size_t i = 0; i < row->n; i++) {
    if (L->wide_year[i] == INT_MIN) continue;
    char col[16];
    snprintf(col, sizeof col, "%d", L->wide_year[i]);
    int rc = put_cell(L, (size_t)e, L->wide_year[i], row->field[i],
                      row->len[i], col, row->line, err);
    if (rc) return rc;
  }
  return TT_OK;
}

/* Trims the slack years and the spare entity capacity; drops entities
 * with no present cell (warning). */
static int finish(loader *L, tt_error *err) {
  tt_panel *p = L->p;
  if (L->rows == 0)
    return tt_error_set(err, TT_EDATA,
                        "%s: the header is there but no data rows follow",
                        L->path);
  if (!L->any_year)
    return tt_error_set(err, TT_EDATA, "%s: no year found in any row",
                        L->path);
  /* Trim to the years that hold at least one present cell. */
  int lo = L->seen_hi, hi = L->seen_lo, any = 0;
  for (size_t e = 0; e < p->n_entities; e++) {
    const uint8_t *row = p->cells + e * L->span;
    for (int y = L->seen_lo; y <= L->seen_hi; y++)
      if (row[y - L->lo]) {
        if (y < lo) lo = y;
        if (y > hi) hi = y;
        any = 1;
      }
  }
  if (!any)
    return tt_error_set(err, TT_EDATA,
                        "%s: no row gives a state (every cell is empty or "
                        "NA)",
                        L->path);
  size_t span = (size_t)(hi - lo) + 1, kept = 0;
  uint8_t *cells = malloc(p->n_entities * span);
  if (!cells) return tt_error_set(err, TT_ENOMEM, "out of memory");
  for (size_t e = 0; e < p->n_entities; e++) {
    const uint8_t *src = p->cells + e * L->span + (size_t)(lo - L->lo);
    size_t k = 0;
    while (k < span && !src[k]) k++;
    if (k == span) {
      tt_diag_add(L->diag, "%s: %s has no state in any year; left out",
                  L->path, p->names[e]);
      free(p->names[e]);
      free(p->codes[e]);
      continue;
    }
    memcpy(cells + kept * span, src, span);
    p->names[kept] = p->names[e];
    p->codes[kept] = p->codes[e];
    p->group[kept] = p->group[e];
    kept++;
  }
  free(p->cells);
  p->cells = cells;
  p->n_entities = kept;
  p->year_min = lo;
  p->year_max = hi;
  p->n_years = span;
  if (L->dup_same > 20)
    tt_diag_add(L->diag, "%s: %zu repeated rows in all (first 20 listed)",
                L->path, L->dup_same);
  if (tt_panel_sort(p)) return tt_error_set(err, TT_ENOMEM, "out of memory");
  return TT_OK;
}

static tt_panel *load(const char *name, const char *buf, size_t size,
                      int from_file, const tt_scale *scale,
                      const tt_load_options *o, tt_diag *diag,
                      tt_error *err) {
  loader L;
  memset(&L, 0, sizeof L);
  L.last_e = SIZE_MAX;
  L.path = name;
  L.scale = scale;
  L.diag = diag;
  if (o)
    L.o = *o;
  else
    tt_load_options_default(&L.o);
  L.p = calloc(1, sizeof *L.p);
  if (!L.p) {
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  L.p->scale = scale;
  int rc = from_file ? tt_csv_read(name, &L.o.csv, on_row, &L, err)
                     : tt_csv_read_buffer(name, buf, size, &L.o.csv, on_row,
                                          &L, err);
  if (!rc) rc = finish(&L, err);
  if (!rc && !(L.p->source = strdup(name)))
    rc = tt_error_set(err, TT_ENOMEM, "out of memory");
  free(L.keys.slots);
  free(L.wide_year);
  free(L.h_state_buf);
  free(L.name_year);
  if (rc) {
    tt_panel_free(L.p);
    return NULL;
  }
  return L.p;
}

tt_panel *tt_panel_load_csv(const char *path, const tt_scale *scale,
                            const tt_load_options *o, tt_diag *diag,
                            tt_error *err) {
  return load(path, NULL, 0, 1, scale, o, diag, err);
}

tt_panel *tt_panel_load_buffer(const char *name, const char *buf, size_t size,
                               const tt_scale *scale,
                               const tt_load_options *o, tt_diag *diag,
                               tt_error *err) {
  return load(name, buf, size, 0, scale, o, diag, err);
}

/* ---- groups files ------------------------------------------------------ */

typedef struct {
  tt_panel *p;
  const char *path;
  tt_diag *diag;
  int c_key, c_name, c_group;
  int header_done;
  size_t n_cols;
  int *assigned; /* line that assigned each entity, 0 = none */
  size_t unknown;
} groups_ctx;

static int groups_row(const tt_csv_row *row, void *vctx, tt_error *err) {
  groups_ctx *g = vctx;
  if (!g->header_done) {
    g->c_key = find_column(row, NULL, names_code);
    g->c_name = find_column(row, NULL, names_entity);
    g->c_group = find_column(row, NULL, names_group);
    if (g->c_key < 0 && g->c_name < 0) {
      char found[400];
      return tt_error_set(err, TT_EDATA,
                          "%s:%zu: missing entity column (looked for: iso3, "
                          "code, id, country, entity, name; the header has: "
                          "%s)",
                          g->path, row->line,
                          header_list(row, found, sizeof found));
    }
    if (g->c_group < 0) {
      char found[400];
      return tt_error_set(err, TT_EDATA,
                          "%s:%zu: missing group column (looked for: region, "
                          "group; the header has: %s)",
                          g->path, row->line,
                          header_list(row, found, sizeof found));
    }
    g->n_cols = row->n;
    g->header_done = 1;
    return TT_OK;
  }
  if (row->n != g->n_cols)
    return tt_error_set(err, TT_EDATA,
                        "%s:%zu: row has %zu fields but the header has %zu",
                        g->path, row->line, row->n, g->n_cols);
  const char *grp = row->field[g->c_group];
  long e = -1;
  const char *who = "";
  if (g->c_key >= 0 && row->len[g->c_key]) {
    who = row->field[g->c_key];
    for (size_t i = 0; i < g->p->n_entities && e < 0; i++)
      if (g->p->codes[i] && strcasecmp(g->p->codes[i], who) == 0)
        e = (long)i;
  }
  if (e < 0 && g->c_name >= 0 && row->len[g->c_name]) {
    who = row->field[g->c_name];
    size_t nm;
    e = tt_panel_find(g->p, who, &nm);
    if (e >= 0 && strcasecmp(g->p->names[e], who) != 0 &&
        !(g->p->codes[e] && strcasecmp(g->p->codes[e], who) == 0))
      e = -1; /* a prefix match is too loose for a mapping file */
  }
  if (!*who)
    return tt_error_set(err, TT_EDATA, "%s:%zu: empty entity", g->path,
                        row->line);
  if (e < 0) {
    if (g->unknown++ < 20)
      tt_diag_add(g->diag, "%s:%zu: '%s' is not in the data; row ignored",
                  g->path, row->line, who);
    return TT_OK;
  }
  while (isspace((unsigned char)*grp)) grp++;
  if (!*grp)
    return tt_error_set(err, TT_EDATA, "%s:%zu: empty group for '%s'",
                        g->path, row->line, who);
  if (g->assigned[e]) {
    if (strcasecmp(g->p->group_names[g->p->group[e]], grp) != 0)
      return tt_error_set(err, TT_EDATA,
                          "%s:%zu: '%s' is put in group '%s' here and in "
                          "'%s' at line %d",
                          g->path, row->line, who, grp,
                          g->p->group_names[g->p->group[e]], g->assigned[e]);
    return TT_OK;
  }
  int gi = tt_panel_add_group(g->p, grp);
  if (gi < 0) return tt_error_set(err, TT_ENOMEM, "out of memory");
  g->p->group[e] = gi;
  g->assigned[e] = (int)row->line;
  return TT_OK;
}

static int load_groups(tt_panel *p, const char *path, const char *buf,
                       size_t size, const tt_load_options *o, tt_diag *diag,
                       tt_error *err) {
  /* Build into a scratch copy of the group fields so that a rejected file
   * leaves the panel as it was. */
  int *old_group = p->group;
  char **old_names = p->group_names;
  size_t old_n = p->n_groups;
  int *grp = malloc((p->n_entities ? p->n_entities : 1) * sizeof *grp);
  int *assigned = calloc(p->n_entities ? p->n_entities : 1, sizeof *assigned);
  if (!grp || !assigned) {
    free(grp);
    free(assigned);
    return tt_error_set(err, TT_ENOMEM, "out of memory");
  }
  for (size_t e = 0; e < p->n_entities; e++) grp[e] = TT_GROUP_NONE;
  p->group = grp;
  p->group_names = NULL;
  p->n_groups = 0;
  groups_ctx g = {p, path, diag, -1, -1, -1, 0, 0, assigned, 0};
  tt_load_options def;
  if (!o) {
    tt_load_options_default(&def);
    o = &def;
  }
  int rc = buf ? tt_csv_read_buffer(path, buf, size, &o->csv, groups_row, &g,
                                    err)
               : tt_csv_read(path, &o->csv, groups_row, &g, err);
  if (!rc && g.unknown > 20)
    tt_diag_add(diag, "%s: %zu rows name entities not in the data", path,
                g.unknown);
  free(assigned);
  if (rc) {
    for (size_t i = 0; i < p->n_groups; i++) free(p->group_names[i]);
    free(p->group_names);
    free(p->group);
    p->group = old_group;
    p->group_names = old_names;
    p->n_groups = old_n;
    return rc;
  }
  for (size_t i = 0; i < old_n; i++) free(old_names[i]);
  free(old_names);
  free(old_group);
  if (tt_panel_sort(p)) return tt_error_set(err, TT_ENOMEM, "out of memory");
  return TT_OK;
}

int tt_panel_load_groups(tt_panel *p, const char *path,
                         const tt_load_options *o, tt_diag *diag,
                         tt_error *err) {
  return load_groups(p, path, NULL, 0, o, diag, err);
}

int tt_panel_load_groups_buffer(tt_panel *p, const char *name, const char *buf,
                                size_t size, const tt_load_options *o,
                                tt_diag *diag, tt_error *err) {
  return load_groups(p, name, buf ? buf : "", size, o, diag, err);
}
