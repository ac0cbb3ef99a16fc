/* Transition counting, probabilities, Wilson intervals, the bootstrap and
 * the mobility figures, on panels whose answers are worked out by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "assert_near.h"

#include "tt_load.h"
#include "tt_transitions.h"
#include "tt_pairs.h"

/* TIP codes on the built-in scale */
enum { T1 = 1, T2 = 2, WL = 3, T3 = 4, SC = 5 };

#include "small_panel.h"

/* A panel from rows of codes (0 = absent), years 2001.. */
static tt_panel *panel_of(const tt_scale *s, size_t n, size_t years,
                          const uint8_t *cells) {
  tt_panel *p = tt_panel_alloc(s, n, 2001, 2001 + (int)years - 1);
  assert_non_null(p);
  for (size_t e = 0; e < n; e++) {
    char name[32];
    snprintf(name, sizeof name, "E%zu", e);
    assert_int_equal(tt_panel_set_entity(p, e, name, NULL), 0);
    for (size_t y = 0; y < years; y++)
      tt_panel_set(p, e, 2001 + (int)y, cells[e * years + y]);
  }
  return p;
}

static double cnt(const tt_transitions *t, int from, int to) {
  size_t i = 0, j = 0;
  while (i < t->m && t->state[i] != from) i++;
  while (j < t->m && t->state[j] != to) j++;
  assert_true(i < t->m && j < t->m);
  return t->count[i * t->m + j];
}

/* The small panel (tests/data/small.csv):
 *          2001 2002 2003 2004 2005
 * Alpha     1    1    2    2    1     1>1 1>2 2>2 2>1
 * Beta      2   2WL  2WL   3   2WL    2>WL WL>WL WL>3 3>WL
 * Côte     2WL  2WL  2WL   2    2     WL>WL WL>WL WL>2 2>2
 * Delta     -    2   2WL   2   SC     2>WL WL>2 2>SC
 * Gamma     3    3    -   2WL   2     3>3 (gap) WL>2
 * 17 pairs. Rows (from) by hand:
 *   1:   1>1 1, 1>2 1                              = 2
 *   2:   2>1 1, 2>2 2, 2>WL 2, 2>SC 1              = 6
 *   WL:  WL>2 3, WL>WL 3, WL>3 1                   = 7
 *   3:   3>WL 1, 3>3 1 (not 3>WL across the gap)   = 2
 *   SC:  none (Delta's SC is its last year). */
static void counts_small(void **state) {
  fixture *f = *state;
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  tt_error err;
  tt_error_clear(&err);
  tt_transitions *t = tt_transitions_estimate(f->small, &o, &err);
  assert_non_null(t);
  assert_int_equal(t->m, 5);
  assert_int_equal(t->n_pairs, 17);
  assert_int_equal(t->n_entities, 5);
  assert_int_equal(t->opt.year_lo, 2001);
  assert_int_equal(t->opt.year_hi, 2004);
  static const double want[5][5] = {{1, 1, 0, 0, 0},
                                    {1, 2, 2, 0, 1},
                                    {0, 3, 3, 1, 0},
                                    {0, 0, 1, 1, 0},
                                    {0, 0, 0, 0, 0}};
  for (size_t i = 0; i < 5; i++)
    for (size_t j = 0; j < 5; j++)
      assert_near(t->count[i * 5 + j], want[i][j], 0);
  static const double rows[5] = {2, 6, 7, 2, 0};
  for (size_t i = 0; i < 5; i++)
    assert_near(t->row_total[i], rows[i], 0);
  /* countries behind each row: 1 Alpha; 2 Alpha, Beta, Delta, Côte;
   * WL Beta, Gamma, Delta, Côte; 3 Beta, Gamma */
  static const size_t ents[5] = {1, 4, 4, 2, 0};
  for (size_t i = 0; i < 5; i++) assert_int_equal(t->row_entities[i], ents[i]);
  /* p = n_ij / n_i: WL>2 = 3/7, 2>WL = 2/6 */
  assert_near(tt_transitions_p(t, 2, 1), 3.0 / 7.0, 1e-15);
  assert_near(tt_transitions_p(t, 1, 2), 2.0 / 6.0, 1e-15);
  /* rows with data sum to 1; the SC row has none and is NaN */
  for (size_t i = 0; i < 4; i++) {
    double s = 0;
    for (size_t j = 0; j < 5; j++) s += tt_transitions_p(t, i, j);
    assert_near(s, 1.0, 1e-15);
  }
  assert_true(isnan(tt_transitions_p(t, 4, 0)));
  assert_true(isnan(t->lower[4 * 5 + 4]));
  tt_transitions_free(t);
}

