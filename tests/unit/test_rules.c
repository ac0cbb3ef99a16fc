/* The statutory Watch List rule on constructed histories. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tt_load.h"
#include "tt_rules.h"

/* Builds a long CSV from "CODE:YEAR=TIER,YEAR=TIER;CODE:..." */
static tt_panel *panel_from(const tt_scale *sc, const char *spec) {
  char buf[8192];
  size_t used = (size_t)snprintf(buf, sizeof buf, "country,iso3,year,tier\n");
  char *copy = strdup(spec);
  assert_non_null(copy);
  char *save1 = NULL;
  for (char *ent = strtok_r(copy, ";", &save1); ent;
       ent = strtok_r(NULL, ";", &save1)) {
    char *colon = strchr(ent, ':');
    assert_non_null(colon);
    *colon = '\0';
    char *save2 = NULL;
    for (char *cell = strtok_r(colon + 1, ",", &save2); cell;
         cell = strtok_r(NULL, ",", &save2)) {
      char *eq = strchr(cell, '=');
      assert_non_null(eq);
      *eq = '\0';
      used += (size_t)snprintf(buf + used, sizeof buf - used, "%s,%s,%s,%s\n",
                               ent, ent, cell, eq + 1);
      assert_true(used < sizeof buf);
    }
  }
  free(copy);
  tt_error err;
  tt_panel *p = tt_panel_load_buffer("test", buf, used, sc, NULL, NULL, &err);
  if (!p) fail_msg("%s", err.msg);
  return p;
}

static const tt_rules_cell *cell(const tt_rules *r, const char *code,
                                 int year) {
  long e = tt_panel_find(r->panel, code, NULL);
  assert_true(e >= 0);
  assert_true(year >= r->year_lo && year <= r->year_hi);
  return tt_rules_get(r, (size_t)e, year);
}

static tt_rules *apply(const tt_panel *p, const tt_rules_options *o) {
  tt_error err;
  tt_rules *r = tt_rules_apply(p, o, p->year_min, p->year_max, &err);
  if (!r) fail_msg("%s", err.msg);
  return r;
}

/* CHN-like: Watch List 2009-2012 (2 years + 2 waivers under the 2008
 * text), Tier 3 in 2013. Streaks 1..4, waivers 0,0,1,2; next report:
 * 2009 free, 2010 needs waiver 1 of 2, 2011 waiver 2 of 2, 2012 must
 * leave; 2013 is an automatic downgrade with the waivers used up. The
 * 2007-08 Watch List years are before the first counted report. */
static void test_two_waivers_then_tier3(void **state) {
  (void)state;
  tt_error err;
  tt_scale *sc = tt_scale_alloc_tip();
  tt_panel *p = panel_from(sc, "AAA:2007=2WL,2008=2WL,2009=2WL,2010=2WL,"
                               "2011=2WL,2012=2WL,2013=3,2014=3");
  tt_rules_options o;
  assert_int_equal(tt_rules_options_default(&o, sc, &err), TT_OK);
  tt_rules *r = apply(p, &o);
  assert_int_equal(r->year_lo, 2009); /* first counted report */
  const int streak[] = {1, 2, 3, 4}, waiver[] = {0, 0, 1, 2};
  const tt_rules_next next[] = {TT_NEXT_FREE, TT_NEXT_WAIVER, TT_NEXT_WAIVER,
                                TT_NEXT_LEAVE};
  for (int i = 0; i < 4; i++) {
    const tt_rules_cell *c = cell(r, "AAA", 2009 + i);
    assert_true(c->watch);
    assert_int_equal(c->streak, streak[i]);
    assert_int_equal(c->waiver, waiver[i]);
    assert_int_equal(c->next, next[i]);
    assert_false(c->inconsistent);
    assert_false(c->reinstated);
  }
  assert_int_equal(cell(r, "AAA", 2010)->next_waiver, 1);
  assert_int_equal(cell(r, "AAA", 2010)->next_waiver_limit, 2);
  assert_int_equal(cell(r, "AAA", 2011)->next_waiver, 2);
  const tt_rules_cell *d = cell(r, "AAA", 2013);
  assert_int_equal(d->automatic, TT_AUTO_EXHAUSTED);
  assert_int_equal(d->prior_streak, 4);
  assert_int_equal(d->prior_waivers, 2);
  assert_int_equal(cell(r, "AAA", 2014)->automatic, TT_AUTO_NONE);
  assert_int_equal(r->n_watch, 4);
  assert_int_equal(r->n_waiver, 2);
  assert_int_equal(r->n_automatic, 1);
  assert_int_equal(r->n_inconsistent, 0);
  tt_rules_free(r);

  /* Counting from 2007 instead, 2009 is the 3rd year and 2011 the 5th:
   * beyond 2 + 2, inconsistent (2011, 2012). */
  o.first_year = 2007;
  r = apply(p, &o);
  assert_int_equal(cell(r, "AAA", 2010)->streak, 4);
  assert_int_equal(cell(r, "AAA", 2010)->next, TT_NEXT_LEAVE);
  assert_true(cell(r, "AAA", 2011)->inconsistent);
  assert_true(cell(r, "AAA", 2012)->inconsistent);
  assert_int_equal(cell(r, "AAA", 2011)->waiver, 0);
  assert_int_equal(r->n_inconsistent, 2);
  tt_rules_free(r);
  tt_panel_free(p);
  tt_scale_free(sc);
}

