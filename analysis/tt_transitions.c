#include "tt_transitions.h"
#include "tt_pairs.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void tt_transitions_options_default(tt_transitions_options *o) {
  memset(o, 0, sizeof *o);
  o->year_lo = INT_MIN;
  o->year_hi = INT_MAX;
  o->horizon = 1;
  o->group = TT_GROUP_NONE;
  o->unranked = TT_UNRANKED_INCLUDE;
  o->interval = TT_INTERVAL_WILSON;
  o->level = 0.95;
  o->bootstrap = 1000;
  o->seed = 1;
}

void tt_transitions_wilson(double x, double n, double level, double *lo,
                           double *hi) {
  if (!(n > 0)) {
    *lo = *hi = NAN;
    return;
  }
  double z = gsl_cdf_ugaussian_Pinv(0.5 + level / 2.0);
  double ph = x / n, z2 = z * z;
  double denom = 1.0 + z2 / n;
  double centre = (ph + z2 / (2.0 * n)) / denom;
  double half = z / denom * sqrt(ph * (1.0 - ph) / n + z2 / (4.0 * n * n));
  /* At x = 0 and x = n the bound is exactly 0 or 1; rounding must not
   * push it past. */
  *lo = x <= 0 ? 0.0 : fmax(0.0, centre - half);
  *hi = x >= n ? 1.0 : fmin(1.0, centre + half);
}

void tt_transitions_mobility(const tt_scale *s, size_t m, const int *state,
                             const double *count, tt_mobility *out) {
  memset(out, 0, sizeof *out);
  double trace = 0;
  size_t rows = 0;
  for (size_t i = 0; i < m; i++) {
    double ni = 0;
    for (size_t j = 0; j < m; j++) ni += count[i * m + j];
    out->prais[i] = ni > 0 ? 1.0 - count[i * m + i] / ni : NAN;
    if (ni > 0) {
      trace += count[i * m + i] / ni;
      rows++;
    }
    for (size_t j = 0; j < m; j++) {
      double c = count[i * m + j];
      if (c == 0) continue;
      out->n_pairs += c;
      int a = state[i], b = state[j];
      if (a == b)
        out->n_same += c;
      else if (!tt_scale_is_ranked(s, a) || !tt_scale_is_ranked(s, b))
        out->n_other += c;
      else if (s->states[b].value < s->states[a].value)
        out->n_up += c;
      else if (s->states[b].value > s->states[a].value)
        out->n_down += c;
      else
        out->n_other += c; /* two codes with one value: not a move in rank */
    }
  }
  for (size_t i = m; i < TT_SCALE_MAX_STATES; i++) out->prais[i] = NAN;
  double n = out->n_pairs;
  out->stability = n > 0 ? out->n_same / n : NAN;
  out->upgrade = n > 0 ? out->n_up / n : NAN;
  out->downgrade = n > 0 ? out->n_down / n : NAN;
  out->ratio = out->n_down > 0 ? out->n_up / out->n_down : NAN;
  out->shorrocks = rows > 1 ? ((double)rows - trace) / ((double)rows - 1.0)
                            : NAN;
  out->stability_lo = out->stability_hi = NAN;
  out->upgrade_lo = out->upgrade_hi = NAN;
  out->downgrade_lo = out->downgrade_hi = NAN;
  out->ratio_lo = out->ratio_hi = NAN;
  out->shorrocks_lo = out->shorrocks_hi = NAN;
}

/* ---- counting ----------------------------------------------------------- */

void tt_pair_counts_free(tt_pair_counts *c) {
  if (!c) return;
  free(c->entity);
  free(c->start);
  free(c->cell);
  free(c->n);
  free(c);
}

