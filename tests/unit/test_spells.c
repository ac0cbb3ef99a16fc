/* Spells, their summaries and duration dependence on hand panels. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tt_load.h"
#include "tt_spells.h"

#define EPS 1e-6

typedef struct {
  tt_scale *sc;
  tt_panel *p;
  int wl;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  if (!f) return -1;
  tt_error err;
  f->sc = tt_scale_alloc_tip();
  f->p = tt_panel_load_csv(TT_TEST_DATA "/small.csv", f->sc, NULL, NULL, &err);
  if (!f->sc || !f->p) return -1;
  f->wl = tt_scale_lookup(f->sc, "2WL", 3);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  tt_panel_free(f->p);
  tt_scale_free(f->sc);
  free(f);
  return 0;
}

static long entity(const tt_panel *p, const char *code) {
  long e = tt_panel_find(p, code, NULL);
  assert_true(e >= 0);
  return e;
}

/* small.csv, by entity:
 *   Alpha AAA  1 1 2 2 1           Beta BBB  2 2WL 2WL 3 2WL
 *   Gamma GGG  3 3 - 2WL 2         Delta DDD - 2 2WL 2 SC
 *   CIV        2WL 2WL 2WL 2 2 */
static void test_find(void **state) {
  fixture *f = *state;
  tt_error err;
  long g = entity(f->p, "GGG");
  tt_spells *s = tt_spells_find(f->p, g, 2001, 2005, &err);
  assert_non_null(s);
  /* Gamma: Tier 3 2001-02 (gap follows), WL 2004 (to Tier 2), Tier 2 2005
   * (still running). */
  assert_int_equal(s->n, 3);
  assert_int_equal(s->spells[0].length, 2);
  assert_int_equal(s->spells[0].how, TT_SPELL_CENSOR_GAP);
  assert_int_equal(s->spells[1].start, 2004);
  assert_int_equal(s->spells[1].how, TT_SPELL_EXIT);
  assert_int_equal(s->spells[1].exit_state, tt_scale_lookup(f->sc, "2", 1));
  assert_int_equal(s->spells[2].how, TT_SPELL_CENSOR_END);
  for (size_t i = 0; i < s->n; i++)
    assert_int_equal(s->spells[i].origin, s->spells[i].start);
  tt_spells_free(s);
  /* A window from 2002 cuts Côte d'Ivoire's 2001-03 Watch List run: it
   * starts in 2002 but its origin stays 2001 and its length 3. */
  long civ = entity(f->p, "CIV");
  s = tt_spells_find(f->p, civ, 2002, 2003, &err);
  assert_non_null(s);
  assert_int_equal(s->n, 1);
  assert_int_equal(s->spells[0].start, 2002);
  assert_int_equal(s->spells[0].origin, 2001);
  assert_int_equal(s->spells[0].length, 2);
  assert_int_equal(tt_spell_length(&s->spells[0]), 3);
  assert_int_equal(s->spells[0].how, TT_SPELL_CENSOR_END); /* cut at 2003 */
  tt_spells_free(s);
  assert_int_equal(tt_spells_streak(f->p, (size_t)civ, 2003), 3);
  assert_int_equal(tt_spells_streak(f->p, (size_t)g, 2003), 0);
}

/* The Watch List over 2001-2005: Beta 2002-03 (len 2, to Tier 3), Beta
 * 2005 (len 1, running), Gamma 2004 (1, to Tier 2), Delta 2003 (1, to
 * Tier 2), CIV 2001-03 (3, to Tier 2).
 * Person-years with the next year known: Beta 2 (1 stay), Gamma 1, Delta
 * 1, CIV 3 (2 stays) = 7, stays 3: P(stay) = 3/7 = 0.428571 — the same as
 * counting WL -> WL pairs in the panel (02->03 Beta, 01->02 and 02->03
 * CIV, out of 7 WL pairs).
 * Wilson 95% for 3/7: centre (3/7 + z^2/14) / (1 + z^2/7) = 0.453880,
 * half-width z sqrt(p q / 7 + z^2 / 196) / (1 + z^2/7) = 0.295660:
 * [0.158220, 0.749542].
 * Spell years (1st, 2nd, 3rd, 4th+): at risk 4, 2, 1, 0; exits 2, 1, 1.
 * Test, overall exit share 4/7: expected exits 16/7, 8/7, 4/7 and stays
 * 12/7, 6/7, 3/7;
 * X2 = 0.035714 + 0.047619 + 0.017857 + 0.023810 + 0.321429 + 0.428571
 *    = 0.875 on 2 df, p = exp(-0.875/2) = 0.645649;
 * G2 = 2 [2 ln(2/(16/7)) + 2 ln(2/(12/7)) + ln(7/8) + ln(7/6) + ln(7/4)]
 *    = 1.242947, p = exp(-G2/2) = 0.537152. All 6 expected counts < 5. */