/* Wilson: centre (p + z^2/2n) / (1 + z^2/n), half-width
 * z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2), z = 1.959963984540054.
 *   1 of 2: centre 0.5, half 0.67105 * 0.60425 = 0.405469
 *           -> 0.0945312057, 0.9054687943
 *   3 of 7: 0.1582198553, 0.7495416355
 *   0 of 5: 0 exactly, 0.4344824648
 *   5 of 5: 0.5655175352, 1 exactly
 *   2 of 6: 0.0967714111, 0.7000066849 */
static void wilson(void **state) {
  (void)state;
  double lo, hi;
  tt_transitions_wilson(1, 2, 0.95, &lo, &hi);
  assert_near(lo, 0.0945312057342, 1e-10);
  assert_near(hi, 0.9054687942658, 1e-10);
  tt_transitions_wilson(3, 7, 0.95, &lo, &hi);
  assert_near(lo, 0.1582198552515, 1e-10);
  assert_near(hi, 0.7495416354723, 1e-10);
  tt_transitions_wilson(0, 5, 0.95, &lo, &hi);
  assert_true(lo == 0.0);
  assert_near(hi, 0.4344824647832, 1e-10);
  tt_transitions_wilson(5, 5, 0.95, &lo, &hi);
  assert_near(lo, 0.5655175352168, 1e-10);
  assert_true(hi == 1.0);
  tt_transitions_wilson(0, 0, 0.95, &lo, &hi);
  assert_true(isnan(lo) && isnan(hi));
}

/* The matrix carries the Wilson bounds of its cells: WL>2 is 3 of 7,
 * 2>WL is 2 of 6. */
static void wilson_in_matrix(void **state) {
  fixture *f = *state;
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  tt_error err;
  tt_transitions *t = tt_transitions_estimate(f->small, &o, &err);
  assert_non_null(t);
  assert_near(t->lower[2 * 5 + 1], 0.1582198552515, 1e-10);
  assert_near(t->upper[2 * 5 + 1], 0.7495416354723, 1e-10);
  assert_near(t->lower[1 * 5 + 2], 0.0967714111058, 1e-10);
  assert_near(t->upper[1 * 5 + 2], 0.7000066848616, 1e-10);
  tt_transitions_free(t);
}

/* Horizon 2 on the small panel, pairs y -> y+2 with y+1 present:
 *   Alpha 1>2 (01-03), 1>2 (02-04), 2>1 (03-05)
 *   Beta  2>WL, WL>3, WL>WL
 *   Gamma none: 2003 is absent and breaks every chain
 *   Delta 2>2 (02-04), WL>SC (03-05)
 *   Côte  WL>WL, WL>2, WL>2
 * = 11 pairs from 4 countries; first years 2001-2003. */
static void horizon_two(void **state) {
  fixture *f = *state;
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  o.horizon = 2;
  tt_error err;
  tt_transitions *t = tt_transitions_estimate(f->small, &o, &err);
  assert_non_null(t);
  assert_int_equal(t->n_pairs, 11);
  assert_int_equal(t->n_entities, 4);
  assert_int_equal(t->opt.year_hi, 2003);
  assert_near(cnt(t, T1, T2), 2, 0);
  assert_near(cnt(t, T2, T1), 1, 0);
  assert_near(cnt(t, T2, WL), 1, 0);
  assert_near(cnt(t, T2, T2), 1, 0);
  assert_near(cnt(t, WL, WL), 2, 0);
  assert_near(cnt(t, WL, T2), 2, 0);
  assert_near(cnt(t, WL, T3), 1, 0);
  assert_near(cnt(t, WL, SC), 1, 0);
  assert_near(cnt(t, T3, WL), 0, 0); /* Gamma's gap */
  tt_transitions_free(t);
}