static int check_options(const tt_transitions_options *o, tt_error *err) {
  if (o->horizon < 1)
    return tt_error_set(err, TT_EINVAL, "horizon must be at least 1 (got %d)",
                        o->horizon);
  if (!(o->level > 0 && o->level < 1))
    return tt_error_set(err, TT_EINVAL,
                        "interval level must be between 0 and 1 (got %g)",
                        o->level);
  if (o->interval == TT_INTERVAL_BOOTSTRAP && o->bootstrap < 1)
    return tt_error_set(err, TT_EINVAL,
                        "the bootstrap needs at least 1 resample");
  if ((unsigned)o->unranked > TT_UNRANKED_ADJUST)
    return tt_error_set(err, TT_EINVAL, "unknown unranked mode %d",
                        (int)o->unranked);
  return TT_OK;
}

/* Appends (cell, 1) to the running entity, merging with a cell it has. */
typedef struct {
  size_t cap, used;
  unsigned *cell, *n;
} cell_buf;

static int add_cell(cell_buf *b, size_t first, unsigned cell) {
  for (size_t k = first; k < b->used; k++)
    if (b->cell[k] == cell) {
      b->n[k]++;
      return 0;
    }
  if (b->used == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    unsigned *c = realloc(b->cell, cap * sizeof *c);
    if (!c) return -1;
    b->cell = c;
    unsigned *n = realloc(b->n, cap * sizeof *n);
    if (!n) return -1;
    b->n = n;
    b->cap = cap;
  }
  b->cell[b->used] = cell;
  b->n[b->used++] = 1;
  return 0;
}

