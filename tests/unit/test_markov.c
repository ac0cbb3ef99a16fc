/* Markov chains: classes, steady state, projection, powers, first-passage
 * and occupation times, on small chains solved by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assert_near.h"
#include "tt_load.h"
#include "tt_markov.h"

static const int ST3[3] = {1, 2, 3};

/* A birth-death chain
 *   P = | 1/2 1/2  0  |
 *       | 1/4 1/2 1/4 |
 *       |  0  1/2 1/2 |
 * Detailed balance pi_0 / 2 = pi_1 / 4, pi_1 / 4 = pi_2 / 2 gives
 * pi = (1/4, 1/2, 1/4). */
static const double BD[9] = {0.5, 0.5, 0, 0.25, 0.5, 0.25, 0, 0.5, 0.5};

static void steady_state(void **state) {
  (void)state;
  tt_error err;
  tt_error_clear(&err);
  tt_markov *mc = tt_markov_alloc(3, ST3, BD, &err);
  assert_non_null(mc);
  assert_int_equal(mc->n_classes, 1);
  assert_int_equal(mc->class_kind[0], TT_CLASS_RECURRENT);
  assert_true(mc->steady_unique);
  assert_int_equal(mc->period, 1);
  assert_non_null(mc->steady);
  assert_near(mc->steady[0], 0.25, 1e-15);
  assert_near(mc->steady[1], 0.5, 1e-15);
  assert_near(mc->steady[2], 0.25, 1e-15);
  tt_markov_free(mc);
}

/* pi P = pi to 1e-12 on an awkward chain: the bundled data's one-year
 * matrix shape (five states, small and large probabilities). */
static void steady_identity(void **state) {
  (void)state;
  static const double P[25] = {
      0.92, 0.077, 0.0, 0.0, 0.003,   0.034, 0.791, 0.165, 0.0095, 0.0005,
      0.0, 0.371, 0.517, 0.108, 0.004, 0.004, 0.064, 0.2, 0.719, 0.013,
      0.0, 0.186, 0.093, 0.012, 0.709};
  static const int st[5] = {1, 2, 3, 4, 5};
  tt_error err;
  tt_markov *mc = tt_markov_alloc(5, st, P, &err);
  assert_non_null(mc);
  assert_true(mc->steady_unique);
  double sum = 0;
  for (size_t j = 0; j < 5; j++) {
    double x = 0;
    for (size_t i = 0; i < 5; i++) x += mc->steady[i] * P[i * 5 + j];
    assert_near(x, mc->steady[j], 1e-12);
    assert_true(mc->steady[j] > 0);
    sum += mc->steady[j];
  }
  assert_near(sum, 1.0, 1e-12);
  tt_markov_free(mc);
}

/* First passage on the birth-death chain, to state 0:
 *   m10 = 1 + m10/2 + m20/4,  m20 = 1 + m10/2 + m20/2
 *   -> m20 = 2 + m10, m10 = 1.5 + 3 m10 / 4 -> m10 = 6, m20 = 8;
 *   return m00 = 1 + m10 / 2 = 4 = 1 / pi_0.
 * To state 1: m01 = 1 + m01/2 -> 2, m21 = 2 by symmetry; return
 *   m11 = 1 + (1/4)(2) + (1/4)(2) = 2 = 1 / pi_1. */
static void passage(void **state) {
  (void)state;
  tt_error err;
  tt_markov *mc = tt_markov_alloc(3, ST3, BD, &err);
  assert_non_null(mc);
  double fp[9];
  assert_int_equal(tt_markov_passage(mc, fp, &err), TT_OK);
  assert_near(fp[1 * 3 + 0], 6, 1e-12);
  assert_near(fp[2 * 3 + 0], 8, 1e-12);
  assert_near(fp[0 * 3 + 0], 4, 1e-12);
  assert_near(fp[0 * 3 + 1], 2, 1e-12);
  assert_near(fp[2 * 3 + 1], 2, 1e-12);
  assert_near(fp[1 * 3 + 1], 2, 1e-12);
  assert_near(fp[0 * 3 + 2], 8, 1e-12); /* mirror of m20 */
  assert_near(fp[2 * 3 + 2], 4, 1e-12);
  tt_markov_free(mc);
}