/* --from/--to select first years: 2002-2003 keeps the pairs starting
 * in 2002 or 2003:
 *   Alpha 1>2, 2>2; Beta WL>WL, WL>3; Gamma none (2003 absent);
 *   Delta 2>WL, WL>2; Côte WL>WL, WL>2  = 8 */
static void year_window(void **state) {
  fixture *f = *state;
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  o.year_lo = 2002;
  o.year_hi = 2003;
  tt_error err;
  tt_transitions *t = tt_transitions_estimate(f->small, &o, &err);
  assert_non_null(t);
  assert_int_equal(t->n_pairs, 8);
  assert_near(cnt(t, WL, WL), 2, 0);
  assert_near(cnt(t, WL, T2), 2, 0);
  assert_near(cnt(t, T1, T1), 0, 0);
  tt_transitions_free(t);
}

/* Unranked modes at horizon 1: include keeps SC as a state (2>SC = 1);
 * exclude and adjust drop it (16 pairs); adjust records the removed
 * move in the Tier 2 row. */
static void unranked_modes(void **state) {
  fixture *f = *state;
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  tt_error err;
  o.unranked = TT_UNRANKED_EXCLUDE;
  tt_transitions *t = tt_transitions_estimate(f->small, &o, &err);
  assert_non_null(t);
  assert_int_equal(t->m, 4);
  assert_int_equal(t->n_pairs, 16);
  assert_near(t->removed[1], 0, 0);
  /* Tier 2 row renormalised over 5 pairs: 2>2 = 2/5 */
  assert_near(tt_transitions_p(t, 1, 1), 0.4, 1e-15);
  tt_transitions_free(t);
  o.unranked = TT_UNRANKED_ADJUST;
  t = tt_transitions_estimate(f->small, &o, &err);
  assert_non_null(t);
  assert_int_equal(t->m, 4);
  assert_int_equal(t->n_pairs, 16);
  assert_near(t->removed[1], 1, 0);
  assert_near(tt_transitions_p(t, 1, 1), 0.4, 1e-15);
  tt_transitions_free(t);
}

/* Exclude and adjust differ when a chain passes through an unranked
 * year: E0 = 2, SC, 2 at horizon 2 is a 2>2 pair under adjust (and
 * include) but broken under exclude. E1 = WL, WL, SC: WL>WL at horizon
 * 1 in every mode; WL>SC is removed under adjust. */
static void unranked_chain(void **state) {
  fixture *f = *state;
  const uint8_t cells[] = {T2, SC, T2, WL, WL, SC};
  tt_panel *p = panel_of(f->tip, 2, 3, cells);
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  o.horizon = 2;
  tt_error err;
  o.unranked = TT_UNRANKED_ADJUST;
  tt_transitions *t = tt_transitions_estimate(p, &o, &err);
  assert_non_null(t);
  assert_int_equal(t->n_pairs, 1);
  assert_near(cnt(t, T2, T2), 1, 0);
  assert_near(t->removed[2], 1, 0); /* WL>SC two years on */
  tt_transitions_free(t);
  o.unranked = TT_UNRANKED_EXCLUDE;
  t = tt_transitions_estimate(p, &o, &err);
  assert_null(t); /* no pair left at all */
  assert_int_equal(err.code, TT_EDATA);
  o.unranked = TT_UNRANKED_INCLUDE;
  t = tt_transitions_estimate(p, &o, &err);
  assert_non_null(t);
  assert_int_equal(t->n_pairs, 2);
  assert_near(cnt(t, WL, SC), 1, 0);
  tt_transitions_free(t);
  tt_panel_free(p);
}

/* Groups select entities: North = Alpha, Beta (8 pairs). */
static void group_filter(void **state) {
  fixture *f = *state;
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  o.group = tt_panel_find_group(f->small, "North");
  assert_true(o.group >= 0);
  tt_error err;
  tt_transitions *t = tt_transitions_estimate(f->small, &o, &err);
  assert_non_null(t);
  assert_int_equal(t->n_pairs, 8);
  assert_int_equal(t->n_entities, 2);
  assert_near(cnt(t, T3, WL), 1, 0);
  tt_transitions_free(t);
}

/* Per-entity counts: the sum over entities is the matrix, and repeated
 * indices count twice. */
