/* Kaplan-Meier: the textbook continuous example and the discrete
 * convention for yearly spells. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "tt_load.h"
#include "tt_spells.h"
#include "tt_survival.h"

#define EPS 1e-5

/* Freireich et al. (1963), 6-MP arm, as in Gehan (1965) and most survival
 * textbooks (Klein and Moeschberger section 4.2; Collett): remission
 * times in weeks, + = censored:
 * 6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+.
 * By hand, S = prod (1 - d/n), Greenwood sum g = sum d / (n (n - d)):
 *   t=6:  n=21 d=3  S = 18/21          = 0.857143  g = 3/378  = 0.0079365
 *   t=7:  n=17 d=1  S = S * 16/17      = 0.806723  g += 1/272 -> 0.0116130
 *   t=10: n=15 d=1  S = S * 14/15      = 0.752941  g += 1/210 -> 0.0163749
 *   t=13: n=12 d=1  S = S * 11/12      = 0.690196  g += 1/132 -> 0.0239507
 *   t=16: n=11 d=1  S = S * 10/11      = 0.627451  g += 1/110 -> 0.0330416
 *   t=22: n=7  d=1  S = S * 6/7        = 0.537815  g += 1/42  -> 0.0568511
 *   t=23: n=6  d=1  S = S * 5/6        = 0.448179  g += 1/30  -> 0.0901845
 * se = S sqrt(g): 0.076360, 0.086935, 0.096350, 0.106815, 0.114054,
 * 0.128234, 0.134591 (the textbook's 0.0764, 0.0869, 0.0963, 0.1068,
 * 0.1141, 0.1282, 0.1346).
 * log-log 95%: c = 1.959964 sqrt(g) / |ln S|, band S^exp(+-c):
 *   t=6: c = 1.959964 * 0.0890871 / 0.1541507 = 1.132711,
 *        lower = 0.857143^3.10404 = 0.619718, upper = 0.857143^0.32215
 *        = 0.951552 (R: 0.620, 0.952).
 * Median: S(22) = 0.538 > 0.5 >= S(23) -> 23. Lower limit: the lower band
 * is 0.503 at 10 and 0.432 at 13 -> 13. Upper band never reaches 0.5
 * (0.680 at the last event) -> not reached (R: 23, 13, NA). */
static const double six_mp_t[] = {6,  6,  6,  6,  7,  9,  10, 10, 11, 13, 16,
                                  17, 19, 20, 22, 23, 25, 32, 32, 34, 35};
static const int six_mp_e[] = {1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1,
                                0, 0, 0, 1, 1, 0, 0, 0, 0, 0};

static size_t at_time(const tt_km *km, double t) {
  for (size_t j = 0; j < km->n_times; j++)
    if (km->time[j] == t) return j;
  fail_msg("time %g not in the table", t);
  return 0;
}

static void test_textbook(void **state) {
  (void)state;
  tt_error err;
  tt_km *km = tt_km_from_data(21, six_mp_t, six_mp_e, 0.95, &err);
  assert_non_null(km);
  assert_int_equal(km->n_times, 16); /* distinct times */
  assert_int_equal(km->n_spells, 21);
  assert_int_equal(km->n_events, 9);
  assert_int_equal(km->discrete, 0);
  const double t[] = {6, 7, 10, 13, 16, 22, 23};
  const double n[] = {21, 17, 15, 12, 11, 7, 6};
  const double s[] = {0.857143, 0.806723, 0.752941, 0.690196,
                      0.627451, 0.537815, 0.448179};
  const double se[] = {0.076360, 0.086935, 0.096350, 0.106815,
                       0.114054, 0.128234, 0.134591};
  for (int i = 0; i < 7; i++) {
    size_t j = at_time(km, t[i]);
    assert_float_equal(km->at_risk[j], n[i], 0);
    assert_float_equal(km->surv[j], s[i], EPS);
    assert_float_equal(km->se[j], se[i], EPS);
  }
  /* The censored time 6+ is at risk at 6 (continuous convention). */
  size_t j6 = at_time(km, 6);
  assert_float_equal(km->events[j6], 3, 0);
  assert_float_equal(km->censored[j6], 1, 0);
  assert_float_equal(km->lower[j6], 0.619718, EPS);
  assert_float_equal(km->upper[j6], 0.951552, EPS);
  size_t j13 = at_time(km, 13);
  assert_float_equal(km->lower[j13], 0.431610, EPS);
  assert_float_equal(km->upper[j13], 0.849066, EPS);
  assert_float_equal(km->median, 23, 0);
  assert_float_equal(km->median_lower, 13, 0);
  assert_true(isnan(km->median_upper));
  /* Step function between and before the times. */
  assert_float_equal(tt_km_at(km, 0), 1, 0);
  assert_float_equal(tt_km_at(km, 6.5), 0.857143, EPS);
  assert_float_equal(tt_km_at(km, 12.9), 0.752941, EPS);
  assert_float_equal(tt_km_at(km, 100), 0.448179, EPS);
  /* Band contains the estimate everywhere it is defined. */
  for (size_t k = 0; k < km->n_times; k++)
    if (!isnan(km->lower[k]))
      assert_true(km->lower[k] <= km->surv[k] && km->surv[k] <= km->upper[k]);
  tt_km_free(km);
}