/* Projection and powers: from (1, 0, 0),
 *   step 1 = row 0 of P = (1/2, 1/2, 0)
 *   step 2 = (1/2)(1/2, 1/2, 0) + (1/2)(1/4, 1/2, 1/4) = (3/8, 1/2, 1/8)
 * which is row 0 of P^2; expected years over 2 steps from 0 =
 *   (1/2 + 3/8, 1/2 + 1/2, 0 + 1/8) = (7/8, 1, 1/8). */
static void projection(void **state) {
  (void)state;
  tt_error err;
  tt_markov *mc = tt_markov_alloc(3, ST3, BD, &err);
  assert_non_null(mc);
  double start[3] = {1, 0, 0};
  tt_projection *pr = tt_markov_project(mc, start, 2, 2025, &err);
  assert_non_null(pr);
  assert_int_equal(pr->k, 2);
  assert_int_equal(pr->year0, 2025);
  assert_near(pr->dist[0], 1, 0);
  assert_near(pr->dist[3 + 0], 0.5, 1e-15);
  assert_near(pr->dist[3 + 1], 0.5, 1e-15);
  assert_near(pr->dist[6 + 0], 0.375, 1e-15);
  assert_near(pr->dist[6 + 1], 0.5, 1e-15);
  assert_near(pr->dist[6 + 2], 0.125, 1e-15);
  tt_projection_free(pr);
  double P2[9], occ[9];
  assert_int_equal(tt_markov_power(mc, 2, P2, &err), TT_OK);
  assert_near(P2[0], 0.375, 1e-15);
  assert_near(P2[2], 0.125, 1e-15);
  assert_int_equal(tt_markov_power(mc, 0, P2, &err), TT_OK);
  assert_near(P2[0], 1, 0);
  assert_near(P2[1], 0, 0);
  assert_int_equal(tt_markov_occupation_horizon(mc, 2, occ, &err), TT_OK);
  assert_near(occ[0], 0.875, 1e-15);
  assert_near(occ[1], 1.0, 1e-15);
  assert_near(occ[2], 0.125, 1e-15);
  for (size_t i = 0; i < 3; i++)
    assert_near(occ[i * 3] + occ[i * 3 + 1] + occ[i * 3 + 2], 2, 1e-14);
  /* a start that does not sum to 1 is refused */
  double bad[3] = {0.5, 0.2, 0.2};
  assert_null(tt_markov_project(mc, bad, 2, 2025, &err));
  assert_int_equal(err.code, TT_EINVAL);
  tt_markov_free(mc);
}

/* An absorbing state with a transient class:
 *   P = |  1   0   0  |
 *       | 0.2 0.5 0.3 |
 *       | 0.1 0.4 0.5 |
 * Classes: {0} absorbing, {1, 2} transient (they reach each other and
 * leak to 0). One closed class, so pi = (1, 0, 0) is unique.
 * N = (I - Q)^-1, I - Q = | 0.5 -0.3 |, det = 0.25 - 0.12 = 0.13,
 *                         |-0.4  0.5 |
 * N = (1/0.13) | 0.5 0.3 | = | 3.846154 2.307692 |
 *              | 0.4 0.5 |   | 3.076923 3.846154 |
 * Mean passage to 0 = row sums of N: 0.8/0.13 = 6.153846 from 1,
 * 0.9/0.13 = 6.923077 from 2. State 0 is left never: passages out of it
 * are infinite; its return time is 1. */