static void pair_counts(void **state) {
  fixture *f = *state;
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  tt_error err;
  tt_pair_counts *c = tt_transitions_count(f->small, &o, &err);
  assert_non_null(c);
  assert_int_equal(c->n_entities, 5);
  assert_int_equal(c->n_pairs, 17);
  double m[25];
  size_t two_alpha[2] = {0, 0}; /* Alpha is entity 0 */
  tt_pair_counts_sum(c, two_alpha, 2, m);
  /* Alpha: 1>1, 1>2, 2>2, 2>1, each twice */
  assert_near(m[0 * 5 + 0], 2, 0);
  assert_near(m[0 * 5 + 1], 2, 0);
  assert_near(m[1 * 5 + 1], 2, 0);
  assert_near(m[1 * 5 + 0], 2, 0);
  double s = 0;
  for (size_t q = 0; q < 25; q++) s += m[q];
  assert_near(s, 8, 0);
  tt_pair_counts_free(c);
}

/* Bootstrap over two entities, A: 1>1, B: 1>2. A resample
 * of two entities holds AA, AB, BA or BB (1/4 each), so p(1>1) is 1,
 * 1/2 or 0 with chances 1/4, 1/2, 1/4: the 2.5% and 97.5% percentiles
 * of many resamples are 0 and 1. The same seed gives the same bounds.
 */
static void bootstrap(void **state) {
  fixture *f = *state;
  const uint8_t cells[] = {T1, T1, 0, T1, T2, 0}; /* A: 1>1, B: 1>2 */
  tt_panel *p = panel_of(f->tip, 2, 3, cells);
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  o.interval = TT_INTERVAL_BOOTSTRAP;
  o.bootstrap = 2000;
  o.seed = 42;
  tt_error err;
  tt_transitions *a = tt_transitions_estimate(p, &o, &err);
  tt_transitions *b = tt_transitions_estimate(p, &o, &err);
  assert_non_null(a);
  assert_non_null(b);
  assert_int_equal(a->n_resamples, 2000);
  assert_near(a->prob[0], 0.5, 0);
  assert_near(a->lower[0], 0.0, 0);
  assert_near(a->upper[0], 1.0, 0);
  for (size_t q = 0; q < a->m * a->m; q++) {
    if (isnan(a->lower[q])) {
      assert_true(isnan(b->lower[q]));
      continue;
    }
    assert_true(a->lower[q] == b->lower[q]);
    assert_true(a->upper[q] == b->upper[q]);
  }
  tt_transitions_free(a);
  tt_transitions_free(b);
  tt_panel_free(p);
}

/* On the small panel: the same seed reproduces every bound; another
 * seed changes some; every interval holds its point estimate's range
 * [0, 1] and lower <= upper. */
static void bootstrap_seed(void **state) {
  fixture *f = *state;
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  o.interval = TT_INTERVAL_BOOTSTRAP;
  o.bootstrap = 500;
  o.seed = 7;
  tt_error err;
  tt_transitions *a = tt_transitions_estimate(f->small, &o, &err);
  tt_transitions *b = tt_transitions_estimate(f->small, &o, &err);
  o.seed = 8;
  tt_transitions *c = tt_transitions_estimate(f->small, &o, &err);
  assert_non_null(a);
  assert_non_null(b);
  assert_non_null(c);
  int differs = 0;
  for (size_t q = 0; q < a->m * a->m; q++) {
    if (!(a->row_total[q / a->m] > 0)) continue;
    assert_true(a->lower[q] == b->lower[q] && a->upper[q] == b->upper[q]);
    assert_true(a->lower[q] >= 0 && a->lower[q] <= a->upper[q] &&
                a->upper[q] <= 1);
    differs |= a->lower[q] != c->lower[q] || a->upper[q] != c->upper[q];
  }
  assert_true(differs);
  assert_true(a->mob.stability_lo == b->mob.stability_lo);
  assert_true(a->mob.shorrocks_hi == b->mob.shorrocks_hi);
  assert_true(a->mob.stability_lo <= a->mob.stability &&
              a->mob.stability <= a->mob.stability_hi);
  tt_transitions_free(a);
  tt_transitions_free(b);
  tt_transitions_free(c);
}