/* Yearly spells: lengths 1 (exit), 1 (running), 2 (exit), 2 (running),
 * 3 (exit). Discrete convention: a spell running after k years is at risk
 * in years 1..k-1 only.
 *   t=1: at risk = spells longer than 1 (3) + the exit at 1 (1) = 4,
 *        d = 1, censored 1; S = 3/4.       Greenwood 1/(4*3) = 1/12.
 *   t=2: at risk = longer than 2 (1) + exit at 2 (1) = 2, d = 1,
 *        censored 1; S = 3/8.              Greenwood += 1/(2*1) -> 7/12.
 *   t=3: at risk 1, d = 1; S = 0.
 * se(1) = 0.75 sqrt(1/12) = 0.216506; se(2) = 0.375 sqrt(7/12) = 0.286410.
 * The continuous convention would put 5 at risk at t=1 (S = 4/5). */
static void test_discrete(void **state) {
  (void)state;
  tt_error err;
  const int len[] = {1, 1, 2, 2, 3}, ev[] = {1, 0, 1, 0, 1};
  tt_km *km = tt_km_from_discrete(5, len, ev, NULL, 0.95, &err);
  assert_non_null(km);
  assert_int_equal(km->discrete, 1);
  assert_int_equal(km->n_times, 3);
  assert_float_equal(km->at_risk[0], 4, 0);
  assert_float_equal(km->censored[0], 1, 0);
  assert_float_equal(km->surv[0], 0.75, 1e-12);
  assert_float_equal(km->se[0], 0.216506, EPS);
  assert_float_equal(km->at_risk[1], 2, 0);
  assert_float_equal(km->surv[1], 0.375, 1e-12);
  assert_float_equal(km->se[1], 0.286410, EPS);
  assert_float_equal(km->surv[2], 0, 0);
  assert_float_equal(km->lower[2], 0, 0); /* S = 0: lower 0, upper undefined */
  assert_true(isnan(km->upper[2]) && isnan(km->se[2]));
  assert_float_equal(km->median, 2, 0);
  tt_km_free(km);

  /* Delayed entry: a 4-year spell first seen in its 3rd year joins the
   * risk sets at t = 3 and 4 only. Now t=3: at risk 1 + 1 = 2, d = 1,
   * S = 3/8 * 1/2 = 3/16; t=4: at risk 1, d = 1, S = 0. */
  const int len2[] = {1, 1, 2, 2, 3, 4}, ev2[] = {1, 0, 1, 0, 1, 1};
  const int en2[] = {1, 1, 1, 1, 1, 3};
  km = tt_km_from_discrete(6, len2, ev2, en2, 0.95, &err);
  assert_non_null(km);
  assert_float_equal(km->at_risk[0], 4, 0);
  assert_float_equal(km->at_risk[2], 2, 0);
  assert_float_equal(km->surv[2], 3.0 / 16, 1e-12);
  assert_float_equal(km->at_risk[3], 1, 0);
  tt_km_free(km);
}