/* An upgrade resets the streak: WL 2009-10, Tier 2 2011, WL 2012-14: the
 * 2012 streak starts at 1 and 2014 is waiver 1; a downgrade straight
 * after two years with a waiver possible is "no waiver granted". */
static void test_upgrade_resets(void **state) {
  (void)state;
  tt_error err;
  tt_scale *sc = tt_scale_alloc_tip();
  tt_panel *p = panel_from(sc,
                           "BBB:2009=2WL,2010=2WL,2011=2,2012=2WL,2013=2WL,"
                           "2014=2WL,2015=2;"
                           "CCC:2009=2WL,2010=2WL,2011=3");
  tt_rules_options o;
  tt_rules_options_default(&o, sc, &err);
  tt_rules *r = apply(p, &o);
  assert_int_equal(cell(r, "BBB", 2010)->streak, 2);
  assert_false(cell(r, "BBB", 2011)->watch);
  assert_int_equal(cell(r, "BBB", 2011)->automatic, TT_AUTO_NONE);
  assert_int_equal(cell(r, "BBB", 2012)->streak, 1);
  assert_int_equal(cell(r, "BBB", 2014)->streak, 3);
  assert_int_equal(cell(r, "BBB", 2014)->waiver, 1);
  assert_int_equal(cell(r, "BBB", 2014)->next, TT_NEXT_WAIVER);
  const tt_rules_cell *c = cell(r, "CCC", 2011);
  assert_int_equal(c->automatic, TT_AUTO_NO_WAIVER);
  assert_int_equal(c->prior_streak, 2);
  assert_int_equal(c->prior_waivers, 0);
  tt_rules_free(r);
  tt_panel_free(p);
  tt_scale_free(sc);
}

/* Reinstatement under the amended text (from 2019): WL 2018-2020 (2020 is
 * waiver 1 of 1), Tier 3 2021 (waivers used up), back on the WL in 2022:
 * reinstated, 1 year allowed, so 2022 must leave; DDD stays in 2023
 * (inconsistent), EEE goes to Tier 3 in 2023 (automatic, reinstatement
 * year used up). FFF was downgraded with no waiver granted, so its return
 * is an ordinary streak unless reinstate_any. */