/* A panel with repeated count lists, for the resampling by patterns.
 * 24 entities over 2001-2006, entity e following row e % 8:
 *   r0  1  1  2  2  -  -    1>1, 1>2, 2>2
 *   r1  2  2  -  1  1  2    2>2, 1>1, 1>2   (r0's counts, other order)
 *   r2 WL WL WL  3  3  3    WL>WL 2, WL>3, 3>3 2
 *   r3  1  2  1  2  1  2    1>2 3, 2>1 2
 *   r4 SC SC  2  2  2  -    SC>SC, SC>2, 2>2 2
 *   r5  -  -  -  -  1  -    no pair: not resampled
 *   r6  3 WL  2  1  1  1    3>WL, WL>2, 2>1, 1>1 2
 *   r7  1  1  2  2  -  -    r0 again
 * So 21 entities with pairs and 5 patterns, in order of first entity:
 * P0 = r0/r1/r7 (9 entities), P1 = r2, P2 = r3, P3 = r4, P4 = r6 (3
 * each). */
static tt_panel *panel_repeats(const tt_scale *s) {
  static const uint8_t rows[8][6] = {
      {T1, T1, T2, T2, 0, 0},   {T2, T2, 0, T1, T1, T2},
      {WL, WL, WL, T3, T3, T3}, {T1, T2, T1, T2, T1, T2},
      {SC, SC, T2, T2, T2, 0},  {0, 0, 0, 0, T1, 0},
      {T3, WL, T2, T1, T1, T1}, {T1, T1, T2, T2, 0, 0}};
  uint8_t cells[24 * 6];
  for (size_t e = 0; e < 24; e++)
    memcpy(cells + e * 6, rows[e % 8], 6);
  return panel_of(s, 24, 6, cells);
}

/* The grouping by hand (see panel_repeats), and resamples by patterns
 * equal, count for count, to the straightforward loop (draw each index,
 * add that entity's counts) from the same seed, with the generator left
 * in the same state. */
static void patterns_resample(void **state) {
  fixture *f = *state;
  tt_panel *p = panel_repeats(f->tip);
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  tt_error err;
  tt_pair_counts *c = tt_transitions_count(p, &o, &err);
  assert_non_null(c);
  tt_pair_patterns *pp = tt_pair_patterns_alloc(c, &err);
  assert_non_null(pp);
  assert_int_equal(c->n_entities, 21);
  assert_int_equal(pp->n_entities, 21);
  assert_int_equal(pp->n_patterns, 5);
  /* entities 0, 1 and 7 (r0, r1, r7; index 5 is entity 6, r6) */
  assert_int_equal(pp->pattern[0], 0);
  assert_int_equal(pp->pattern[1], 0);
  assert_int_equal(pp->pattern[2], 1);
  assert_int_equal(pp->pattern[5], 4);
  assert_int_equal(pp->pattern[6], 0);
  size_t tally[5] = {0};
  for (size_t k = 0; k < pp->n_entities; k++) tally[pp->pattern[k]]++;
  assert_int_equal(tally[0], 9);
  for (size_t q = 1; q < 5; q++) assert_int_equal(tally[q], 3);
  /* cell 1>1 (0): P0 once, P4 twice; cell 2>2 (1*5+1): P0 once, P3
   * twice; SC>2 (4*5+1): P3 once */
  assert_int_equal(pp->start[1] - pp->start[0], 2);
  assert_int_equal(pp->who[pp->start[0]], 0);
  assert_int_equal(pp->n[pp->start[0]], 1);
  assert_int_equal(pp->who[pp->start[0] + 1], 4);
  assert_int_equal(pp->n[pp->start[0] + 1], 2);
  assert_int_equal(pp->start[7] - pp->start[6], 2);
  assert_int_equal(pp->who[pp->start[6] + 1], 3);
  assert_int_equal(pp->n[pp->start[6] + 1], 2);
  assert_int_equal(pp->start[22] - pp->start[21], 1);
  assert_int_equal(pp->who[pp->start[21]], 3);

  gsl_rng *ra = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng *rb = gsl_rng_alloc(gsl_rng_mt19937);
  assert_non_null(ra);
  assert_non_null(rb);
  gsl_rng_set(ra, 5);
  gsl_rng_set(rb, 5);
  size_t idx[21];
  double want[25], got[25];
  int varies = 0;
  for (size_t b = 0; b < 500; b++) {
    for (size_t k = 0; k < 21; k++)
      idx[k] = (size_t)gsl_rng_uniform_int(ra, 21);
    tt_pair_counts_sum(c, idx, 21, want);
    tt_pair_patterns_resample(pp, rb, got);
    for (size_t q = 0; q < 25; q++) assert_near(got[q], want[q], 0);
    varies |= got[0] != 15; /* 1>1 in the data: 9 x 1 + 3 x 2 */
  }
  assert_true(varies);
  assert_true(gsl_rng_get(ra) == gsl_rng_get(rb));
  gsl_rng_free(ra);
  gsl_rng_free(rb);
  tt_pair_patterns_free(pp);
  tt_pair_counts_free(c);
  tt_panel_free(p);
}

