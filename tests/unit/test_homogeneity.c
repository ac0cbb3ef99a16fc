/* Anderson-Goodman homogeneity and Markov order tests: G2, X2 and degrees
 * of freedom worked out by hand, the small-count warning, the permutation
 * p-value, and the parts built from a panel. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assert_near.h"
#include "tt_homogeneity.h"
#include "tt_load.h"

#include "small_panel.h"

/* Two groups, two states:
 *   A = | 8 2 |   B = | 4 6 |
 *       | 3 7 |       | 5 5 |
 * Row 0: columns 12, 8 of 20; each group has 10, so e = 6, 4 for both.
 * Row 1: columns 8, 12 of 20; e = 4, 6 for both.
 * G2 = 2 [8 ln(8/6) + 2 ln(2/4) + 4 ln(4/6) + 6 ln(6/4)
 *        + 3 ln(3/4) + 7 ln(7/6) + 5 ln(5/4) + 5 ln(5/6)]
 *    = 2 [2.301457 - 1.386294 - 1.621860 + 2.432791
 *        - 0.863046 + 1.079055 + 1.115718 - 0.911608] = 4.2924219
 * X2 = 2 (2^2/6 + 2^2/4) + 2 (1^2/4 + 1^2/6) = 3.333333 + 0.833333
 *    = 4.1666667
 * df = (2-1)(2-1) + (2-1)(2-1) = 2; with 2 df the chi-square tail is
 * exp(-x/2): p(G2) = exp(-2.14621095) = 0.1169264. All 8 expected counts
 * are 4 or 6: 4 of 8 below 5 (50% > 20%), so the warning is on. */
static void two_by_two(void **state) {
  (void)state;
  static const double n[8] = {8, 2, 3, 7, 4, 6, 5, 5};
  tt_homogeneity_stat s;
  tt_error err;
  assert_int_equal(tt_homogeneity_test(2, 2, n, &s, &err), TT_OK);
  assert_near(s.g2, 4.292421897494853, 1e-12);
  assert_near(s.x2, 25.0 / 6.0, 1e-12);
  assert_int_equal(s.df, 2);
  assert_near(s.p_g2, exp(-s.g2 / 2), 1e-14);
  assert_near(s.p_g2, 0.1169264, 1e-7);
  assert_near(s.p_x2, exp(-s.x2 / 2), 1e-14);
  assert_near(s.n, 40, 0);
  assert_int_equal(s.n_parts, 2);
  assert_int_equal(s.n_cells, 8);
  assert_int_equal(s.n_small, 4);
  assert_near(s.min_expected, 4, 1e-12);
  assert_true(s.small_expected);
  assert_true(isnan(s.p_perm));
}

/* Empty rows and columns reduce the degrees of freedom:
 *   A = | 5 5 0 |   B = | 3 7 0 |
 *       | 2 6 2 |       | 4 4 2 |
 *       | 0 0 0 |       | 1 1 3 |
 * Row 0: column 2 is empty in both: (2-1)(2-1) = 1; e = 4, 6 each.
 * Row 1: (2-1)(3-1) = 2; columns 6, 10, 4 of 20, e = 3, 5, 2 each.
 * Row 2: only B has moves: (1-1)(3-1) = 0, and e = n.
 * df = 3.
 * G2 = 2 [5 ln(5/4) + 5 ln(5/6) + 3 ln(3/4) + 7 ln(7/6)
 *        + 2 ln(2/3) + 6 ln(6/5) + 4 ln(4/3) + 4 ln(4/5)] = 1.9225434
 * X2 = 2 (1/4 + 1/6) + 2 (1/3 + 1/5) = 1.9
 * Cells in rows that carry df: 4 + 6 = 10, of which 6 are below 5
 * (4, 4, 3, 2, 3, 2); the smallest is 2. */
