/* Scale: the built-in TIP scale, its aliases, and user scales from CSV. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tt_scale.h"

static int look(const tt_scale *s, const char *label) {
  return tt_scale_lookup(s, label, strlen(label));
}

static void tip_states(void **state) {
  (void)state;
  tt_scale *s = tt_scale_alloc_tip();
  assert_non_null(s);
  assert_int_equal(s->n, 5);
  assert_string_equal(s->states[1].code, "1");
  assert_string_equal(s->states[3].code, "2WL");
  assert_string_equal(s->states[3].label, "Tier 2 Watch List");
  assert_true(s->states[3].value == 2.5);
  assert_true(s->states[4].value == 3.0);
  assert_false(s->states[5].ranked);
  assert_true(isnan(s->states[5].value));
  assert_int_equal(tt_scale_n_ranked(s), 4);
  assert_true(tt_scale_is_ranked(s, 1));
  assert_false(tt_scale_is_ranked(s, 5));
  assert_false(tt_scale_is_ranked(s, 0));
  assert_false(tt_scale_is_ranked(s, 6));
  tt_scale_free(s);
}

static void tip_aliases(void **state) {
  (void)state;
  tt_scale *s = tt_scale_alloc_tip();
  /* Every alias of DESIGN.md's table, in odd case and spacing. */
  const char *wl[] = {"2WL",        "Tier 2 Watch List", "tier 2 watch list",
                      "TIER2WATCHLIST", "Tier 2WL",      "T2WL",
                      "Watch List", "watchlist",        " WL ",
                      "w l"};
  for (size_t i = 0; i < sizeof wl / sizeof *wl; i++)
    assert_int_equal(look(s, wl[i]), 3);
  assert_int_equal(look(s, "Tier 1"), 1);
  assert_int_equal(look(s, "t1"), 1);
  assert_int_equal(look(s, "1"), 1);
  assert_int_equal(look(s, "Tier 2"), 2);
  assert_int_equal(look(s, "T2"), 2);
  assert_int_equal(look(s, "3"), 4);
  assert_int_equal(look(s, "tier  3"), 4);
  assert_int_equal(look(s, "Special Case"), 5);
  assert_int_equal(look(s, "sc"), 5);
  /* Absent markers. */
  assert_int_equal(look(s, ""), TT_STATE_ABSENT);
  assert_int_equal(look(s, "  "), TT_STATE_ABSENT);
  assert_int_equal(look(s, "NA"), TT_STATE_ABSENT);
  assert_int_equal(look(s, "n/a"), TT_STATE_ABSENT);
  assert_int_equal(look(s, "-"), TT_STATE_ABSENT);
  /* Unknown labels. */
  assert_int_equal(look(s, "Tier 4"), TT_STATE_UNKNOWN);
  assert_int_equal(look(s, "2W"), TT_STATE_UNKNOWN);
  assert_int_equal(look(s, "Tier 2 Watch"), TT_STATE_UNKNOWN);
  assert_int_equal(look(s, "--"), TT_STATE_UNKNOWN);
  /* Only len bytes count. */
  assert_int_equal(tt_scale_lookup(s, "2WLxyz", 3), 3);
  char buf[512];
  tt_scale_describe(s, buf, sizeof buf);
  assert_string_equal(buf,
                      "1 (Tier 1), 2 (Tier 2), 2WL (Tier 2 Watch List), "
                      "3 (Tier 3), SC (Special Case)");
  /* A short buffer truncates, never overflows. */
  char small[10];
  tt_scale_describe(s, small, sizeof small);
  assert_int_equal(strlen(small), 9);
  tt_scale_free(s);
}

static void normalise(void **state) {
  (void)state;
  char out[32];
  assert_int_equal(tt_scale_normalise(" Tier\t2 WL ", 11, out), 7);
  assert_string_equal(out, "tier2wl");
}

static char *write_tmp(const char *text) {
  char *path = strdup("/tmp/tt_scale_XXXXXX");
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs(text, f);
  fclose(f);
  return path;
}

static void user_scale(void **state) {
  (void)state;
  tt_error err;
  tt_scale *s = tt_scale_load_csv(TT_TEST_DATA "/credit_scale.csv", &err);
  assert_non_null(s);
  assert_int_equal(s->n, 9);
  assert_string_equal(s->states[1].code, "AAA");
  assert_true(s->states[8].value == 8.0);
  assert_false(s->states[9].ranked);
  assert_int_equal(look(s, "Baa"), 4);
  assert_int_equal(look(s, "caa"), 7);
  assert_int_equal(look(s, "CC"), 7);
  assert_int_equal(look(s, "CCC or below"), 7);
  assert_int_equal(look(s, "withdrawn"), 9);
  assert_int_equal(look(s, "A"), 3);
  assert_int_equal(look(s, "A-"), TT_STATE_UNKNOWN); /* no folding of '-' */
  assert_int_equal(tt_scale_n_ranked(s), 8);
  tt_scale_free(s);
}

static void user_scale_errors(void **state) {
  (void)state;
  struct {
    const char *text;
    const char *msg;
  } cases[] = {
      {"label,value\nA,1\n", "missing column 'code'"},
      {"code,label,value\nA,A,one\nB,B,2\n", ":2: column 'value': 'one'"},
      {"code,label,value\nA,A,1\nA,A again,2\n", ":3: state 'A' is given twice"},
      {"code,label,value\nA,A,1\n", "at least two states"},
      {"code,label,value\nNA,none,1\nB,B,2\n", "cannot be a state code"},
      {"code,label,value,aliases\nA,A,1,x\nB,B,2,X\n", "alias 'X' already"},
      {"code,label,value\n,empty,1\nB,B,2\n", ":2: empty state code"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *path = write_tmp(cases[i].text);
    tt_error err;
    tt_error_clear(&err);
    tt_scale *s = tt_scale_load_csv(path, &err);
    if (s || !strstr(err.msg, cases[i].msg))
      fail_msg("case %zu: got '%s', want '%s'", i, err.msg, cases[i].msg);
    assert_int_equal(err.code, TT_EDATA);
    unlink(path);
    free(path);
  }
  tt_error err;
  assert_null(tt_scale_load_csv("/nonexistent/scale.csv", &err));
  assert_int_equal(err.code, TT_ENOINPUT);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(tip_states),        cmocka_unit_test(tip_aliases),
      cmocka_unit_test(normalise),         cmocka_unit_test(user_scale),
      cmocka_unit_test(user_scale_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