/* Percentile bounds of the finite values of x[0..n), as DESIGN.md
 * defines the bootstrap interval. */
static void ref_percentile(double *x, size_t n, double level, double *lo,
                           double *hi) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite(x[i])) x[k++] = x[i];
  if (!k) {
    *lo = *hi = NAN;
    return;
  }
  gsl_sort(x, 1, k);
  *lo = gsl_stats_quantile_from_sorted_data(x, 1, k, (1 - level) / 2);
  *hi = gsl_stats_quantile_from_sorted_data(x, 1, k, (1 + level) / 2);
}

/* tt_transitions_estimate's bootstrap gives exactly the bounds of a
 * straightforward one written here: B times, draw n_entities indices with
 * gsl_rng_uniform_int from one MT19937 seeded with the seed, add up those
 * entities' counts, take p_ij = n_ij / n_i and the mobility figures; then
 * the percentiles of each. */
static void bootstrap_reference(void **state) {
  fixture *f = *state;
  tt_panel *p = panel_repeats(f->tip);
  enum { B = 400 };
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  o.interval = TT_INTERVAL_BOOTSTRAP;
  o.bootstrap = B;
  o.seed = 11;
  o.level = 0.9;
  tt_error err;
  tt_transitions *t = tt_transitions_estimate(p, &o, &err);
  assert_non_null(t);
  tt_pair_counts *c = tt_transitions_count(p, &o, &err);
  assert_non_null(c);
  const size_t m = c->m, ne = c->n_entities;
  assert_int_equal(m, 5);
  static double draws[25 + 5][B];
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  assert_non_null(r);
  gsl_rng_set(r, 11);
  size_t idx[21];
  double count[25];
  for (size_t b = 0; b < B; b++) {
    for (size_t k = 0; k < ne; k++)
      idx[k] = (size_t)gsl_rng_uniform_int(r, ne);
    tt_pair_counts_sum(c, idx, ne, count);
    for (size_t i = 0; i < m; i++) {
      double ni = 0;
      for (size_t j = 0; j < m; j++) ni += count[i * m + j];
      for (size_t j = 0; j < m; j++)
        draws[i * m + j][b] = ni > 0 ? count[i * m + j] / ni : NAN;
    }
    tt_mobility mob;
    tt_transitions_mobility(f->tip, m, c->state, count, &mob);
    draws[25][b] = mob.stability;
    draws[26][b] = mob.upgrade;
    draws[27][b] = mob.downgrade;
    draws[28][b] = mob.ratio;
    draws[29][b] = mob.shorrocks;
  }
  double lo, hi;
  int wide = 0;
  for (size_t q = 0; q < 25; q++) {
    ref_percentile(draws[q], B, 0.9, &lo, &hi);
    assert_near(t->lower[q], lo, 0);
    assert_near(t->upper[q], hi, 0);
    wide |= hi > lo;
  }
  assert_true(wide);
  const tt_mobility *mo = &t->mob;
  ref_percentile(draws[25], B, 0.9, &lo, &hi);
  assert_near(mo->stability_lo, lo, 0);
  assert_near(mo->stability_hi, hi, 0);
  ref_percentile(draws[26], B, 0.9, &lo, &hi);
  assert_near(mo->upgrade_lo, lo, 0);
  assert_near(mo->upgrade_hi, hi, 0);
  ref_percentile(draws[27], B, 0.9, &lo, &hi);
  assert_near(mo->downgrade_lo, lo, 0);
  assert_near(mo->downgrade_hi, hi, 0);
  ref_percentile(draws[28], B, 0.9, &lo, &hi);
  assert_near(mo->ratio_lo, lo, 0);
  assert_near(mo->ratio_hi, hi, 0);
  ref_percentile(draws[29], B, 0.9, &lo, &hi);
  assert_near(mo->shorrocks_lo, lo, 0);
  assert_near(mo->shorrocks_hi, hi, 0);
  gsl_rng_free(r);
  tt_pair_counts_free(c);
  tt_transitions_free(t);
  tt_panel_free(p);
}