static void empty_cells(void **state) {
  (void)state;
  static const double n[18] = {5, 5, 0, 2, 6, 2, 0, 0, 0,
                               3, 7, 0, 4, 4, 2, 1, 1, 3};
  tt_homogeneity_stat s;
  tt_error err;
  assert_int_equal(tt_homogeneity_test(2, 3, n, &s, &err), TT_OK);
  assert_int_equal(s.df, 3);
  double g2 = 2 * (5 * log(5.0 / 4) + 5 * log(5.0 / 6) + 3 * log(3.0 / 4) +
                   7 * log(7.0 / 6) + 2 * log(2.0 / 3) + 6 * log(6.0 / 5) +
                   4 * log(4.0 / 3) + 4 * log(4.0 / 5));
  assert_near(s.g2, g2, 1e-12);
  assert_near(s.g2, 1.92254344626885, 1e-12);
  assert_near(s.x2, 1.9, 1e-12);
  assert_int_equal(s.n_cells, 10);
  assert_int_equal(s.n_small, 6);
  assert_near(s.min_expected, 2, 1e-12);
  /* chi-square tail with 3 df: 2 Q(sqrt x) + sqrt(2x/pi) exp(-x/2), where
   * Q is the normal upper tail; at x = 1.9225434: sqrt x = 1.386558,
   * Q = 0.0827883, so p = 0.1655765 + 0.4230611 = 0.5886377 */
  assert_near(s.p_g2, 0.5886377, 1e-6);
}

/* Identical parts: G2 = X2 = 0, p = 1. */
static void identical(void **state) {
  (void)state;
  static const double n[8] = {3, 1, 2, 2, 3, 1, 2, 2};
  tt_homogeneity_stat s;
  tt_error err;
  tt_homogeneity_test(2, 2, n, &s, &err);
  assert_near(s.g2, 0, 1e-14);
  assert_near(s.x2, 0, 1e-14);
  assert_int_equal(s.df, 2);
  assert_near(s.p_g2, 1, 1e-12);
}

/* Groups on the small panel: North = Alpha, Beta (8 pairs), South =
 * Gamma, Delta, Côte (9 pairs); the parts add up to the whole matrix. */
static void groups_small(void **state) {
  fixture *f = *state;
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  tt_error err;
  tt_homogeneity *h = tt_homogeneity_groups(f->small, &o, 0, 1, &err);
  assert_non_null(h);
  assert_int_equal(h->kind, TT_HOMOG_GROUPS);
  assert_int_equal(h->H, 2);
  int north = strcmp(h->label[0], "North") == 0 ? 0 : 1;
  assert_string_equal(h->label[north], "North");
  assert_int_equal(h->entities[north], 2);
  assert_int_equal(h->entities[1 - north], 3);
  assert_near(h->stat.n, 17, 0);
  double sn = 0;
  for (size_t q = 0; q < 25; q++) sn += h->count[(size_t)north * 25 + q];
  assert_near(sn, 8, 0);
  /* Beta's 3>WL is North's (row 3 = index 3, column WL = index 2) */
  assert_near(h->count[(size_t)north * 25 + 3 * 5 + 2], 1, 0);
  /* the statistic is the plain test on the parts */
  tt_homogeneity_stat s;
  tt_homogeneity_test(2, 5, h->count, &s, &err);
  assert_near(s.g2, h->stat.g2, 0);
  assert_int_equal(s.df, h->stat.df);
  tt_homogeneity_free(h);

  o.group = 0;
  assert_null(tt_homogeneity_groups(f->small, &o, 0, 1, &err));
  assert_int_equal(err.code, TT_EINVAL);
}

/* Permutations: groups with the same moves give G2 = 0, and every shuffle
 * gives G2 >= 0, so p = (1 + N) / (1 + N) = 1. */