static void test_reinstatement(void **state) {
  (void)state;
  tt_error err;
  tt_scale *sc = tt_scale_alloc_tip();
  tt_panel *p = panel_from(sc,
                           "DDD:2018=2WL,2019=2WL,2020=2WL,2021=3,2022=2WL,"
                           "2023=2WL;"
                           "EEE:2018=2WL,2019=2WL,2020=2WL,2021=3,2022=2WL,"
                           "2023=3;"
                           "FFF:2019=2WL,2020=2WL,2021=3,2022=2WL,2023=2WL");
  tt_rules_options o;
  tt_rules_options_default(&o, sc, &err);
  tt_rules *r = apply(p, &o);
  /* 2018: s=1; 2019: s=2, next needs waiver 1 of W(2020) = 1; 2020: s=3,
   * waiver 1, next k=2 > 1: leave. */
  assert_int_equal(cell(r, "DDD", 2019)->next, TT_NEXT_WAIVER);
  assert_int_equal(cell(r, "DDD", 2019)->next_waiver_limit, 1);
  assert_int_equal(cell(r, "DDD", 2020)->waiver, 1);
  assert_int_equal(cell(r, "DDD", 2020)->waiver_limit, 1);
  assert_int_equal(cell(r, "DDD", 2020)->next, TT_NEXT_LEAVE);
  assert_int_equal(cell(r, "DDD", 2021)->automatic, TT_AUTO_EXHAUSTED);
  const tt_rules_cell *c = cell(r, "DDD", 2022);
  assert_true(c->reinstated);
  assert_int_equal(c->streak, 1);
  assert_false(c->inconsistent);
  assert_int_equal(c->next, TT_NEXT_LEAVE);
  assert_true(cell(r, "DDD", 2023)->inconsistent);
  assert_int_equal(cell(r, "EEE", 2023)->automatic, TT_AUTO_REINSTATED);
  assert_int_equal(cell(r, "EEE", 2023)->prior_streak, 1);
  assert_int_equal(cell(r, "FFF", 2021)->automatic, TT_AUTO_NO_WAIVER);
  assert_false(cell(r, "FFF", 2022)->reinstated);
  assert_false(cell(r, "FFF", 2023)->inconsistent);
  assert_int_equal(cell(r, "FFF", 2023)->next, TT_NEXT_WAIVER);
  assert_int_equal(r->n_inconsistent, 1);
  tt_rules_free(r);

  o.reinstate_any = 1;
  r = apply(p, &o);
  assert_true(cell(r, "FFF", 2022)->reinstated);
  assert_true(cell(r, "FFF", 2023)->inconsistent);
  tt_rules_free(r);

  /* Without (F), DDD's return is an ordinary streak: 2023 is its 2nd
   * year, within the rule. */
  assert_int_equal(tt_rules_schedule_parse(&o.reinstatement, "none", &err),
                   TT_OK);
  o.reinstate_any = 0;
  r = apply(p, &o);
  assert_true(cell(r, "DDD", 2022)->reinstated); /* flagged, no limit */
  assert_false(cell(r, "DDD", 2023)->inconsistent);
  assert_int_equal(r->n_inconsistent, 0);
  tt_rules_free(r);
  tt_panel_free(p);
  tt_scale_free(sc);
}

/* The waiver limit changes in 2019: WL 2016-2020. 2018 is waiver 1 (of
 * 2); 2019 is waiver 2 but only 1 is allowed from 2019: inconsistent, as
 * is 2020. */
static void test_waiver_schedule(void **state) {
  (void)state;
  tt_error err;
  tt_scale *sc = tt_scale_alloc_tip();
  tt_panel *p = panel_from(sc, "GGG:2016=2WL,2017=2WL,2018=2WL,2019=2WL,"
                               "2020=2WL");
  tt_rules_options o;
  tt_rules_options_default(&o, sc, &err);
  tt_rules *r = apply(p, &o);
  assert_int_equal(cell(r, "GGG", 2018)->waiver, 1);
  assert_int_equal(cell(r, "GGG", 2018)->next, TT_NEXT_LEAVE);
  assert_true(cell(r, "GGG", 2019)->inconsistent);
  assert_true(cell(r, "GGG", 2020)->inconsistent);
  tt_rules_free(r);
  /* A constant limit of 2 makes 2019 a waiver year and 2020 too many. */
  tt_rules_schedule_parse(&o.waiver, "2", &err);
  r = apply(p, &o);
  assert_int_equal(cell(r, "GGG", 2019)->waiver, 2);
  assert_false(cell(r, "GGG", 2019)->inconsistent);
  assert_true(cell(r, "GGG", 2020)->inconsistent);
  tt_rules_free(r);
  tt_panel_free(p);
  tt_scale_free(sc);
}

/* A year absent from the report, or a Special Case, ends the streak by
 * default; with gaps = HOLD it neither counts nor ends it. */
static void test_gaps(void **state) {
  (void)state;
  tt_error err;
  tt_scale *sc = tt_scale_alloc_tip();
  tt_panel *p = panel_from(sc,
                           "HHH:2009=2WL,2010=2WL,2012=2WL,2013=3;"
                           "III:2009=2WL,2010=2WL,2011=SC,2012=2WL;"
                           "JJJ:2009=2,2010=2,2011=2,2012=2,2013=2");
  tt_rules_options o;
  tt_rules_options_default(&o, sc, &err);
  tt_rules *r = apply(p, &o);
  assert_int_equal(cell(r, "HHH", 2012)->streak, 1);
  assert_int_equal(cell(r, "HHH", 2013)->automatic, TT_AUTO_NONE);
  assert_int_equal(cell(r, "III", 2012)->streak, 1);
  tt_rules_free(r);
  o.gaps = TT_RULES_GAP_HOLD;
  r = apply(p, &o);
  assert_int_equal(cell(r, "HHH", 2012)->streak, 3);
  assert_int_equal(cell(r, "HHH", 2012)->waiver, 1);
  assert_int_equal(cell(r, "HHH", 2013)->automatic, TT_AUTO_NO_WAIVER);
  assert_int_equal(cell(r, "III", 2012)->streak, 3);
  assert_false(cell(r, "III", 2011)->watch);
  tt_rules_free(r);
  tt_panel_free(p);
  tt_scale_free(sc);
}

