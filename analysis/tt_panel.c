#include "tt_panel.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

tt_panel *tt_panel_alloc(const tt_scale *scale, size_t n_entities,
                         int year_min, int year_max) {
  if (year_max < year_min) return NULL;
  tt_panel *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->scale = scale;
  p->n_entities = n_entities;
  p->year_min = year_min;
  p->year_max = year_max;
  p->n_years = (size_t)(year_max - year_min) + 1;
  size_t cells = n_entities * p->n_years;
  p->cells = calloc(cells ? cells : 1, 1);
  p->names = calloc(n_entities ? n_entities : 1, sizeof *p->names);
  p->codes = calloc(n_entities ? n_entities : 1, sizeof *p->codes);
  p->group = malloc((n_entities ? n_entities : 1) * sizeof *p->group);
  if (!p->cells || !p->names || !p->codes || !p->group) {
    tt_panel_free(p);
    return NULL;
  }
  for (size_t e = 0; e < n_entities; e++) p->group[e] = TT_GROUP_NONE;
  return p;
}

void tt_panel_free(tt_panel *p) {
  if (!p) return;
  for (size_t e = 0; e < p->n_entities; e++) {
    if (p->names) free(p->names[e]);
    if (p->codes) free(p->codes[e]);
  }
  for (size_t g = 0; g < p->n_groups; g++) free(p->group_names[g]);
  free(p->group_names);
  free(p->names);
  free(p->codes);
  free(p->group);
  free(p->cells);
  free(p->source);
  free(p);
}

int tt_panel_set_entity(tt_panel *p, size_t e, const char *name,
                        const char *code) {
  char *n = strdup(name ? name : "");
  char *c = code && *code ? strdup(code) : NULL;
  if (!n || (code && *code && !c)) {
    free(n);
    free(c);
    return -1;
  }
  free(p->names[e]);
  free(p->codes[e]);
  p->names[e] = n;
  p->codes[e] = c;
  return 0;
}

int tt_panel_add_group(tt_panel *p, const char *name) {
  int g = tt_panel_find_group(p, name);
  if (g >= 0) return g;
  char **gn = realloc(p->group_names, (p->n_groups + 1) * sizeof *gn);
  if (!gn) return -1;
  p->group_names = gn;
  if (!(gn[p->n_groups] = strdup(name))) return -1;
  return (int)p->n_groups++;
}

int tt_panel_find_group(const tt_panel *p, const char *name) {
  for (size_t g = 0; g < p->n_groups; g++)
    if (strcasecmp(p->group_names[g], name) == 0) return (int)g;
  return -1;
}

/* Latin-1 supplement letters U+00C0..U+00FF to their base letter. */
static const char latin1_base[64] = "aaaaaaaceeeeiiiidnooooo*ouuuuyts"
                                    "aaaaaaaceeeeiiiidnooooo/ouuuuyty";

void tt_fold(const char *s, char *out) {
  const unsigned char *u = (const unsigned char *)s;
  char *o = out;
  while (*u) {
    if (*u == 0xC3 && u[1] >= 0x80 && u[1] <= 0xBF) {
      *o++ = latin1_base[u[1] - 0x80];
      u += 2;
    } else {
      *o++ = (char)tolower(*u);
      u++;
    }
  }
  *o = '\0';
}

/* Entities sort by folded name, computed once per entity (not once per
 * comparison), then by exact name, code and load order. */
typedef struct {
  const tt_panel *p;
  size_t e;
  char *folded;
} sort_item;