tt_pair_counts *tt_transitions_count(const tt_panel *p,
                                     const tt_transitions_options *o,
                                     tt_error *err) {
  if (check_options(o, err)) return NULL;
  const tt_scale *s = p->scale;
  tt_pair_counts *c = calloc(1, sizeof *c);
  if (!c) {
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  for (size_t k = 0; k <= TT_SCALE_MAX_STATES; k++) c->index[k] = -1;
  for (size_t k = 1; k <= s->n; k++) {
    if (o->unranked != TT_UNRANKED_INCLUDE && !s->states[k].ranked) continue;
    c->index[k] = (int)c->m;
    c->state[c->m++] = (int)k;
  }
  int k = o->horizon;
  c->year_lo = o->year_lo > p->year_min ? o->year_lo : p->year_min;
  /* the last first year whose partner year is in the panel */
  long last = (long)p->year_max - k;
  c->year_hi = o->year_hi < last ? o->year_hi : (int)(last < INT_MIN ? INT_MIN : last);

  cell_buf b = {0, 0, NULL, NULL};
  size_t cap_e = 0;
  const size_t m = c->m;
  for (size_t e = 0; e < p->n_entities; e++) {
    if (o->group != TT_GROUP_NONE && p->group[e] != o->group) continue;
    const uint8_t *row = tt_panel_row(p, e);
    size_t first = b.used;
    for (int y = c->year_lo; y <= c->year_hi; y++) {
      size_t i0 = (size_t)(y - p->year_min);
      int a = row[i0], z = row[i0 + (size_t)k];
      if (!a || !z) continue;
      /* every year between must be present (a gap breaks the chain); when
       * excluding, an unranked year breaks it too */
      int chain = 1;
      for (int t = 1; t < k && chain; t++) {
        int st = row[i0 + (size_t)t];
        chain = st && (o->unranked != TT_UNRANKED_EXCLUDE ||
                       tt_scale_is_ranked(s, st));
      }
      if (!chain) continue;
      if (c->index[a] < 0) continue; /* from an unranked state, dropped */
      if (c->index[z] < 0) {
        if (o->unranked == TT_UNRANKED_ADJUST) c->removed[c->index[a]]++;
        continue;
      }
      if (add_cell(&b, first, (unsigned)(c->index[a] * (int)m + c->index[z])))
        goto oom;
      c->n_pairs++;
    }
    if (b.used == first) continue;
    if (c->n_entities + 1 >= cap_e) {
      size_t cap = cap_e ? cap_e * 2 : 64;
      size_t *en = realloc(c->entity, cap * sizeof *en);
      if (!en) goto oom;
      c->entity = en;
      size_t *st = realloc(c->start, (cap + 1) * sizeof *st);
      if (!st) goto oom;
      c->start = st;
      cap_e = cap;
    }
    c->start[c->n_entities] = first;
    c->entity[c->n_entities++] = e;
  }
  if (!c->start) {
    c->start = malloc(sizeof *c->start);
    if (!c->start) goto oom;
  }
  c->start[c->n_entities] = b.used;
  c->cell = b.cell;
  c->n = b.n;
  return c;
oom:
  free(b.cell);
  free(b.n);
  tt_pair_counts_free(c);
  tt_error_set(err, TT_ENOMEM, "out of memory");
  return NULL;
}

void tt_pair_counts_sum(const tt_pair_counts *c, const size_t *idx,
                        size_t n, double *count) {
  memset(count, 0, c->m * c->m * sizeof *count);
  for (size_t r = 0; r < n; r++) {
    size_t e = idx ? idx[r] : r;
    for (size_t q = c->start[e]; q < c->start[e + 1]; q++)
      count[c->cell[q]] += c->n[q];
  }
}

/* ---- patterns for resampling ------------------------------------------- */

void tt_pair_patterns_free(tt_pair_patterns *pp) {
  if (!pp) return;
  free(pp->pattern);
  free(pp->start);
  free(pp->who);
  free(pp->n);
  free(pp->tally);
  free(pp);
}

/* A hash of a count list: FNV-1a over the (cell, n) words, then a
 * multiply-xorshift so the low bits (the table index) mix well. */
static uint64_t list_hash(const unsigned *cell, const unsigned *n,
                          size_t len) {
  uint64_t h = 1469598103934665603u;
  for (size_t q = 0; q < len; q++) {
    h = (h ^ cell[q]) * 1099511628211u;
    h = (h ^ n[q]) * 1099511628211u;
  }
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93u;
  return h ^ (h >> 32);
}

/* The distinct lists, pattern by pattern, while grouping. */
typedef struct {
  size_t n_patterns;
  size_t *start;          /* n_patterns + 1 offsets into cell and n */
  unsigned *cell, *n;     /* cells ascending within a pattern       */
} pattern_lists;

/* Sets pp->pattern and pp->n_patterns, and the lists in l. */
static int group_entities(const tt_pair_counts *c, tt_pair_patterns *pp,
                          pattern_lists *l) {
  const size_t ne = c->n_entities, mm = c->m * c->m;
  const size_t ncell = c->start[ne];
  size_t tsize = 16;
  while (tsize < 2 * ne) tsize *= 2;
  uint32_t *table = calloc(tsize, sizeof *table); /* pattern + 1; 0 empty */
  unsigned *key = malloc((mm ? mm : 1) * sizeof *key);
  unsigned *val = malloc((mm ? mm : 1) * sizeof *val);
  l->start = malloc((ne + 1) * sizeof *l->start);
  l->cell = malloc((ncell ? ncell : 1) * sizeof *l->cell);
  l->n = malloc((ncell ? ncell : 1) * sizeof *l->n);
  int rc = -1;
  if (!table || !key || !val || !l->start || !l->cell || !l->n) goto done;
  size_t used = 0;
  l->start[0] = 0;
  for (size_t e = 0; e < ne; e++) {
    /* the entity's list in cell order (insertion sort: a few cells), so
     * that equal counts give equal lists */
    size_t len = 0;
    for (size_t q = c->start[e]; q < c->start[e + 1]; q++, len++) {
      size_t at = len;
      while (at > 0 && key[at - 1] > c->cell[q]) {
        key[at] = key[at - 1];
        val[at] = val[at - 1];
        at--;
      }
      key[at] = c->cell[q];
      val[at] = c->n[q];
    }
    size_t slot = (size_t)list_hash(key, val, len) & (tsize - 1);
    for (;;) {
      uint32_t id = table[slot];
      if (!id) { /* a new pattern */
        size_t np = l->n_patterns++;
        memcpy(l->cell + used, key, len * sizeof *key);
        memcpy(l->n + used, val, len * sizeof *val);
        used += len;
        l->start[np + 1] = used;
        table[slot] = (uint32_t)(np + 1);
        pp->pattern[e] = (uint32_t)np;
        break;
      }
      size_t s0 = l->start[id - 1], s1 = l->start[id];
      if (s1 - s0 == len && !memcmp(l->cell + s0, key, len * sizeof *key) &&
          !memcmp(l->n + s0, val, len * sizeof *val)) {
        pp->pattern[e] = id - 1;
        break;
      }
      slot = (slot + 1) & (tsize - 1);
    }
  }
  pp->n_patterns = l->n_patterns;
  rc = 0;
done:
  free(table);
  free(key);
  free(val);
  return rc;
}

tt_pair_patterns *tt_pair_patterns_alloc(const tt_pair_counts *c,
                                         tt_error *err) {
  const size_t ne = c->n_entities, mm = c->m * c->m;
  if (ne > UINT32_MAX) {
    tt_error_set(err, TT_EDATA, "the bootstrap draws from at most %lu "
                 "entities (the data has %zu)", (unsigned long)UINT32_MAX,
                 ne);
    return NULL;
  }
  pattern_lists l = {0, NULL, NULL, NULL};
  tt_pair_patterns *pp = calloc(1, sizeof *pp);
  if (!pp) goto oom;
  pp->m = c->m;
  pp->n_entities = ne;
  pp->pattern = malloc((ne ? ne : 1) * sizeof *pp->pattern);
  if (!pp->pattern || group_entities(c, pp, &l)) goto oom;
  /* turn the lists cell by cell: who has pairs in each cell */
  const size_t np = l.n_patterns, total = l.start[np];
  pp->start = calloc(mm + 1, sizeof *pp->start);
  pp->who = malloc((total ? total : 1) * sizeof *pp->who);
  pp->n = malloc((total ? total : 1) * sizeof *pp->n);
  pp->tally = malloc((np ? np : 1) * sizeof *pp->tally);
  if (!pp->start || !pp->who || !pp->n || !pp->tally) goto oom;
  for (size_t q = 0; q < total; q++) pp->start[l.cell[q] + 1]++;
  for (size_t q = 0; q < mm; q++) pp->start[q + 1] += pp->start[q];
  size_t *fill = calloc(mm ? mm : 1, sizeof *fill);
  if (!fill) goto oom;
  for (size_t p = 0; p < np; p++)
    for (size_t q = l.start[p]; q < l.start[p + 1]; q++) {
      size_t at = pp->start[l.cell[q]] + fill[l.cell[q]]++;
      pp->who[at] = (uint32_t)p;
      pp->n[at] = l.n[q];
    }
  free(fill);
  free(l.start);
  free(l.cell);
  free(l.n);
  return pp;
oom:
  free(l.start);
  free(l.cell);
  free(l.n);
  tt_pair_patterns_free(pp);
  tt_error_set(err, TT_ENOMEM, "out of memory");
  return NULL;
}

void tt_pair_patterns_resample(tt_pair_patterns *pp, gsl_rng *r,
                               double *count) {
  const size_t ne = pp->n_entities, mm = pp->m * pp->m;
  uint32_t *tally = pp->tally;
  memset(tally, 0, pp->n_patterns * sizeof *tally);
  /* The draws in the order and number of the straightforward loop, a
   * block at a time: the generator's calls run back to back, then the
   * block's increments, whose cache misses can overlap. */
  enum { BLOCK = 256 };
  uint32_t drawn[BLOCK];
  for (size_t k0 = 0; k0 < ne; k0 += BLOCK) {
    size_t nb = ne - k0 < BLOCK ? ne - k0 : BLOCK;
    for (size_t k = 0; k < nb; k++)
      drawn[k] = (uint32_t)gsl_rng_uniform_int(r, (unsigned long)ne);
    for (size_t k = 0; k < nb; k++) tally[pp->pattern[drawn[k]]]++;
  }
  /* integers, exact far beyond any panel, then doubles once */
  for (size_t q = 0; q < mm; q++) {
    uint64_t sum = 0;
    for (size_t k = pp->start[q]; k < pp->start[q + 1]; k++)
      sum += (uint64_t)tally[pp->who[k]] * pp->n[k];
    count[q] = (double)sum;
  }
}

/* ---- estimation ---------------------------------------------------------- */

void tt_transitions_free(tt_transitions *t) {
  if (!t) return;
  free(t->count);
  free(t->row_total);
  free(t->prob);
  free(t->lower);
  free(t->upper);
  free(t);
}

static void probabilities(size_t m, const double *count, double *row_total,
                          double *prob) {
  for (size_t i = 0; i < m; i++) {
    double ni = 0;
    for (size_t j = 0; j < m; j++) ni += count[i * m + j];
    if (row_total) row_total[i] = ni;
    for (size_t j = 0; j < m; j++)
      prob[i * m + j] = ni > 0 ? count[i * m + j] / ni : NAN;
  }
}

/* Percentile interval of the finite values among x[0..n) (sorted in
 * place); NaN when none. */
static void percentile(double *x, size_t n, double level, double *lo,
                       double *hi) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite(x[i])) x[k++] = x[i];
  if (!k) {
    *lo = *hi = NAN;
    return;
  }
  gsl_sort(x, 1, k);
  *lo = gsl_stats_quantile_from_sorted_data(x, 1, k, (1.0 - level) / 2.0);
  *hi = gsl_stats_quantile_from_sorted_data(x, 1, k, (1.0 + level) / 2.0);
}

