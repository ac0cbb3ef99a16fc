#include "tt_scale.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt_csv.h"

size_t tt_scale_normalise(const char *label, size_t len, char *out) {
  size_t k = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)label[i];
    /* Spaces and tabs only: a line break inside a label is a broken
     * export, and should not quietly match. */
    if (c == ' ' || c == '\t') continue;
    out[k++] = (char)tolower(c);
  }
  out[k] = '\0';
  return k;
}

static int add_alias(tt_state *st, const char *a, size_t len) {
  char *norm = malloc(len + 1);
  if (!norm) return -1;
  if (tt_scale_normalise(a, len, norm) == 0) {
    free(norm);
    return 0;
  }
  for (size_t i = 0; i < st->n_aliases; i++)
    if (strcmp(st->aliases[i], norm) == 0) {
      free(norm);
      return 0;
    }
  char **p = realloc(st->aliases, (st->n_aliases + 1) * sizeof *p);
  if (!p) {
    free(norm);
    return -1;
  }
  st->aliases = p;
  st->aliases[st->n_aliases++] = norm;
  return 0;
}

static void state_clear(tt_state *st) {
  free(st->code);
  free(st->label);
  for (size_t i = 0; i < st->n_aliases; i++) free(st->aliases[i]);
  free(st->aliases);
  memset(st, 0, sizeof *st);
}

void tt_scale_free(tt_scale *s) {
  if (!s) return;
  for (size_t k = 1; k <= s->n; k++) state_clear(&s->states[k]);
  for (size_t w = 0; w < TT_N_WORDS; w++) free(s->words[w]);
  free(s->name);
  free(s);
}

static const char *const generic_words[TT_N_WORDS] = {
    "entity", "entities", "state", "states", "code", "group", "groups", ""};

const char *tt_scale_word_get(const tt_scale *s, tt_scale_word w) {
  if ((unsigned)w >= TT_N_WORDS) return "";
  return s && s->words[w] ? s->words[w] : generic_words[w];
}

int tt_scale_word_set(tt_scale *s, tt_scale_word w, const char *text) {
  if ((unsigned)w >= TT_N_WORDS) return -1;
  char *copy = NULL;
  if (text && !(copy = strdup(text))) return -1;
  free(s->words[w]);
  s->words[w] = copy;
  return 0;
}

/* Adds a state with its code and label as aliases, then the extra ones. */
static int add_state(tt_scale *s, const char *code, const char *label,
                     double value, int ranked, const char *const *extra,
                     size_t n_extra) {
  if (s->n >= TT_SCALE_MAX_STATES) return -1;
  tt_state *st = &s->states[++s->n];
  st->code = strdup(code);
  st->label = strdup(label);
  st->value = ranked ? value : NAN;
  st->ranked = ranked;
  if (!st->code || !st->label) return -1;
  if (add_alias(st, code, strlen(code)) || add_alias(st, label, strlen(label)))
    return -1;
  for (size_t i = 0; i < n_extra; i++)
    if (add_alias(st, extra[i], strlen(extra[i]))) return -1;
  return 0;
}

tt_scale *tt_scale_alloc_tip(void) {
  tt_scale *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  static const char *const a1[] = {"T1", "Tier1", "Tier I"};
  static const char *const a2[] = {"T2", "Tier II"};
  static const char *const awl[] = {"Tier 2WL", "T2WL", "Watch List",
                                    "Watchlist", "WL", "Tier 2 WL",
                                    "Tier II Watch List", "2.5"};
  static const char *const a3[] = {"T3", "Tier III"};
  static const char *const asc[] = {"Special"};
  s->name = strdup(TT_SCALE_TIP_NAME);
  if (!s->name || add_state(s, "1", "Tier 1", 1.0, 1, a1, 3) ||
      add_state(s, "2", "Tier 2", 2.0, 1, a2, 2) ||
      add_state(s, "2WL", "Tier 2 Watch List", 2.5, 1, awl, 8) ||
      add_state(s, "3", "Tier 3", 3.0, 1, a3, 2) ||
      add_state(s, "SC", "Special Case", 0.0, 0, asc, 1)) {
    tt_scale_free(s);
    return NULL;
  }
  s->watch = 3;  /* Tier 2 Watch List: 22 U.S.C. 7107(b)(2)(D) */
  s->bottom = 4; /* Tier 3 */
  static const char *const words[TT_N_WORDS] = {
      "country", "countries", "tier", "tiers", "iso3", "region", "regions",
      "US State Department, Trafficking in Persons Reports"};
  for (size_t w = 0; w < TT_N_WORDS; w++)
    if (tt_scale_word_set(s, (tt_scale_word)w, words[w])) {
      tt_scale_free(s);
      return NULL;
    }
  return s;
}

int tt_scale_is_tip(const tt_scale *s) {
  return s && s->name && strcmp(s->name, TT_SCALE_TIP_NAME) == 0;
}

static int is_absent(const char *label, size_t len) {
  while (len && isspace((unsigned char)*label)) label++, len--;
  while (len && isspace((unsigned char)label[len - 1])) len--;
  if (len == 0) return 1;
  if (len == 1 && label[0] == '-') return 1;
  if (len == 2 && strncasecmp(label, "NA", 2) == 0) return 1;
  if (len == 3 && strncasecmp(label, "N/A", 3) == 0) return 1;
  return 0;
}

int tt_scale_lookup(const tt_scale *s, const char *label, size_t len) {
  if (is_absent(label, len)) return TT_STATE_ABSENT;
  char small[64];
  char *norm = len < sizeof small ? small : malloc(len + 1);
  if (!norm) return TT_STATE_UNKNOWN;
  tt_scale_normalise(label, len, norm);
  int found = TT_STATE_UNKNOWN;
  for (size_t k = 1; k <= s->n && found < 0; k++)
    for (size_t i = 0; i < s->states[k].n_aliases; i++)
      if (strcmp(s->states[k].aliases[i], norm) == 0) {
        found = (int)k;
        break;
      }
  if (norm != small) free(norm);
  return found;
}