/* Mobility on the small panel's counts (see counts_small):
 *   same: 1>1 1, 2>2 2, WL>WL 3, 3>3 1           = 7 of 17
 *   up:   2>1 1, WL>2 3, 3>WL 1                   = 5
 *   down: 1>2 1, 2>WL 2, WL>3 1                   = 4
 *   other: 2>SC                                   = 1
 *   ratio 5/4; Prais(2) = 1 - 2/6 = 2/3
 *   Shorrocks over the 4 rows with data: trace = 1/2 + 2/6 + 3/7 + 1/2
 *   = 1.76190..., (4 - trace) / 3 = 0.74603... */
static void mobility(void **state) {
  fixture *f = *state;
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  tt_error err;
  tt_transitions *t = tt_transitions_estimate(f->small, &o, &err);
  assert_non_null(t);
  const tt_mobility *mo = &t->mob;
  assert_near(mo->n_pairs, 17, 0);
  assert_near(mo->n_same, 7, 0);
  assert_near(mo->n_up, 5, 0);
  assert_near(mo->n_down, 4, 0);
  assert_near(mo->n_other, 1, 0);
  assert_near(mo->stability, 7.0 / 17.0, 1e-15);
  assert_near(mo->ratio, 1.25, 1e-15);
  assert_near(mo->prais[1], 2.0 / 3.0, 1e-15);
  assert_true(isnan(mo->prais[4]));
  double trace = 0.5 + 2.0 / 6.0 + 3.0 / 7.0 + 0.5;
  assert_near(mo->shorrocks, (4 - trace) / 3, 1e-15);
  /* Wilson for the stability share: 7 of 17 */
  double lo, hi;
  tt_transitions_wilson(7, 17, 0.95, &lo, &hi);
  assert_near(mo->stability_lo, lo, 0);
  assert_near(mo->stability_hi, hi, 0);
  tt_transitions_free(t);

  /* identity counts: nobody moves, Shorrocks 0, no downgrade -> NaN */
  int st[2] = {T1, T2};
  double id[4] = {3, 0, 0, 4};
  tt_mobility m2;
  tt_transitions_mobility(f->tip, 2, st, id, &m2);
  assert_near(m2.shorrocks, 0, 0);
  assert_near(m2.stability, 1, 0);
  assert_true(isnan(m2.ratio));
}

static void bad_options(void **state) {
  fixture *f = *state;
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  tt_error err;
  o.horizon = 0;
  assert_null(tt_transitions_estimate(f->small, &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
  tt_transitions_options_default(&o);
  o.interval = TT_INTERVAL_BOOTSTRAP;
  o.bootstrap = 0;
  assert_null(tt_transitions_estimate(f->small, &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
  tt_transitions_options_default(&o);
  o.level = 1.0;
  assert_null(tt_transitions_estimate(f->small, &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
  /* a horizon longer than the panel: no pairs, a data error */
  tt_transitions_options_default(&o);
  o.horizon = 9;
  assert_null(tt_transitions_estimate(f->small, &o, &err));
  assert_int_equal(err.code, TT_EDATA);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(counts_small),   cmocka_unit_test(wilson),
      cmocka_unit_test(wilson_in_matrix), cmocka_unit_test(horizon_two),
      cmocka_unit_test(year_window),    cmocka_unit_test(unranked_modes),
      cmocka_unit_test(unranked_chain), cmocka_unit_test(group_filter),
      cmocka_unit_test(pair_counts),    cmocka_unit_test(bootstrap),
      cmocka_unit_test(bootstrap_seed), cmocka_unit_test(patterns_resample),
      cmocka_unit_test(bootstrap_reference), cmocka_unit_test(mobility),
      cmocka_unit_test(bad_options),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
