/* Trend statistics against hand values. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tt_load.h"
#include "tt_trends.h"

#define EPS 1e-6

/* x = 3, 3, 2.5, 2, 2 at t = 1..5 (an improving series with ties).
 * Pairs i<j, sign(x_j - x_i): (1,2) 0, (1,3..5) -1 -1 -1, (2,3..5) -1 -1
 * -1, (3,4) -1, (3,5) -1, (4,5) 0: S = -8.
 * Ties: two groups of 2 (3 and 2): sum t(t-1)(2t+5) = 2 * 18 = 36;
 * var S = (5*4*15 - 36) / 18 = 264/18 = 14.666667.
 * z = (S + 1) / sqrt(var) = -7 / 3.829708 = -1.827815; p = 2 Q(1.827815)
 * = 0.067577.
 * tau-b: n0 = 10, n2 = 1 + 1 = 2, tau_b = -8 / sqrt(10 * 8) = -0.894427.
 * Sen: slopes 0, -1/4, -1/3, -1/4, -1/2, -1/2, -1/3, -1/2, -1/4, 0;
 * sorted -.5 -.5 -.5 -.333 -.333 -.25 -.25 -.25 0 0: median
 * (-1/3 - 1/4) / 2 = -0.291667.
 * OLS: t mean 3, x mean 2.5, Sxx = 10, Sxy = -1 - .5 + 0 - .5 - 1 = -3:
 * slope -0.3, intercept 2.5 + 0.9 = 3.4; fitted 3.1 2.8 2.5 2.2 1.9,
 * residuals -.1 .2 0 -.2 .1, SSE = 0.1, s^2 = 0.1/3, se = sqrt(s^2 / 10)
 * = 0.057735, t = -5.196152, p (t, 3 df, two-sided) = 0.013847. */
static void test_mann_kendall_ties(void **state) {
  (void)state;
  tt_error err;
  const double t[] = {1, 2, 3, 4, 5}, x[] = {3, 3, 2.5, 2, 2};
  tt_trend_mk mk;
  assert_int_equal(tt_trends_mann_kendall(5, t, x, &mk, &err), TT_OK);
  assert_float_equal(mk.s, -8, 0);
  assert_float_equal(mk.var_s, 264.0 / 18, 1e-12);
  assert_float_equal(mk.z, -1.827815, EPS);
  assert_float_equal(mk.p, 0.067577, EPS);
  assert_float_equal(mk.tau_b, -0.894427, EPS);
  assert_float_equal(mk.sen, -0.291667, EPS);
  tt_trend_ols o;
  assert_int_equal(tt_trends_ols(5, t, x, &o), TT_OK);
  assert_float_equal(o.slope, -0.3, 1e-12);
  assert_float_equal(o.intercept, 3.4, 1e-12);
  assert_float_equal(o.se, 0.057735, EPS);
  assert_float_equal(o.t, -5.196152, EPS);
  assert_float_equal(o.p, 0.013847, EPS);
}

/* No ties, perfectly increasing: S = n(n-1)/2 = 6 for n = 4, var =
 * 4*3*13/18 = 8.666667, z = 5 / 2.943920 = 1.698416, tau_b = 1.
 * An exact line: se = 0, p = 0. All tied: S = 0, var = 0, z, p and tau
 * undefined; OLS slope 0 with no variation: p undefined. */
static void test_edges(void **state) {
  (void)state;
  tt_error err;
  const double t[] = {2001, 2002, 2003, 2004}, up[] = {1, 2, 2.5, 3};
  tt_trend_mk mk;
  tt_trends_mann_kendall(4, t, up, &mk, &err);
  assert_float_equal(mk.s, 6, 0);
  assert_float_equal(mk.var_s, 8.666667, EPS);
  assert_float_equal(mk.z, 1.698416, EPS);
  assert_float_equal(mk.tau_b, 1, 1e-12);
  const double line[] = {1, 1.5, 2, 2.5};
  tt_trend_ols o;
  tt_trends_ols(4, t, line, &o);
  assert_float_equal(o.slope, 0.5, 1e-9);
  assert_float_equal(o.p, 0, 0);
  const double flat[] = {2, 2, 2, 2};
  tt_trends_mann_kendall(4, t, flat, &mk, &err);
  assert_float_equal(mk.s, 0, 0);
  assert_float_equal(mk.var_s, 0, 1e-12);
  assert_true(isnan(mk.p) && isnan(mk.tau_b));
  assert_float_equal(mk.sen, 0, 0);
  tt_trends_ols(4, t, flat, &o);
  assert_float_equal(o.slope, 0, 1e-12);
  assert_true(isnan(o.p));
  /* Two points: a slope, no standard error. */
  tt_trends_ols(2, t, up, &o);
  assert_float_equal(o.slope, 1, 1e-12);
  assert_true(isnan(o.se) && isnan(o.p));
  tt_trends_ols(1, t, up, &o);
  assert_true(isnan(o.slope));
}