char *tt_scale_describe(const tt_scale *s, char *buf, size_t size) {
  size_t used = 0;
  buf[0] = '\0';
  for (size_t k = 1; k <= s->n && used < size; k++) {
    int n = snprintf(buf + used, size - used, "%s%s (%s)", k > 1 ? ", " : "",
                     s->states[k].code, s->states[k].label);
    if (n < 0) break;
    used += (size_t)n;
  }
  return buf;
}

size_t tt_scale_n_ranked(const tt_scale *s) {
  size_t n = 0;
  for (size_t k = 1; k <= s->n; k++) n += s->states[k].ranked != 0;
  return n;
}

/* ---- user scales from CSV ---------------------------------------------- */

typedef struct {
  tt_scale *s;
  const char *path;
  int col_code, col_label, col_value, col_aliases;
} scale_ctx;

static int find_col(const tt_csv_row *row, const char *name) {
  for (size_t i = 0; i < row->n; i++)
    if (tt_csv_name_eq(row->field[i], name)) return (int)i;
  return -1;
}

static int scale_row(const tt_csv_row *row, void *vctx, tt_error *err) {
  scale_ctx *c = vctx;
  if (c->col_code < 0) { /* header */
    c->col_code = find_col(row, "code");
    c->col_label = find_col(row, "label");
    c->col_value = find_col(row, "value");
    c->col_aliases = find_col(row, "aliases");
    if (c->col_code < 0)
      return tt_error_set(err, TT_EDATA,
                          "%s:%zu: missing column 'code' (a scale file has "
                          "the header code,label,value,aliases)",
                          c->path, row->line);
    return TT_OK;
  }
  if ((size_t)c->col_code >= row->n || row->len[c->col_code] == 0)
    return tt_error_set(err, TT_EDATA, "%s:%zu: empty state code", c->path,
                        row->line);
  const char *code = row->field[c->col_code];
  const char *label = c->col_label >= 0 && (size_t)c->col_label < row->n &&
                              row->len[c->col_label]
                          ? row->field[c->col_label]
                          : code;
  if (is_absent(code, strlen(code)))
    return tt_error_set(err, TT_EDATA,
                        "%s:%zu: '%s' cannot be a state code (it means "
                        "absent)",
                        c->path, row->line, code);
  int ranked = 0;
  double value = 0;
  if (c->col_value >= 0 && (size_t)c->col_value < row->n &&
      row->len[c->col_value]) {
    char *end;
    errno = 0;
    value = strtod(row->field[c->col_value], &end);
    while (isspace((unsigned char)*end)) end++;
    if (errno || *end || !isfinite(value))
      return tt_error_set(err, TT_EDATA,
                          "%s:%zu: column 'value': '%s' is not a number "
                          "(leave it blank for an unranked state)",
                          c->path, row->line, row->field[c->col_value]);
    ranked = 1;
  }
  if (tt_scale_lookup(c->s, code, strlen(code)) > 0 ||
      tt_scale_lookup(c->s, label, strlen(label)) > 0)
    return tt_error_set(err, TT_EDATA,
                        "%s:%zu: state '%s' is given twice (or its label "
                        "matches another state's alias)",
                        c->path, row->line, code);
  if (c->s->n >= TT_SCALE_MAX_STATES)
    return tt_error_set(err, TT_EDATA, "%s:%zu: more than %d states",
                        c->path, row->line, TT_SCALE_MAX_STATES);
  if (add_state(c->s, code, label, value, ranked, NULL, 0))
    return tt_error_set(err, TT_ENOMEM, "out of memory");
  tt_state *st = &c->s->states[c->s->n];
  if (c->col_aliases >= 0 && (size_t)c->col_aliases < row->n) {
    const char *a = row->field[c->col_aliases];
    while (*a) {
      size_t k = strcspn(a, ";|");
      if (k) {
        if (tt_scale_lookup(c->s, a, k) > 0 &&
            tt_scale_lookup(c->s, a, k) != (int)c->s->n)
          return tt_error_set(err, TT_EDATA,
                              "%s:%zu: alias '%.*s' already names another "
                              "state",
                              c->path, row->line, (int)k, a);
        if (add_alias(st, a, k))
          return tt_error_set(err, TT_ENOMEM, "out of memory");
      }
      a += k;
      if (*a) a++;
    }
  }
  return TT_OK;
}

static tt_scale *load(const char *path, const char *buf, size_t size,
                      tt_error *err) {
  tt_scale *s = calloc(1, sizeof *s);
  const char *base = strrchr(path, '/'); /* the name, not where it lives */
  if (!s || !(s->name = strdup(base ? base + 1 : path))) {
    free(s);
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  scale_ctx c = {s, path, -1, -1, -1, -1};
  int rc = buf ? tt_csv_read_buffer(path, buf, size, NULL, scale_row, &c, err)
               : tt_csv_read(path, NULL, scale_row, &c, err);
  if (!rc && s->n < 2)
    rc = tt_error_set(err, TT_EDATA,
                      "%s: a scale needs at least two states (found %zu)",
                      path, s->n);
  if (rc) {
    tt_scale_free(s);
    return NULL;
  }
  return s;
}

tt_scale *tt_scale_load_csv(const char *path, tt_error *err) {
  return load(path, NULL, 0, err);
}

tt_scale *tt_scale_load_buffer(const char *name, const char *buf, size_t size,
                               tt_error *err) {
  return load(name, buf ? buf : "", size, err);
}