static void test_summary(void **state) {
  fixture *f = *state;
  tt_error err;
  tt_spells *s = tt_spells_find(f->p, -1, 2001, 2005, &err);
  tt_spells_summary *m =
      tt_spells_summarise(s, f->p, f->wl, TT_GROUP_NONE, 4, 0.95, &err);
  assert_non_null(m);
  assert_int_equal(m->n_spells, 5);
  assert_int_equal(m->n_entities, 4);
  assert_int_equal(m->n_exit, 4);
  assert_int_equal(m->n_censor_end, 1);
  assert_int_equal(m->n_censor_gap, 0);
  assert_int_equal(m->n_late_entry, 0);
  assert_int_equal(m->n_data_start, 1); /* CIV from 2001 */
  assert_int_equal(m->pairs, 7);
  assert_int_equal(m->stays, 3);
  assert_float_equal(m->p_stay, 3.0 / 7, 1e-12);
  assert_float_equal(m->p_stay_lower, 0.158220, EPS);
  assert_float_equal(m->p_stay_upper, 0.749542, EPS);
  assert_int_equal(m->max_length, 3);
  assert_int_equal(m->len_total[1], 3);
  assert_int_equal(m->len_exit[1], 2);
  assert_int_equal(m->len_censored[1], 1);
  assert_int_equal(m->len_total[2], 1);
  assert_int_equal(m->len_total[3], 1);
  assert_int_equal(m->exit_to[tt_scale_lookup(f->sc, "2", 1)], 3);
  assert_int_equal(m->exit_to[tt_scale_lookup(f->sc, "3", 1)], 1);
  const size_t at[] = {4, 2, 1, 0}, ex[] = {2, 1, 1, 0};
  for (int b = 0; b < 4; b++) {
    assert_int_equal(m->dd_at_risk[b], at[b]);
    assert_int_equal(m->dd_exits[b], ex[b]);
  }
  assert_float_equal(m->dd_hazard[0], 0.5, 1e-12);
  assert_float_equal(m->dd_hazard[2], 1.0, 1e-12);
  assert_true(isnan(m->dd_hazard[3]));
  /* The hazard table and P(stay) count the same person-years. */
  size_t sum_at = 0, sum_ex = 0;
  for (int b = 0; b < 4; b++) sum_at += m->dd_at_risk[b], sum_ex += m->dd_exits[b];
  assert_int_equal(sum_at, m->pairs);
  assert_int_equal(sum_ex, m->pairs - m->stays);
  assert_int_equal(m->dd_df, 2);
  assert_float_equal(m->dd_x2, 0.875, EPS);
  assert_float_equal(m->dd_p_x2, 0.645649, EPS);
  assert_float_equal(m->dd_g2, 1.242947, EPS);
  assert_float_equal(m->dd_p_g2, 0.537152, EPS);
  assert_int_equal(m->dd_small, 6);
  tt_spells_summary_free(m);

  /* Group North (Alpha, Beta): Beta's two spells only. Person-years 2,
   * one exit in the 2nd year; one spell year at risk per bucket -> the
   * test needs two buckets with someone at risk: 1st (1 stay), 2nd (1
   * exit): X2 = 2 on 1 df (a 2x2 table with one in each cell off the
   * diagonal: expected 1/2 everywhere, 4 * (1/2)^2 / (1/2) = 2). */
  int north = tt_panel_find_group(f->p, "North");
  m = tt_spells_summarise(s, f->p, f->wl, north, 4, 0.95, &err);
  assert_non_null(m);
  assert_int_equal(m->n_spells, 2);
  assert_int_equal(m->pairs, 2);
  assert_int_equal(m->dd_df, 1);
  assert_float_equal(m->dd_x2, 2.0, 1e-12);
  tt_spells_summary_free(m);
  /* Bad arguments. */
  assert_null(tt_spells_summarise(s, f->p, f->wl, TT_GROUP_NONE, 1, 0.95,
                                  &err));
  assert_int_equal(err.code, TT_EINVAL);
  assert_null(tt_spells_summarise(s, f->p, f->wl, TT_GROUP_NONE, 4, 1.0,
                                  &err));
  assert_int_equal(err.code, TT_EINVAL);
  tt_spells_free(s);
}