enum { FIG_STAB, FIG_UP, FIG_DOWN, FIG_RATIO, FIG_SHOR, FIG_N };

/* Resamples entities with replacement B times; percentile intervals for
 * every cell and for the mobility figures. */
static int bootstrap(tt_transitions *t, const tt_pair_counts *c,
                     const tt_scale *s, tt_error *err) {
  const size_t m = c->m, mm = m * m;
  const size_t B = t->opt.bootstrap;
  int rc = TT_OK;
  double *draws = malloc(B * (mm + FIG_N) * sizeof *draws);
  double *count = malloc(mm * sizeof *count);
  double *prob = malloc(mm * sizeof *prob);
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  tt_error perr;
  tt_error_clear(&perr);
  tt_pair_patterns *pp = tt_pair_patterns_alloc(c, &perr);
  if (!pp) {
    rc = tt_error_set(err, perr.code, "%s", perr.msg);
    goto done;
  }
  if (!draws || !count || !prob || !r) {
    rc = tt_error_set(err, TT_ENOMEM, "out of memory");
    goto done;
  }
  gsl_rng_set(r, t->opt.seed);
  /* draws is cell-major: the B values of one cell are contiguous, ready
   * for sorting */
  for (size_t b = 0; b < B; b++) {
    tt_pair_patterns_resample(pp, r, count);
    probabilities(m, count, NULL, prob);
    for (size_t q = 0; q < mm; q++) draws[q * B + b] = prob[q];
    tt_mobility mob;
    tt_transitions_mobility(s, m, c->state, count, &mob);
    draws[(mm + FIG_STAB) * B + b] = mob.stability;
    draws[(mm + FIG_UP) * B + b] = mob.upgrade;
    draws[(mm + FIG_DOWN) * B + b] = mob.downgrade;
    draws[(mm + FIG_RATIO) * B + b] = mob.ratio;
    draws[(mm + FIG_SHOR) * B + b] = mob.shorrocks;
  }
  double lvl = t->opt.level;
  for (size_t q = 0; q < mm; q++) {
    if (t->row_total[q / m] > 0)
      percentile(draws + q * B, B, lvl, &t->lower[q], &t->upper[q]);
    else
      t->lower[q] = t->upper[q] = NAN;
  }
  tt_mobility *mo = &t->mob;
  percentile(draws + (mm + FIG_STAB) * B, B, lvl, &mo->stability_lo,
             &mo->stability_hi);
  percentile(draws + (mm + FIG_UP) * B, B, lvl, &mo->upgrade_lo,
             &mo->upgrade_hi);
  percentile(draws + (mm + FIG_DOWN) * B, B, lvl, &mo->downgrade_lo,
             &mo->downgrade_hi);
  percentile(draws + (mm + FIG_RATIO) * B, B, lvl, &mo->ratio_lo,
             &mo->ratio_hi);
  percentile(draws + (mm + FIG_SHOR) * B, B, lvl, &mo->shorrocks_lo,
             &mo->shorrocks_hi);
  t->n_resamples = B;
done:
  gsl_rng_free(r);
  free(draws);
  free(count);
  free(prob);
  tt_pair_patterns_free(pp);
  return rc;
}