static void absorbing(void **state) {
  (void)state;
  static const double P[9] = {1, 0, 0, 0.2, 0.5, 0.3, 0.1, 0.4, 0.5};
  tt_error err;
  tt_markov *mc = tt_markov_alloc(3, ST3, P, &err);
  assert_non_null(mc);
  assert_int_equal(mc->n_classes, 2);
  assert_int_equal(mc->n_closed, 1);
  assert_int_equal(mc->class_of[1], mc->class_of[2]);
  assert_true(mc->class_of[0] != mc->class_of[1]);
  assert_int_equal(mc->class_kind[mc->class_of[0]], TT_CLASS_ABSORBING);
  assert_int_equal(mc->class_kind[mc->class_of[1]], TT_CLASS_TRANSIENT);
  assert_true(mc->steady_unique);
  assert_near(mc->steady[0], 1, 1e-15);
  assert_near(mc->steady[1], 0, 0);
  assert_near(mc->steady[2], 0, 0);
  double N[9];
  assert_int_equal(tt_markov_occupation(mc, N, &err), TT_OK);
  assert_near(N[1 * 3 + 1], 0.5 / 0.13, 1e-12);
  assert_near(N[1 * 3 + 2], 0.3 / 0.13, 1e-12);
  assert_near(N[2 * 3 + 1], 0.4 / 0.13, 1e-12);
  assert_near(N[2 * 3 + 2], 0.5 / 0.13, 1e-12);
  assert_true(isnan(N[0]) && isnan(N[1 * 3 + 0]) && isnan(N[0 * 3 + 1]));
  double fp[9];
  assert_int_equal(tt_markov_passage(mc, fp, &err), TT_OK);
  assert_near(fp[1 * 3 + 0], 0.8 / 0.13, 1e-12);
  assert_near(fp[2 * 3 + 0], 0.9 / 0.13, 1e-12);
  assert_near(fp[0 * 3 + 0], 1, 0);
  assert_true(isinf(fp[0 * 3 + 1]) && isinf(fp[0 * 3 + 2]));
  /* 1 reaches 2 only with some chance (it may be absorbed first) */
  assert_true(isinf(fp[1 * 3 + 2]) && isinf(fp[2 * 3 + 1]));
  tt_markov_free(mc);
}

/* Two absorbing states: no single steady state.
 *   P = | 1   0   0  |
 *       | 0.3 0.4 0.3|
 *       | 0   0   1  |
 * N for the transient state 1 = 1 / (1 - 0.4) = 5/3. */
static void two_absorbing(void **state) {
  (void)state;
  static const double P[9] = {1, 0, 0, 0.3, 0.4, 0.3, 0, 0, 1};
  tt_error err;
  tt_markov *mc = tt_markov_alloc(3, ST3, P, &err);
  assert_non_null(mc);
  assert_int_equal(mc->n_classes, 3);
  assert_int_equal(mc->n_closed, 2);
  assert_false(mc->steady_unique);
  assert_null(mc->steady);
  assert_int_equal(mc->period, 0);
  assert_int_equal(mc->class_kind[mc->class_of[0]], TT_CLASS_ABSORBING);
  assert_int_equal(mc->class_kind[mc->class_of[2]], TT_CLASS_ABSORBING);
  assert_int_equal(mc->class_kind[mc->class_of[1]], TT_CLASS_TRANSIENT);
  double N[9];
  assert_int_equal(tt_markov_occupation(mc, N, &err), TT_OK);
  assert_near(N[4], 5.0 / 3.0, 1e-12);
  tt_markov_free(mc);
}

/* A two-state flip chain is periodic with period 2; pi = (1/2, 1/2);
 * a closed class of two states is recurrent, not absorbing. */
static void periodic(void **state) {
  (void)state;
  static const double P[4] = {0, 1, 1, 0};
  static const int st[2] = {1, 2};
  tt_error err;
  tt_markov *mc = tt_markov_alloc(2, st, P, &err);
  assert_non_null(mc);
  assert_int_equal(mc->period, 2);
  assert_int_equal(mc->class_kind[0], TT_CLASS_RECURRENT);
  assert_near(mc->steady[0], 0.5, 1e-15);
  double fp[4];
  assert_int_equal(tt_markov_passage(mc, fp, &err), TT_OK);
  assert_near(fp[0], 2, 1e-15);
  assert_near(fp[1], 1, 1e-15);
  tt_markov_free(mc);
}

static void bad_matrix(void **state) {
  (void)state;
  static const double P[4] = {0.5, 0.4, 0, 1};
  static const int st[2] = {1, 2};
  tt_error err;
  tt_error_clear(&err);
  assert_null(tt_markov_alloc(2, st, P, &err));
  assert_int_equal(err.code, TT_EDATA);
  assert_non_null(strstr(err.msg, "row 1"));
  static const double Q[4] = {1.5, -0.5, 0, 1};
  assert_null(tt_markov_alloc(2, st, Q, &err));
  assert_int_equal(err.code, TT_EDATA);
}