static void permutation_equal(void **state) {
  fixture *f = *state;
  /* E0, E2 = 1 1 2 ; E1, E3 = 2 2 2; groups X = {E0, E1}, Y = {E2, E3} */
  tt_panel *p = tt_panel_alloc(f->tip, 4, 2001, 2003);
  assert_non_null(p);
  int gx = tt_panel_add_group(p, "X"), gy = tt_panel_add_group(p, "Y");
  static const uint8_t rows[2][3] = {{1, 1, 2}, {2, 2, 2}};
  for (size_t e = 0; e < 4; e++) {
    char name[8];
    snprintf(name, sizeof name, "E%zu", e);
    tt_panel_set_entity(p, e, name, NULL);
    for (int y = 0; y < 3; y++) tt_panel_set(p, e, 2001 + y, rows[e % 2][y]);
    p->group[e] = e < 2 ? gx : gy;
  }
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  tt_error err;
  tt_homogeneity *h = tt_homogeneity_groups(p, &o, 200, 5, &err);
  assert_non_null(h);
  assert_near(h->stat.g2, 0, 1e-14);
  assert_int_equal(h->stat.permutations, 200);
  assert_near(h->stat.p_perm, 1, 0);
  assert_int_equal(h->stat.perm_reached, 200);
  tt_homogeneity_free(h);
  tt_panel_free(p);
}

/* Separated groups: X's 4 countries move 1>1 three times each, Y's 4
 * move 1>2 three times each. Of the C(8,4) = 70 ways to split the 8
 * countries into groups of 4, only the true split and its mirror reach
 * the observed G2, so a shuffle does with chance 2/70 = 1/35. With 2000
 * shuffles the count is Binomial(2000, 1/35): mean 57, sd 7.4, so
 * p = (1 + count) / 2001 lies in [0.0155, 0.0455] (count in 30..90)
 * unless the generator is broken. Same seed, same p. */
static void permutation_separated(void **state) {
  fixture *f = *state;
  tt_panel *p = tt_panel_alloc(f->tip, 8, 2001, 2004);
  assert_non_null(p);
  int gx = tt_panel_add_group(p, "X"), gy = tt_panel_add_group(p, "Y");
  for (size_t e = 0; e < 8; e++) {
    char name[8];
    snprintf(name, sizeof name, "E%zu", e);
    tt_panel_set_entity(p, e, name, NULL);
    int x = e < 4;
    tt_panel_set(p, e, 2001, 1);
    for (int y = 2002; y <= 2004; y++) tt_panel_set(p, e, y, x ? 1 : 2);
    p->group[e] = x ? gx : gy;
  }
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  tt_error err;
  tt_homogeneity *a = tt_homogeneity_groups(p, &o, 2000, 11, &err);
  tt_homogeneity *b = tt_homogeneity_groups(p, &o, 2000, 11, &err);
  assert_non_null(a);
  assert_non_null(b);
  assert_true(a->stat.p_perm == b->stat.p_perm);
  assert_near(a->stat.p_perm, (1.0 + (double)a->stat.perm_reached) / 2001.0,
              1e-15);
  assert_true(a->stat.p_perm >= 0.0155 && a->stat.p_perm <= 0.0455);
  /* row 1: X 12 x 1>1, Y 4 x 1>2: e(X) = 12 * (12/16, 4/16) = (9, 3),
   * e(Y) = 4 * (12/16, 4/16) = (3, 1);
   * G2 = 2 [12 ln(12/9) + 4 ln(4/1)] = 2 [3.452185 + 5.545177] = 17.994725
   * df = 1 (row 2 holds only Y's 2>2) */
  assert_near(a->stat.g2, 2 * (12 * log(12.0 / 9) + 4 * log(4.0)), 1e-12);
  assert_int_equal(a->stat.df, 1);
  tt_homogeneity_free(a);
  tt_homogeneity_free(b);
  tt_panel_free(p);
}

/* Periods on the small panel split at 2004: moves into the 2002 and 2003
 * reports (first years 2001-2002) are 'before', 8 pairs:
 *   Alpha 1>1 1>2, Beta 2>WL WL>WL, Gamma 3>3, Delta 2>WL, Côte WL>WL x2
 * and the rest, 9 pairs, are '2004 on'. */
