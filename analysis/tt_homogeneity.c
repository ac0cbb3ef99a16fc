#include "tt_homogeneity.h"
#include "tt_pairs.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tt_homogeneity_test(size_t H, size_t m, const double *n,
                        tt_homogeneity_stat *out, tt_error *err) {
  (void)err;
  memset(out, 0, sizeof *out);
  out->min_expected = INFINITY;
  out->p_perm = NAN;
  double g2 = 0, x2 = 0;
  size_t df = 0;
  for (size_t h = 0; h < H; h++) {
    double s = 0;
    for (size_t q = 0; q < m * m; q++) s += n[h * m * m + q];
    out->n += s;
    out->n_parts += s > 0;
  }
  for (size_t i = 0; i < m; i++) {
    double col[TT_SCALE_MAX_STATES] = {0}, ni = 0;
    size_t a = 0, b = 0;
    for (size_t j = 0; j < m; j++) {
      for (size_t h = 0; h < H; h++) col[j] += n[(h * m + i) * m + j];
      ni += col[j];
      b += col[j] > 0;
    }
    if (!(ni > 0)) continue;
    for (size_t h = 0; h < H; h++) {
      double s = 0;
      for (size_t j = 0; j < m; j++) s += n[(h * m + i) * m + j];
      a += s > 0;
    }
    size_t dfi = (a - 1) * (b - 1);
    df += dfi;
    for (size_t h = 0; h < H; h++) {
      double nhi = 0;
      for (size_t j = 0; j < m; j++) nhi += n[(h * m + i) * m + j];
      if (!(nhi > 0)) continue;
      for (size_t j = 0; j < m; j++) {
        if (!(col[j] > 0)) continue;
        double x = n[(h * m + i) * m + j];
        double e = nhi * col[j] / ni;
        if (x > 0) g2 += x * log(x / e);
        x2 += (x - e) * (x - e) / e;
        if (dfi) {
          out->n_cells++;
          out->n_small += e < 5;
          if (e < out->min_expected) out->min_expected = e;
        }
      }
    }
  }
  out->g2 = 2.0 * g2;
  /* sums of terms that cancel exactly can end a hair below zero */
  if (out->g2 < 0) out->g2 = 0;
  out->x2 = x2;
  out->df = df;
  out->p_g2 = df ? gsl_cdf_chisq_Q(out->g2, (double)df) : NAN;
  out->p_x2 = df ? gsl_cdf_chisq_Q(out->x2, (double)df) : NAN;
  if (!out->n_cells) out->min_expected = NAN;
  out->small_expected =
      out->n_cells &&
      (5 * out->n_small > out->n_cells || out->min_expected < 1);
  return TT_OK;
}

/* ---- building the parts ------------------------------------------------- */

void tt_homogeneity_free(tt_homogeneity *h) {
  if (!h) return;
  if (h->label)
    for (size_t i = 0; i < h->H; i++) free(h->label[i]);
  free(h->label);
  free(h->entities);
  free(h->count);
  free(h);
}