tt_transitions *tt_transitions_estimate(const tt_panel *p,
                                        const tt_transitions_options *o,
                                        tt_error *err) {
  tt_pair_counts *c = tt_transitions_count(p, o, err);
  if (!c) return NULL;
  if (!c->n_pairs) {
    int hi = o->year_hi < p->year_max ? o->year_hi : p->year_max;
    tt_error_set(err, TT_EDATA,
                 "no pair of reports %d year%s apart starts in %d-%d%s (the "
                 "data cover %d-%d)",
                 o->horizon, o->horizon == 1 ? "" : "s", c->year_lo, hi,
                 o->group != TT_GROUP_NONE ? " in this group" : "",
                 p->year_min, p->year_max);
    tt_pair_counts_free(c);
    return NULL;
  }
  tt_transitions *t = calloc(1, sizeof *t);
  const size_t m = c->m, mm = m * m;
  if (t) {
    t->count = malloc(mm * sizeof *t->count);
    t->row_total = malloc(m * sizeof *t->row_total);
    t->prob = malloc(mm * sizeof *t->prob);
    t->lower = malloc(mm * sizeof *t->lower);
    t->upper = malloc(mm * sizeof *t->upper);
  }
  if (!t || !t->count || !t->row_total || !t->prob || !t->lower ||
      !t->upper) {
    tt_error_set(err, TT_ENOMEM, "out of memory");
    tt_transitions_free(t);
    tt_pair_counts_free(c);
    return NULL;
  }
  t->m = m;
  memcpy(t->state, c->state, sizeof t->state);
  memcpy(t->removed, c->removed, sizeof t->removed);
  t->opt = *o;
  t->opt.year_lo = c->year_lo;
  t->opt.year_hi = c->year_hi;
  t->n_pairs = c->n_pairs;
  t->n_entities = c->n_entities;
  tt_pair_counts_sum(c, NULL, c->n_entities, t->count);
  for (size_t e = 0; e < c->n_entities; e++) {
    int seen[TT_SCALE_MAX_STATES] = {0};
    for (size_t q = c->start[e]; q < c->start[e + 1]; q++) {
      size_t i = c->cell[q] / m;
      if (!seen[i]) {
        seen[i] = 1;
        t->row_entities[i]++;
      }
    }
  }
  probabilities(m, t->count, t->row_total, t->prob);
  tt_transitions_mobility(p->scale, m, t->state, t->count, &t->mob);
  int rc = TT_OK;
  if (o->interval == TT_INTERVAL_BOOTSTRAP) {
    rc = bootstrap(t, c, p->scale, err);
  } else {
    for (size_t q = 0; q < mm; q++)
      tt_transitions_wilson(t->count[q], t->row_total[q / m], o->level,
                            &t->lower[q], &t->upper[q]);
    tt_mobility *mo = &t->mob;
    tt_transitions_wilson(mo->n_same, mo->n_pairs, o->level,
                          &mo->stability_lo, &mo->stability_hi);
    tt_transitions_wilson(mo->n_up, mo->n_pairs, o->level, &mo->upgrade_lo,
                          &mo->upgrade_hi);
    tt_transitions_wilson(mo->n_down, mo->n_pairs, o->level,
                          &mo->downgrade_lo, &mo->downgrade_hi);
  }
  tt_pair_counts_free(c);
  if (rc) {
    tt_transitions_free(t);
    return NULL;
  }
  return t;
}