/* From 2002: CIV's run began in 2001, so it enters in its 2nd year.
 * Person-years in 2002-05: Beta 2, Gamma 1, Delta 1, CIV 2 (2002 stay,
 * 2003 exit) = 6, stays 2. Buckets: 1st: Beta, Gamma, Delta = 3 (2
 * exits); 2nd: Beta exit, CIV stay = 2 (1 exit); 3rd: CIV exit. */
static void test_window(void **state) {
  fixture *f = *state;
  tt_error err;
  tt_spells *s = tt_spells_find(f->p, -1, 2002, 2005, &err);
  tt_spells_summary *m =
      tt_spells_summarise(s, f->p, f->wl, TT_GROUP_NONE, 4, 0.95, &err);
  assert_non_null(m);
  assert_int_equal(m->n_late_entry, 1);
  assert_int_equal(m->pairs, 6);
  assert_int_equal(m->stays, 2);
  assert_int_equal(m->dd_at_risk[0], 3);
  assert_int_equal(m->dd_exits[0], 2);
  assert_int_equal(m->dd_at_risk[1], 2);
  assert_int_equal(m->dd_at_risk[2], 1);
  assert_int_equal(m->len_total[3], 1); /* CIV keeps its true length */
  tt_spells_summary_free(m);
  tt_spells_free(s);
}

static void test_longest(void **state) {
  fixture *f = *state;
  tt_error err;
  tt_spells *s = tt_spells_find(f->p, -1, 2001, 2005, &err);
  size_t idx[4];
  size_t n = tt_spells_longest(s, f->p, f->wl, TT_GROUP_NONE, idx, 4);
  assert_int_equal(n, 4);
  /* CIV (3), Beta 2002 (2), then length 1 by origin: Delta 2003, Gamma
   * 2004 (Beta 2005 is fifth and cut). */
  assert_string_equal(f->p->codes[s->spells[idx[0]].entity], "CIV");
  assert_string_equal(f->p->codes[s->spells[idx[1]].entity], "BBB");
  assert_string_equal(f->p->codes[s->spells[idx[2]].entity], "DDD");
  assert_string_equal(f->p->codes[s->spells[idx[3]].entity], "GGG");
  assert_int_equal(tt_spells_longest(s, f->p, f->wl, TT_GROUP_NONE, idx, 0), 0);
  tt_spells_free(s);
}

/* Wilson 2/4 at 95%: centre (1/2 + z^2/8) / (1 + z^2/4) = 1/2, half-width
 * z sqrt(1/16 + z^2/64) / (1 + z^2/4) = 0.349961: [0.150039, 0.849961]. */
static void test_wilson(void **state) {
  (void)state;
  double lo, hi;
  tt_spells_wilson(2, 4, 0.95, &lo, &hi);
  assert_float_equal(lo, 0.150039, EPS);
  assert_float_equal(hi, 0.849961, EPS);
  tt_spells_wilson(0, 5, 0.95, &lo, &hi);
  assert_float_equal(lo, 0, 0);
  tt_spells_wilson(5, 5, 0.95, &lo, &hi);
  assert_float_equal(hi, 1, 0);
  tt_spells_wilson(0, 0, 0.95, &lo, &hi);
  assert_true(isnan(lo) && isnan(hi));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_find, setup, teardown),
      cmocka_unit_test_setup_teardown(test_summary, setup, teardown),
      cmocka_unit_test_setup_teardown(test_window, setup, teardown),
      cmocka_unit_test_setup_teardown(test_longest, setup, teardown),
      cmocka_unit_test(test_wilson),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