/* small.csv (values: Tier 1 = 1, 2 = 2, WL = 2.5, 3 = 3; SC unranked):
 *   Alpha 1 1 2 2 1        Beta 2 2.5 2.5 3 2.5
 *   Gamma 3 3 - 2.5 2      Delta - 2 2.5 2 SC      CIV 2.5 2.5 2.5 2 2 */
static void test_panel(void **state) {
  (void)state;
  tt_error err;
  tt_scale *sc = tt_scale_alloc_tip();
  tt_panel *p = tt_panel_load_csv(TT_TEST_DATA "/small.csv", sc, NULL, NULL,
                                  &err);
  assert_non_null(p);
  tt_trends *tr = tt_trends_estimate(p, 2001, 2005, TT_GROUP_NONE, 0.95, &err);
  assert_non_null(tr);
  assert_int_equal(tr->n_entities, 5);
  assert_int_equal(tr->n_years, 5);
  const tt_trend_entity *beta = NULL, *gamma = NULL, *delta = NULL;
  for (size_t i = 0; i < tr->n_entities; i++) {
    const char *c = p->codes[tr->entity[i].entity];
    if (!strcmp(c, "BBB")) beta = &tr->entity[i];
    if (!strcmp(c, "GGG")) gamma = &tr->entity[i];
    if (!strcmp(c, "DDD")) delta = &tr->entity[i];
  }
  assert_non_null(beta);
  assert_non_null(gamma);
  assert_non_null(delta);
  /* Beta: 2 -> 2.5 -> 2.5 -> 3 -> 2.5: net +0.5; moves: 01->02 down,
   * 03->04 down, 04->05 up: 1 upgrade, 2 downgrades in 4 pairs,
   * volatility 0.75. Years: Tier 2 1, WL 3, Tier 3 1; longest: WL 2
   * years from 2002.
   * OLS on centred years -2..2: Sxy = 1 + 0 + 0 + .5 + 0 = 1.5, slope
   * 0.15/yr = 1.5/decade; fitted 2.2 2.35 2.5 2.65 2.8, residuals -.2 .15
   * 0 .35 -.3, SSE .275, se = sqrt(.275/3/10) = .0957427/yr = .957427
   * per decade; t = 1.566699, p (3 df) = 0.215170.
   * MK: pairs (1,j) + + + +, (2,3) 0 (2,4) + (2,5) 0, (3,4) + (3,5) 0,
   * (4,5) -: S = 5; ties: one group of 3 (2.5): 3*2*11 = 66, var =
   * (300 - 66)/18 = 13, z = 4/sqrt(13) = 1.109400, p = 0.267257;
   * tau_b = 5 / sqrt(10 * 7) = 0.597614. */
  assert_int_equal(beta->n_obs, 5);
  assert_float_equal(beta->net_change, 0.5, 1e-12);
  assert_int_equal(beta->upgrades, 1);
  assert_int_equal(beta->downgrades, 2);
  assert_int_equal(beta->n_pairs, 4);
  assert_float_equal(beta->volatility, 0.75, 1e-12);
  assert_int_equal(beta->years_in[tt_scale_lookup(sc, "2WL", 3)], 3);
  assert_int_equal(beta->longest_length, 2);
  assert_int_equal(beta->longest_start, 2002);
  assert_float_equal(beta->ols.slope, 1.5, 1e-9);
  assert_float_equal(beta->ols.se, 0.957427, EPS);
  assert_float_equal(beta->ols.p, 0.215170, EPS);
  assert_float_equal(beta->mk.s, 5, 0);
  assert_float_equal(beta->mk.var_s, 13, 1e-12);
  assert_float_equal(beta->mk.z, 1.109400, EPS);
  assert_float_equal(beta->mk.p, 0.267257, EPS);
  assert_float_equal(beta->mk.tau_b, 0.597614, EPS);
  /* Gamma: the gap year 2003 breaks the pair 2002 -> 2004. Pairs: 01->02
   * same, 04->05 up. Net change 2 - 3 = -1 (an improvement). */
  assert_int_equal(gamma->n_pairs, 2);
  assert_int_equal(gamma->upgrades, 1);
  assert_int_equal(gamma->downgrades, 0);
  assert_float_equal(gamma->net_change, -1, 1e-12);
  assert_int_equal(gamma->longest_length, 2); /* Tier 3 2001-02 */
  /* Delta: Special Case 2005 is left out: ranked 2002-04, net 0. */
  assert_int_equal(delta->n_obs, 3);
  assert_int_equal(delta->n_present, 4);
  assert_int_equal(delta->last_year, 2004);
  assert_float_equal(delta->net_change, 0, 0);
  assert_int_equal(delta->years_in[tt_scale_lookup(sc, "SC", 2)], 1);

  /* 2001: values 1, 2, 3, 2.5 (Alpha, Beta, Gamma, CIV): mean 2.125,
   * squares of deviations 1.265625 + .015625 + .765625 + .140625 =
   * 2.1875, sd = sqrt(2.1875/3) = 0.853913; t(3, .975) = 3.182446:
   * 2.125 -+ 3.182446 * 0.853913 / 2 = [0.766235, 3.483765], which
   * leaves the scale's range [1, 3]: clipped to [1, 3].
   * Four states one each: entropy 2 bits.
   * 2003: Alpha 2, Beta 2.5, Delta 2.5, CIV 2.5: mean 2.375, squares
   * .140625 + 3 * .015625 = .1875, sd = sqrt(.0625) = .25, half-width
   * 3.182446 * .25 / 2 = .397806: [1.977194, 2.772806], inside. */
  const tt_trend_year *y1 = &tr->year[0];
  assert_int_equal(y1->n_present, 4);
  assert_float_equal(y1->mean, 2.125, 1e-12);
  assert_float_equal(y1->sd, 0.853913, EPS);
  assert_float_equal(y1->lower, 1, 0);
  assert_float_equal(y1->upper, 3, 0);
  const tt_trend_year *y3 = &tr->year[2];
  assert_float_equal(y3->mean, 2.375, 1e-12);
  assert_float_equal(y3->lower, 1.977194, EPS);
  assert_float_equal(y3->upper, 2.772806, EPS);
  assert_float_equal(y1->entropy, 2, 1e-12);
  assert_int_equal(y1->pairs, 0);
  /* 2004 (from 2003): Alpha same, Beta WL->3 down, Delta WL->2 up, CIV
   * WL->2 up; Gamma absent in 2003: 2 up, 1 down in 4 pairs.
   * 2005: Alpha up, Beta 3->WL up, Gamma WL->2 up, CIV same, Delta to SC
   * (unranked, no pair): 3 up, 0 down. Counts 1, 2, WL, SC = 1, 2, 1, 1
   * of 5: entropy = 3 * 0.2 log2 5 + 0.4 log2 2.5 = 1.921928 bits. */
  const tt_trend_year *y4 = &tr->year[3], *y5 = &tr->year[4];
  assert_int_equal(y4->upgrades, 2);
  assert_int_equal(y4->downgrades, 1);
  assert_int_equal(y4->pairs, 4);
  assert_int_equal(y5->upgrades, 3);
  assert_int_equal(y5->downgrades, 0);
  assert_int_equal(y5->n_present, 5);
  assert_int_equal(y5->n_ranked, 4);
  assert_float_equal(y5->mean, 1.875, 1e-12);
  assert_float_equal(y5->entropy, 1.921928, EPS);
  /* Counts sum to the entities present each year. */
  for (size_t i = 0; i < tr->n_years; i++) {
    size_t sum = 0;
    for (size_t k = 1; k <= sc->n; k++) sum += tr->year[i].count[k];
    assert_int_equal(sum, tr->year[i].n_present);
  }
  tt_trends_free(tr);

  /* Group North: Alpha and Beta only. */
  int north = tt_panel_find_group(p, "North");
  tr = tt_trends_estimate(p, 2001, 2005, north, 0.95, &err);
  assert_non_null(tr);
  assert_int_equal(tr->n_entities, 2);
  assert_float_equal(tr->year[0].mean, 1.5, 1e-12);
  tt_trends_free(tr);
  assert_null(tt_trends_estimate(p, 2001, 2005, TT_GROUP_NONE, 0, &err));
  assert_int_equal(err.code, TT_EINVAL);
  tt_panel_free(p);
  tt_scale_free(sc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mann_kendall_ties),
      cmocka_unit_test(test_edges),
      cmocka_unit_test(test_panel),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