static void test_schedule(void **state) {
  (void)state;
  tt_error err;
  tt_rules_schedule s;
  assert_int_equal(tt_rules_schedule_parse(&s, "2,2019:1", &err), TT_OK);
  assert_int_equal(s.n, 2);
  assert_int_equal(tt_rules_schedule_at(&s, 2009), 2);
  assert_int_equal(tt_rules_schedule_at(&s, 2018), 2);
  assert_int_equal(tt_rules_schedule_at(&s, 2019), 1);
  assert_int_equal(tt_rules_schedule_at(&s, 2030), 1);
  char buf[64];
  assert_string_equal(tt_rules_schedule_describe(&s, buf, sizeof buf),
                      "2 (1 from 2019)");
  assert_int_equal(tt_rules_schedule_parse(&s, "none,2010:3,2019:none", &err),
                   TT_OK);
  assert_int_equal(tt_rules_schedule_at(&s, 2009), TT_RULES_NO_LIMIT);
  assert_int_equal(tt_rules_schedule_at(&s, 2015), 3);
  assert_int_equal(tt_rules_schedule_at(&s, 2020), TT_RULES_NO_LIMIT);
  const char *bad[] = {"", "x", "2,2019", "2,2019:1,2010:2", "2019:1",
                       "2,2019:x", "1000", "2,,2019:1", "-1"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    tt_error_clear(&err);
    assert_int_equal(tt_rules_schedule_parse(&s, bad[i], &err), TT_EINVAL);
    assert_true(err.msg[0] != '\0');
  }
}

/* The rule needs a Watch List and a Tier 3: a credit scale has neither. */
static void test_scale_without_watch_list(void **state) {
  (void)state;
  tt_error err;
  tt_scale *sc = tt_scale_load_csv(TT_TEST_DATA "/credit_scale.csv", &err);
  assert_non_null(sc);
  tt_rules_options o;
  assert_int_equal(tt_rules_options_default(&o, sc, &err), TT_EINVAL);
  assert_non_null(strstr(err.msg, "2WL"));
  tt_scale_free(sc);
}

/* The bundled data: the 2013 report's automatic downgrades of China,
 * Russia and Uzbekistan after 2009-2012 (two years plus two waivers), and
 * no Watch List year beyond the rule with the default parameters. */
static void test_bundled(void **state) {
  (void)state;
  tt_error err;
  tt_scale *sc = tt_scale_alloc_tip();
  tt_panel *p = tt_panel_load_csv(TT_BUNDLED_DATA "/tip_tiers.csv", sc, NULL,
                                  NULL, &err);
  assert_non_null(p);
  tt_rules_options o;
  tt_rules_options_default(&o, sc, &err);
  tt_rules *r = apply(p, &o);
  const char *codes[] = {"CHN", "RUS", "UZB"};
  for (int i = 0; i < 3; i++) {
    const tt_rules_cell *c = cell(r, codes[i], 2013);
    assert_int_equal(c->automatic, TT_AUTO_EXHAUSTED);
    assert_int_equal(c->prior_streak, 4);
    assert_int_equal(c->prior_waivers, 2);
  }
  size_t n2013 = 0;
  for (size_t e = 0; e < p->n_entities; e++)
    n2013 += tt_rules_get(r, e, 2013)->automatic != TT_AUTO_NONE;
  assert_int_equal(n2013, 3);
  assert_int_equal(r->n_inconsistent, 0);
  tt_rules_free(r);
  tt_panel_free(p);
  tt_scale_free(sc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_two_waivers_then_tier3),
      cmocka_unit_test(test_upgrade_resets),
      cmocka_unit_test(test_reinstatement),
      cmocka_unit_test(test_waiver_schedule),
      cmocka_unit_test(test_gaps),
      cmocka_unit_test(test_schedule),
      cmocka_unit_test(test_scale_without_watch_list),
      cmocka_unit_test(test_bundled),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