static tt_homogeneity *alloc_parts(tt_homogeneity_kind kind, size_t H,
                                   size_t m, const int *state,
                                   tt_error *err) {
  tt_homogeneity *h = calloc(1, sizeof *h);
  if (h) {
    h->kind = kind;
    h->H = H;
    h->m = m;
    memcpy(h->state, state, m * sizeof *state);
    h->label = calloc(H ? H : 1, sizeof *h->label);
    h->entities = calloc(H ? H : 1, sizeof *h->entities);
    h->count = calloc(H * m * m + 1, sizeof *h->count);
  }
  if (!h || !h->label || !h->entities || !h->count) {
    tt_homogeneity_free(h);
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  return h;
}

static int set_label(tt_homogeneity *h, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int set_label(tt_homogeneity *h, size_t i, const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  h->label[i] = strdup(buf);
  return h->label[i] ? 0 : -1;
}

/* Adds entity k's cells of c to part `part` of count. */
static void add_entity(const tt_pair_counts *c, size_t k, size_t part,
                       double *count) {
  size_t mm = c->m * c->m;
  for (size_t q = c->start[k]; q < c->start[k + 1]; q++)
    count[part * mm + c->cell[q]] += c->n[q];
}

tt_homogeneity *tt_homogeneity_groups(const tt_panel *p,
                                      const tt_transitions_options *o,
                                      size_t permutations,
                                      unsigned long seed, tt_error *err) {
  if (o->group != TT_GROUP_NONE) {
    tt_error_set(err, TT_EINVAL, "the test across groups uses every group; "
                 "it cannot be limited to one");
    return NULL;
  }
  if (p->n_groups < 2) {
    tt_error_set(err, TT_EDATA, "the test across groups needs at least two "
                 "groups (the data has %zu)", p->n_groups);
    return NULL;
  }
  tt_pair_counts *c = tt_transitions_count(p, o, err);
  if (!c) return NULL;
  size_t H = p->n_groups, m = c->m, mm = m * m;
  tt_homogeneity *h = alloc_parts(TT_HOMOG_GROUPS, H, m, c->state, err);
  size_t *who = NULL;
  int *lab = NULL;
  double *work = NULL;
  gsl_rng *r = NULL;
  if (!h) goto fail;
  h->year_lo = c->year_lo;
  h->year_hi = c->year_hi;
  for (size_t g = 0; g < H; g++)
    if (set_label(h, g, "%s", p->group_names[g])) goto oom;
  /* the entities that take part, and their labels */
  who = malloc((c->n_entities ? c->n_entities : 1) * sizeof *who);
  lab = malloc((c->n_entities ? c->n_entities : 1) * sizeof *lab);
  if (!who || !lab) goto oom;
  size_t nw = 0;
  for (size_t k = 0; k < c->n_entities; k++) {
    int g = p->group[c->entity[k]];
    if (g == TT_GROUP_NONE) {
      h->skipped_entities++;
      continue;
    }
    who[nw] = k;
    lab[nw++] = g;
    h->entities[g]++;
    add_entity(c, k, (size_t)g, h->count);
  }
  tt_homogeneity_test(H, m, h->count, &h->stat, err);
  if (h->stat.n_parts < 2) {
    tt_error_set(err, TT_EDATA, "the test across groups needs moves in at "
                 "least two groups (%zu have any)", h->stat.n_parts);
    goto fail;
  }
  if (permutations) {
    work = malloc(H * mm * sizeof *work);
    r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!work || !r) goto oom;
    gsl_rng_set(r, seed);
    size_t ge = 0;
    /* ties within rounding count as "at least as large" */
    double obs = h->stat.g2 * (1 - 1e-12);
    for (size_t b = 0; b < permutations; b++) {
      gsl_ran_shuffle(r, lab, nw, sizeof *lab);
      memset(work, 0, H * mm * sizeof *work);
      for (size_t k = 0; k < nw; k++) add_entity(c, who[k], (size_t)lab[k], work);
      tt_homogeneity_stat s;
      tt_homogeneity_test(H, m, work, &s, err);
      ge += s.g2 >= obs;
    }
    h->stat.permutations = permutations;
    h->stat.perm_reached = ge;
    h->stat.p_perm = (1.0 + (double)ge) / (1.0 + (double)permutations);
  }
  gsl_rng_free(r);
  free(work);
  free(who);
  free(lab);
  tt_pair_counts_free(c);
  return h;
oom:
  tt_error_set(err, TT_ENOMEM, "out of memory");
fail:
  gsl_rng_free(r);
  free(work);
  free(who);
  free(lab);
  tt_pair_counts_free(c);
  tt_homogeneity_free(h);
  return NULL;
}

tt_homogeneity *tt_homogeneity_periods(const tt_panel *p,
                                       const tt_transitions_options *o,
                                       int split, tt_error *err) {
  int k = o->horizon > 0 ? o->horizon : 1;
  tt_transitions_options before = *o, after = *o;
  if ((long)split - k - 1 < before.year_hi) before.year_hi = split - k - 1;
  if ((long)split - k > after.year_lo) after.year_lo = split - k;
  tt_pair_counts *c0 = tt_transitions_count(p, &before, err);
  if (!c0) return NULL;
  tt_pair_counts *c1 = tt_transitions_count(p, &after, err);
  if (!c1) {
    tt_pair_counts_free(c0);
    return NULL;
  }
  tt_homogeneity *h = NULL;
  if (!c0->n_pairs || !c1->n_pairs) {
    tt_error_set(err, TT_EDATA, "split year %d leaves no moves %s it in "
                 "the years selected", split,
                 c0->n_pairs ? "from" : "before");
    goto done;
  }
  h = alloc_parts(TT_HOMOG_PERIODS, 2, c0->m, c0->state, err);
  if (!h) goto done;
  h->split = split;
  h->year_lo = c0->year_lo;
  h->year_hi = c1->year_hi;
  if (set_label(h, 0, "before %d", split) || set_label(h, 1, "%d on", split)) {
    tt_error_set(err, TT_ENOMEM, "out of memory");
    tt_homogeneity_free(h);
    h = NULL;
    goto done;
  }
  for (size_t e = 0; e < c0->n_entities; e++) add_entity(c0, e, 0, h->count);
  for (size_t e = 0; e < c1->n_entities; e++) add_entity(c1, e, 1, h->count);
  h->entities[0] = c0->n_entities;
  h->entities[1] = c1->n_entities;
  tt_homogeneity_test(2, h->m, h->count, &h->stat, err);
done:
  tt_pair_counts_free(c0);
  tt_pair_counts_free(c1);
  return h;
}

tt_homogeneity *tt_homogeneity_order(const tt_panel *p,
                                     const tt_transitions_options *o,
                                     tt_error *err) {
  if (o->horizon != 1) {
    tt_error_set(err, TT_EINVAL, "the order test works on one-year moves "
                 "(horizon 1, got %d)", o->horizon);
    return NULL;
  }
  const tt_scale *s = p->scale;
  int state[TT_SCALE_MAX_STATES] = {0}, index[TT_SCALE_MAX_STATES + 1];
  size_t m = 0;
  for (size_t k = 0; k <= TT_SCALE_MAX_STATES; k++) index[k] = -1;
  for (size_t k = 1; k <= s->n; k++) {
    if (o->unranked != TT_UNRANKED_INCLUDE && !s->states[k].ranked) continue;
    index[k] = (int)m;
    state[m++] = (int)k;
  }
  tt_homogeneity *h = alloc_parts(TT_HOMOG_ORDER, m, m, state, err);
  if (!h) return NULL;
  for (size_t i = 0; i < m; i++)
    if (set_label(h, i, "%s", s->states[state[i]].code)) {
      tt_error_set(err, TT_ENOMEM, "out of memory");
      tt_homogeneity_free(h);
      return NULL;
    }
  int lo = o->year_lo > p->year_min + 1 ? o->year_lo : p->year_min + 1;
  int hi = o->year_hi < p->year_max - 1 ? o->year_hi : p->year_max - 1;
  h->year_lo = lo;
  h->year_hi = hi;
  for (size_t e = 0; e < p->n_entities; e++) {
    if (o->group != TT_GROUP_NONE && p->group[e] != o->group) continue;
    int seen[TT_SCALE_MAX_STATES] = {0};
    for (int y = lo; y <= hi; y++) {
      int a = tt_panel_get(p, e, y - 1), b = tt_panel_get(p, e, y),
          c = tt_panel_get(p, e, y + 1);
      if (!a || !b || !c) continue;
      if (index[a] < 0 || index[b] < 0 || index[c] < 0) continue;
      size_t ia = (size_t)index[a];
      h->count[(ia * m + (size_t)index[b]) * m + (size_t)index[c]]++;
      if (!seen[ia]) {
        seen[ia] = 1;
        h->entities[ia]++;
      }
    }
  }
  tt_homogeneity_test(m, m, h->count, &h->stat, err);
  if (!(h->stat.n > 0)) {
    tt_error_set(err, TT_EDATA, "no three consecutive reports in the years "
                 "selected: the order test needs them");
    tt_homogeneity_free(h);
    return NULL;
  }
  return h;
}