static int sort_cmp(const void *x, const void *y) {
  const sort_item *a = x, *b = y;
  int r = strcmp(a->folded, b->folded);
  if (r) return r;
  r = strcmp(a->p->names[a->e], b->p->names[b->e]);
  if (r) return r;
  const char *ca = a->p->codes[a->e] ? a->p->codes[a->e] : "";
  const char *cb = b->p->codes[b->e] ? b->p->codes[b->e] : "";
  r = strcmp(ca, cb);
  return r ? r : (a->e < b->e ? -1 : a->e > b->e);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Group names in alphabetical order, entities' indices remapped. */
static int sort_groups(tt_panel *p) {
  if (p->n_groups < 2) return 0;
  char **sorted = malloc(p->n_groups * sizeof *sorted);
  int *map = malloc(p->n_groups * sizeof *map);
  if (!sorted || !map) {
    free(sorted);
    free(map);
    return -1;
  }
  memcpy(sorted, p->group_names, p->n_groups * sizeof *sorted);
  qsort(sorted, p->n_groups, sizeof *sorted, cmp_str);
  for (size_t g = 0; g < p->n_groups; g++)
    for (size_t h = 0; h < p->n_groups; h++)
      if (sorted[h] == p->group_names[g]) map[g] = (int)h;
  for (size_t e = 0; e < p->n_entities; e++)
    if (p->group[e] != TT_GROUP_NONE) p->group[e] = map[p->group[e]];
  free(p->group_names);
  p->group_names = sorted;
  free(map);
  return 0;
}

int tt_panel_sort(tt_panel *p) {
  if (sort_groups(p)) return -1;
  size_t n = p->n_entities;
  if (n < 2) return 0;
  sort_item *it = malloc(n * sizeof *it);
  uint8_t *cells = malloc(n * p->n_years);
  char **names = malloc(n * sizeof *names);
  char **codes = malloc(n * sizeof *codes);
  int *group = malloc(n * sizeof *group);
  /* All folded names in one block: one allocation, not one per entity. */
  size_t total = 0;
  for (size_t e = 0; e < n; e++) total += strlen(p->names[e]) + 1;
  char *arena = malloc(total);
  if (!it || !cells || !names || !codes || !group || !arena) {
    free(it);
    free(cells);
    free(names);
    free(codes);
    free(group);
    free(arena);
    return -1;
  }
  char *at = arena;
  for (size_t e = 0; e < n; e++) {
    it[e] = (sort_item){p, e, at};
    tt_fold(p->names[e], at);
    at += strlen(p->names[e]) + 1;
  }
  qsort(it, n, sizeof *it, sort_cmp);
  free(arena);
  for (size_t i = 0; i < n; i++) {
    size_t e = it[i].e;
    memcpy(cells + i * p->n_years, p->cells + e * p->n_years, p->n_years);
    names[i] = p->names[e];
    codes[i] = p->codes[e];
    group[i] = p->group[e];
  }
  free(p->cells);
  free(p->names);
  free(p->codes);
  free(p->group);
  p->cells = cells;
  p->names = names;
  p->codes = codes;
  p->group = group;
  free(it);
  return 0;
}

static int fold_eq_prefix(const char *name, const char *fq, size_t nq,
                          int whole) {
  size_t n = strlen(name);
  char *fn = malloc(n + 1);
  if (!fn) return 0;
  tt_fold(name, fn);
  int r = whole ? strcmp(fn, fq) == 0 : strncmp(fn, fq, nq) == 0;
  free(fn);
  return r;
}

int tt_panel_matches_prefix(const tt_panel *p, size_t e, const char *query) {
  size_t nq = strlen(query);
  char *fq = malloc(nq + 1);
  if (!fq) return 0;
  tt_fold(query, fq);
  int r = fold_eq_prefix(p->names[e], fq, strlen(fq), 0);
  free(fq);
  return r;
}

long tt_panel_find(const tt_panel *p, const char *query, size_t *n_match) {
  if (n_match) *n_match = 0;
  if (!query || !*query) return -1;
  for (size_t e = 0; e < p->n_entities; e++)
    if (p->codes[e] && strcasecmp(p->codes[e], query) == 0) {
      if (n_match) *n_match = 1;
      return (long)e;
    }
  size_t nq = strlen(query);
  char *fq = malloc(nq + 1);
  if (!fq) return -1;
  tt_fold(query, fq);
  nq = strlen(fq);
  long found = -1;
  for (size_t e = 0; e < p->n_entities && found < 0; e++)
    if (fold_eq_prefix(p->names[e], fq, nq, 1)) found = (long)e;
  size_t hits = 0;
  if (found < 0) {
    for (size_t e = 0; e < p->n_entities; e++)
      if (fold_eq_prefix(p->names[e], fq, nq, 0)) {
        if (!hits) found = (long)e;
        hits++;
      }
    if (hits > 1) found = -2;
  } else {
    hits = 1;
  }
  free(fq);
  if (n_match) *n_match = hits;
  return found;
}

int tt_panel_entity_span(const tt_panel *p, size_t e, int *first, int *last) {
  const uint8_t *row = tt_panel_row(p, e);
  size_t i = 0, j = p->n_years;
  while (i < p->n_years && !row[i]) i++;
  if (i == p->n_years) return 0;
  while (j > i && !row[j - 1]) j--;
  if (first) *first = p->year_min + (int)i;
  if (last) *last = p->year_min + (int)j - 1;
  return 1;
}

size_t tt_panel_count_year(const tt_panel *p, int year, int state) {
  if (year < p->year_min || year > p->year_max) return 0;
  size_t t = (size_t)(year - p->year_min), n = 0;
  for (size_t e = 0; e < p->n_entities; e++) {
    uint8_t c = p->cells[e * p->n_years + t];
    if (state < 0 ? c != 0 : c == state) n++;
  }
  return n;
}