/* From an estimated matrix: on the small panel, Special Case is entered
 * (Delta, 2005) but never left, so its row has no data: it stays put,
 * is flagged, and is absorbing; the four tiers leak into it, so they are
 * transient and the steady state is all Special Case. Excluding unranked
 * states leaves the four tiers, which all communicate. */
static void from_estimate(void **state) {
  (void)state;
  tt_scale *tip = tt_scale_alloc_tip();
  tt_error err;
  tt_panel *p = tt_panel_load_csv(TT_TEST_DATA "/small.csv", tip, NULL, NULL,
                                  &err);
  assert_non_null(p);
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  tt_transitions *t = tt_transitions_estimate(p, &o, &err);
  assert_non_null(t);
  tt_markov *mc = tt_markov_from_transitions(t, &err);
  assert_non_null(mc);
  assert_int_equal(mc->m, 5);
  assert_int_equal(mc->no_data[4], 1);
  assert_int_equal(mc->class_kind[mc->class_of[4]], TT_CLASS_ABSORBING);
  assert_int_equal(mc->class_kind[mc->class_of[0]], TT_CLASS_TRANSIENT);
  assert_true(mc->steady_unique);
  assert_near(mc->steady[4], 1, 1e-12);
  tt_markov_free(mc);
  tt_transitions_free(t);

  o.unranked = TT_UNRANKED_EXCLUDE;
  t = tt_transitions_estimate(p, &o, &err);
  assert_non_null(t);
  mc = tt_markov_from_transitions(t, &err);
  assert_non_null(mc);
  assert_int_equal(mc->m, 4);
  assert_int_equal(mc->n_classes, 1);
  assert_true(mc->steady_unique);
  for (size_t i = 0; i < 4; i++) assert_int_equal(mc->no_data[i], 0);
  double sum = 0;
  for (size_t j = 0; j < 4; j++) {
    double x = 0;
    for (size_t i = 0; i < 4; i++) x += mc->steady[i] * mc->P[i * 4 + j];
    assert_near(x, mc->steady[j], 1e-12);
    sum += mc->steady[j];
  }
  assert_near(sum, 1, 1e-12);
  /* By hand: without SC the rows are 1: (1/2, 1/2, 0, 0), 2: (1/5, 2/5,
   * 2/5, 0), WL: (0, 3/7, 3/7, 1/7), 3: (0, 0, 1/2, 1/2): a birth-death
   * chain, so detailed balance holds: pi1/2 = pi2/5, 2 pi2/5 = 3 pi3/7,
   * pi3/7 = pi4/2; pi1 = 6 gives pi2 = 15, pi3 = 14, pi4 = 4, of 39. */
  assert_near(mc->steady[0], 6.0 / 39, 1e-14);
  assert_near(mc->steady[1], 15.0 / 39, 1e-14);
  assert_near(mc->steady[2], 14.0 / 39, 1e-14);
  assert_near(mc->steady[3], 4.0 / 39, 1e-14);
  tt_markov_free(mc);
  tt_transitions_free(t);

  /* a window with no Special Case at all leaves it out of the chain:
   * first years 2001-2002 (Delta's SC is in 2005) */
  o.unranked = TT_UNRANKED_INCLUDE;
  o.year_hi = 2002;
  t = tt_transitions_estimate(p, &o, &err);
  assert_non_null(t);
  mc = tt_markov_from_transitions(t, &err);
  assert_non_null(mc);
  for (size_t i = 0; i < mc->m; i++) assert_true(mc->state[i] != 5);
  tt_markov_free(mc);
  tt_transitions_free(t);
  tt_panel_free(p);
  tt_scale_free(tip);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(steady_state), cmocka_unit_test(steady_identity),
      cmocka_unit_test(passage),      cmocka_unit_test(projection),
      cmocka_unit_test(absorbing),    cmocka_unit_test(two_absorbing),
      cmocka_unit_test(periodic),     cmocka_unit_test(bad_matrix),
      cmocka_unit_test(from_estimate),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