/* S exactly 1/2 on a step: four exits at 1, 2, 3, 4: S(2) = 1/2, so the
 * median is the midpoint 2.5 (as R reports). */
static void test_median_midpoint(void **state) {
  (void)state;
  tt_error err;
  const double t[] = {1, 2, 3, 4};
  const int e[] = {1, 1, 1, 1};
  tt_km *km = tt_km_from_data(4, t, e, 0.95, &err);
  assert_non_null(km);
  assert_float_equal(km->surv[1], 0.5, 1e-12);
  assert_float_equal(km->median, 2.5, 1e-12);
  tt_km_free(km);
}

static void test_errors(void **state) {
  (void)state;
  tt_error err;
  const double t[] = {1};
  const int e[] = {1};
  assert_null(tt_km_from_data(1, t, e, 1.0, &err));
  assert_int_equal(err.code, TT_EINVAL);
  const double bad[] = {-1};
  assert_null(tt_km_from_data(1, bad, e, 0.95, &err));
  assert_int_equal(err.code, TT_EDATA);
  const int len[] = {2}, ev[] = {1}, en[] = {3};
  assert_null(tt_km_from_discrete(1, len, ev, en, 0.95, &err));
  assert_int_equal(err.code, TT_EDATA);
  /* No data: an empty curve, median not reached. */
  tt_km *km = tt_km_from_data(0, t, e, 0.95, &err);
  assert_non_null(km);
  assert_int_equal(km->n_times, 0);
  assert_true(isnan(km->median));
  assert_float_equal(tt_km_at(km, 3), 1, 0);
  tt_km_free(km);
}

/* On tests/data/small.csv the Watch List spells are Beta 2002-03 (to
 * Tier 3), Beta 2005 (running), Gamma 2004 (to Tier 2), Delta 2003 (to
 * Tier 2) and Côte d'Ivoire 2001-03 (to Tier 2): lengths 2, 1+, 1, 1, 3.
 *   t=1: at risk 2 (longer) + 2 (exits at 1) = 4, d = 2: S = 1/2
 *   t=2: at risk 1 + 1 = 2, d = 1: S = 1/4;  t=3: 1, 1: S = 0.
 * S(1) is exactly 1/2, so the median is 1.5. */
static void test_estimate_panel(void **state) {
  (void)state;
  tt_error err;
  tt_scale *sc = tt_scale_alloc_tip();
  tt_panel *p = tt_panel_load_csv(TT_TEST_DATA "/small.csv", sc, NULL, NULL,
                                  &err);
  assert_non_null(p);
  tt_spells *sp = tt_spells_find(p, -1, p->year_min, p->year_max, &err);
  assert_non_null(sp);
  int wl = tt_scale_lookup(sc, "2WL", 3);
  tt_km *km = tt_km_estimate(sp, p, wl, TT_GROUP_NONE, 0.95, &err);
  assert_non_null(km);
  assert_int_equal(km->n_spells, 5);
  assert_int_equal(km->n_events, 4);
  assert_int_equal(km->n_times, 3);
  assert_float_equal(km->at_risk[0], 4, 0);
  assert_float_equal(km->events[0], 2, 0);
  assert_float_equal(km->censored[0], 1, 0);
  assert_float_equal(km->surv[0], 0.5, 1e-12);
  assert_float_equal(km->surv[1], 0.25, 1e-12);
  assert_float_equal(km->surv[2], 0, 0);
  assert_float_equal(km->median, 1.5, 1e-12);
  tt_km_free(km);
  /* Group South: Gamma, Delta, Côte d'Ivoire: lengths 1, 1, 3, all
   * exits. t=1: at risk 1 + 2 = 3, d = 2: S = 1/3. */
  int south = tt_panel_find_group(p, "South");
  km = tt_km_estimate(sp, p, wl, south, 0.95, &err);
  assert_non_null(km);
  assert_int_equal(km->n_spells, 3);
  assert_float_equal(km->surv[0], 1.0 / 3, 1e-12);
  tt_km_free(km);
  tt_spells_free(sp);
  tt_panel_free(p);
  tt_scale_free(sc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_textbook),
      cmocka_unit_test(test_discrete),
      cmocka_unit_test(test_median_midpoint),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_estimate_panel),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