static void periods_small(void **state) {
  fixture *f = *state;
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  tt_error err;
  tt_homogeneity *h = tt_homogeneity_periods(f->small, &o, 2004, &err);
  assert_non_null(h);
  assert_int_equal(h->H, 2);
  assert_string_equal(h->label[0], "before 2004");
  assert_string_equal(h->label[1], "2004 on");
  double s0 = 0, s1 = 0;
  for (size_t q = 0; q < 25; q++) {
    s0 += h->count[q];
    s1 += h->count[25 + q];
  }
  assert_near(s0, 8, 0);
  assert_near(s1, 9, 0);
  assert_near(h->count[2 * 5 + 2], 3, 0);      /* WL>WL before */
  assert_near(h->count[25 + 2 * 5 + 1], 3, 0); /* WL>2 after */
  tt_homogeneity_free(h);
  /* a split with nothing before it */
  assert_null(tt_homogeneity_periods(f->small, &o, 2001, &err));
  assert_int_equal(err.code, TT_EDATA);
}

/* Order test on the small panel. Triples (y-1, y, y+1):
 *   Alpha (1,1,2) (1,2,2) (2,2,1); Beta (2,WL,WL) (WL,WL,3) (WL,3,WL);
 *   Gamma none (2003 absent); Delta (2,WL,2) (WL,2,SC);
 *   Côte (WL,WL,WL) (WL,WL,2) (WL,2,2)   = 11 triples.
 * Middle WL: before 2 -> WL 1, 2 1; before WL -> 3 1, WL 1, 2 1.
 *   Columns 2, WL, 3 total 2, 2, 1 of 5; e(before 2) = 0.8, 0.8, 0.4,
 *   e(before WL) = 1.2, 1.2, 0.6; df (2-1)(3-1) = 2.
 *   G2 part = 2 [2 ln(1/0.8) + 2 ln(1/1.2) + ln(1/0.6)]
 * Middle 2: before 1 -> 2; before 2 -> 1; before WL -> SC, 2.
 *   Columns 1, 2, SC total 1, 2, 1 of 4; e(before 1) = e(before 2) =
 *   0.25, 0.5, 0.25; e(before WL) = 0.5, 1, 0.5; df (3-1)(3-1) = 4.
 *   G2 part = 2 [ln(1/0.5) + ln(1/0.25) + ln(1/1) + ln(1/0.5)]
 * Middles 1 and 3 have one 'before' state each: no df.
 * G2 = 6.7301167, df = 6; for even df the tail is
 * exp(-x/2) (1 + x/2 + (x/2)^2 / 2) = 0.3465. */
static void order_small(void **state) {
  fixture *f = *state;
  tt_transitions_options o;
  tt_transitions_options_default(&o);
  tt_error err;
  tt_homogeneity *h = tt_homogeneity_order(f->small, &o, &err);
  assert_non_null(h);
  assert_int_equal(h->kind, TT_HOMOG_ORDER);
  assert_near(h->stat.n, 11, 0);
  assert_int_equal(h->stat.df, 6);
  double g2 = 2 * (2 * log(1 / 0.8) + 2 * log(1 / 1.2) + log(1 / 0.6)) +
              2 * (log(2.0) + log(4.0) + 0 + log(2.0));
  assert_near(h->stat.g2, g2, 1e-12);
  assert_near(h->stat.g2, 6.730116670092565, 1e-12);
  double x = h->stat.g2 / 2;
  assert_near(h->stat.p_g2, exp(-x) * (1 + x + x * x / 2), 1e-12);
  /* the triple (WL, 2, SC): before WL (part 2), middle 2, next SC */
  assert_near(h->count[(2 * 5 + 1) * 5 + 4], 1, 0);
  tt_homogeneity_free(h);
  o.horizon = 2;
  assert_null(tt_homogeneity_order(f->small, &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(two_by_two),        cmocka_unit_test(empty_cells),
      cmocka_unit_test(identical),         cmocka_unit_test(groups_small),
      cmocka_unit_test(permutation_equal), cmocka_unit_test(permutation_separated),
      cmocka_unit_test(periods_small),     cmocka_unit_test(order_small),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
