/* Loader and panel: long and wide layouts, groups files, every validation
 * error with its FILE:LINE, and the panel helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tt_load.h"
#include "tt_sources.h"

typedef struct {
  tt_scale *tip;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  f->tip = tt_scale_alloc_tip();
  *state = f;
  return f->tip ? 0 : -1;
}

static int teardown(void **state) {
  fixture *f = *state;
  tt_scale_free(f->tip);
  free(f);
  return 0;
}

static tt_panel *load_text(fixture *f, const char *text, tt_diag *d,
                           tt_error *err) {
  return tt_panel_load_buffer("t.csv", text, strlen(text), f->tip, NULL, d,
                              err);
}

/* The small panel, by hand:
 *          2001 2002 2003 2004 2005
 * Alpha     1    1    2    2    1
 * Beta      2   2WL  2WL   3   2WL
 * Côte     2WL  2WL  2WL   2    2
 * Delta     -    2   2WL   2   SC
 * Gamma     3    3    -   2WL   2
 * (sorted by folded name: Alpha, Beta, Côte d'Ivoire, Delta, Gamma) */
static void check_small(const tt_panel *p) {
  assert_int_equal(p->n_entities, 5);
  assert_int_equal(p->year_min, 2001);
  assert_int_equal(p->year_max, 2005);
  assert_int_equal(p->n_years, 5);
  assert_string_equal(p->names[0], "Alpha");
  assert_string_equal(p->names[2], "Côte d'Ivoire");
  assert_string_equal(p->codes[2], "CIV");
  assert_string_equal(p->names[4], "Gamma");
  static const uint8_t want[5][5] = {{1, 1, 2, 2, 1},
                                     {2, 3, 3, 4, 3},
                                     {3, 3, 3, 2, 2},
                                     {0, 2, 3, 2, 5},
                                     {4, 4, 0, 3, 2}};
  for (size_t e = 0; e < 5; e++)
    for (int y = 2001; y <= 2005; y++)
      assert_int_equal(tt_panel_get(p, e, y), want[e][y - 2001]);
  assert_int_equal(tt_panel_get(p, 0, 2000), 0);
  assert_int_equal(tt_panel_get(p, 0, 2006), 0);
}

static void long_layout(void **state) {
  fixture *f = *state;
  tt_error err;
  tt_diag d;
  tt_diag_init(&d);
  tt_panel *p = tt_panel_load_csv(TT_TEST_DATA "/small.csv", f->tip, NULL, &d,
                                  &err);
  assert_non_null(p);
  check_small(p);
  assert_int_equal(p->n_groups, 2);
  assert_string_equal(p->group_names[0], "North");
  assert_string_equal(p->group_names[p->group[4]], "South");
  assert_int_equal(d.n, 0);
  tt_panel_free(p);
  tt_diag_free(&d);
}

static void wide_layout(void **state) {
  fixture *f = *state;
  tt_error err;
  tt_panel *p = tt_panel_load_csv(TT_TEST_DATA "/small_wide.csv", f->tip,
                                  NULL, NULL, &err);
  if (!p) fail_msg("%s", err.msg);
  check_small(p);
  tt_panel_free(p);
}

static void columns_by_option(void **state) {
  fixture *f = *state;
  tt_load_options o;
  tt_load_options_default(&o);
  o.col_entity = "Nation";
  o.col_year = "Report";
  o.col_state = "Grade";
  const char *text = "Nation,Report,Grade\nX,2010,T1\nX,2011,T2\nY,2011,3\n";
  tt_error err;
  tt_panel *p =
      tt_panel_load_buffer("t.csv", text, strlen(text), f->tip, &o, NULL, &err);
  if (!p) fail_msg("%s", err.msg);
  assert_int_equal(p->n_entities, 2);
  assert_null(p->codes[0]); /* no code column: keyed by name */
  assert_int_equal(tt_panel_get(p, 0, 2011), 2);
  assert_int_equal(tt_panel_get(p, 1, 2010), 0);
  tt_panel_free(p);
}

static void crlf_bom_quotes(void **state) {
  fixture *f = *state;
  const char *text =
      "\xEF\xBB\xBF"
      "country,iso3,year,tier\r\n"
      "\"Korea, South\",KOR,2001,\"Tier 3\"\r\n"
      "\r\n"
      "\"Korea, South\",KOR,2002,Tier 1\r\n";
  tt_error err;
  tt_panel *p = load_text(f, text, NULL, &err);
  if (!p) fail_msg("%s", err.msg);
  assert_string_equal(p->names[0], "Korea, South");
  assert_int_equal(tt_panel_get(p, 0, 2001), 4);
  assert_int_equal(tt_panel_get(p, 0, 2002), 1);
  tt_panel_free(p);
}

static void renamed_entity(void **state) {
  fixture *f = *state;
  /* One code, two names: the latest year's name is kept. */
  const char *text = "country,iso3,year,tier\n"
                     "Eswatini,SWZ,2019,2\nSwaziland,SWZ,2017,3\n";
  tt_error err;
  tt_panel *p = load_text(f, text, NULL, &err);
  assert_non_null(p);
  assert_int_equal(p->n_entities, 1);
  assert_string_equal(p->names[0], "Eswatini");
  assert_int_equal(p->n_years, 3);
  tt_panel_free(p);
}

static void warnings(void **state) {
  fixture *f = *state;
  const char *text = "country,iso3,region,year,tier\n"
                     "A,AAA,X,2001,1\n"
                     "A,AAA,X,2001,Tier 1\n" /* repeat: warning */
                     "A,AAA,Y,2002,1\n"      /* other group: warning */
                     "B,BBB,X,2001,NA\n";    /* no state at all: dropped */
  tt_error err;
  tt_diag d;
  tt_diag_init(&d);
  tt_panel *p = load_text(f, text, &d, &err);
  assert_non_null(p);
  assert_int_equal(p->n_entities, 1);
  assert_int_equal(d.n, 3);
  assert_non_null(strstr(d.lines[0], "t.csv:3: A 2001 repeats"));
  assert_non_null(strstr(d.lines[1], "t.csv:4: A is in group 'Y'"));
  assert_non_null(strstr(d.lines[2], "B has no state in any year"));
  tt_panel_free(p);
  tt_diag_free(&d);
}

/* Every rejection: the message names the file, the line and what is
 * wrong. */
static void errors(void **state) {
  fixture *f = *state;
  char longfield[70000 + 64];
  strcpy(longfield, "country,year,tier\n");
  size_t n = strlen(longfield);
  memset(longfield + n, 'x', 70000);
  strcpy(longfield + n + 70000, ",2001,1\n");
  struct {
    const char *text;
    int code;
    const char *msg;
  } cases[] = {
      {"", TT_EDATA, "t.csv: empty file"},
      {"country,year,tier\n", TT_EDATA, "no data rows"},
      {"country,year\nA,2001\n", TT_EDATA,
       "t.csv:1: missing required tier column (looked for: tier, state, "
       "rating; the header has: country, year)"},
      {"name_x,year,tier\nA,2001,1\n", TT_EDATA,
       "t.csv:1: missing required entity column"},
      {"country,tier\nA,1\n", TT_EDATA, "t.csv:1: missing required year"},
      {"country,year,tier\nA,2001,1\nA,2002,Tier 4\n", TT_EDATA,
       "t.csv:3: column 'tier': unknown tier 'Tier 4'; accepted: 1 (Tier 1)"},
      {"country,year,tier\nA,2007/08,1\n", TT_EDATA,
       "t.csv:2: column 'year': '2007/08' is not a whole year"},
      {"country,year,tier\nA,1066,1\n", TT_EDATA,
       "t.csv:2: column 'year': 1066 is outside the accepted range 1800-2200"},
      {"country,year,tier\nA,2001,1\nB,2001,2\nA,2001,3\n", TT_EDATA,
       "t.csv:4: A 2001 is given twice with different states ('3' here, '1' "
       "in an earlier row)"},
      {"country,year,tier\nA,2001,1\nA,2002,\"2\n", TT_EDATA,
       "t.csv:3: unterminated quoted field"},
      {"country,year,tier\nA,2001,1,extra\n", TT_EDATA,
       "t.csv:2: row has 4 fields but the header has 3"},
      {"country,year,tier\n,2001,1\n", TT_EDATA, "t.csv:2: empty entity name"},
      {"country,iso3,year,tier\nA,,2001,1\n", TT_EDATA,
       "t.csv:2: empty entity code"},
      {"country,year,tier\nA,2001,1\nB,2002,\xff\n", TT_EDATA,
       "t.csv:3: invalid UTF-8"},
      {"country,2001,2001\nA,1,1\n", TT_EDATA, "year 2001 heads two columns"},
      {"country,x,y\nA,1,2\n", TT_EDATA, "missing required year column"},
      {"country,year,tier\nA,2001,NA\n", TT_EDATA, "no row gives a state"},
      {longfield, TT_EDATA, "t.csv:2: a field of 70000 bytes is longer"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    tt_error err;
    tt_error_clear(&err);
    tt_panel *p = load_text(f, cases[i].text, NULL, &err);
    if (p || err.code != cases[i].code || !strstr(err.msg, cases[i].msg))
      fail_msg("case %zu: got %d '%s', want '%s'", i, err.code, err.msg,
               cases[i].msg);
  }
}

static void nul_byte(void **state) {
  fixture *f = *state;
  const char text[] = "country,year,tier\nA,2001,1\0\n";
  tt_error err;
  tt_panel *p = tt_panel_load_buffer("t.csv", text, sizeof text - 1, f->tip,
                                     NULL, NULL, &err);
  assert_null(p);
  assert_non_null(strstr(err.msg, "t.csv:2: NUL byte"));
}

static void limits(void **state) {
  fixture *f = *state;
  tt_load_options o;
  tt_load_options_default(&o);
  o.max_entities = 2;
  const char *text = "country,year,tier\nA,2001,1\nB,2001,1\nC,2001,1\n";
  tt_error err;
  assert_null(tt_panel_load_buffer("t.csv", text, strlen(text), f->tip, &o,
                                   NULL, &err));
  assert_non_null(strstr(err.msg, "t.csv:4: more than 2 distinct entities"));

  tt_load_options_default(&o);
  o.csv.max_row = 64;
  /* An unterminated quote swallows the rest of the file: stopped at the
   * row limit, reported at the line where the quote opened. */
  const char *runaway = "country,year,tier\nA,2001,\"1\nB,2001,1\nC,2001,1\n"
                        "D,2001,1\nE,2001,1\nF,2001,1\nG,2001,1\nH,2001,1\nI,2001,1\n";
  assert_null(tt_panel_load_buffer("t.csv", runaway, strlen(runaway), f->tip,
                                   &o, NULL, &err));
  if (!strstr(err.msg, "t.csv:2: row longer than the limit of 64"))
    fail_msg("%s", err.msg);

  tt_load_options_default(&o);
  o.csv.max_columns = 4;
  const char *wide = "country,2001,2002,2003,2004\nA,1,1,1,1\n";
  assert_null(tt_panel_load_buffer("t.csv", wide, strlen(wide), f->tip, &o,
                                   NULL, &err));
  assert_non_null(strstr(err.msg, "t.csv:1: more than 4 columns"));

  tt_load_options_default(&o);
  o.year_lo = 2000;
  o.year_hi = 2001;
  const char *late = "country,year,tier\nA,2001,1\nA,2002,1\n";
  assert_null(tt_panel_load_buffer("t.csv", late, strlen(late), f->tip, &o,
                                   NULL, &err));
  assert_non_null(strstr(err.msg, "t.csv:3: column 'year': 2002 is outside "
                                  "the accepted range 2000-2001"));
}

static void years_in_any_order(void **state) {
  fixture *f = *state;
  /* Years arriving descending and scattered exercise the relayout. */
  char text[8192] = "country,year,tier\n";
  for (int y = 2050; y >= 1950; y -= 3) {
    char line[64];
    snprintf(line, sizeof line, "A,%d,%d\nB,%d,3\n", y, 1 + (y % 2), 4000 - y);
    strcat(text, line);
  }
  tt_error err;
  tt_panel *p = load_text(f, text, NULL, &err);
  if (!p) fail_msg("%s", err.msg);
  /* A: 2050, 2047, ..., 1951; B: 4000 - those = 1950, 1953, ..., 2049 */
  assert_int_equal(p->year_min, 1950);
  assert_int_equal(p->year_max, 2050);
  for (int y = 2050; y >= 1951; y -= 3) {
    assert_int_equal(tt_panel_get(p, 0, y), 1 + (y % 2));
    assert_int_equal(tt_panel_get(p, 0, y - 1), 0);
  }
  assert_int_equal(tt_panel_get(p, 1, 1950), 4); /* '3' is Tier 3, state 4 */
  assert_int_equal(tt_panel_get(p, 1, 2049), 4);
  assert_int_equal(tt_panel_get(p, 1, 2050), 0);
  tt_panel_free(p);
}

static void groups_file(void **state) {
  fixture *f = *state;
  tt_error err;
  tt_diag d;
  tt_diag_init(&d);
  tt_panel *p = tt_panel_load_csv(TT_TEST_DATA "/small.csv", f->tip, NULL,
                                  NULL, &err);
  assert_non_null(p);
  assert_int_equal(tt_panel_load_groups(p, TT_TEST_DATA "/small_groups.csv",
                                        NULL, &d, &err),
                   TT_OK);
  assert_int_equal(p->n_groups, 2);
  assert_string_equal(p->group_names[0], "East");
  assert_string_equal(p->group_names[p->group[0]], "East"); /* Alpha */
  assert_string_equal(p->group_names[p->group[1]], "West"); /* Beta */
  assert_int_equal(p->group[2], TT_GROUP_NONE);             /* CIV */
  assert_int_equal(d.n, 1);
  assert_non_null(strstr(d.lines[0], "small_groups.csv:6: 'ZZZ' is not in"));
  tt_diag_free(&d);

  /* A rejected groups file leaves the panel's groups as they were. */
  char path[] = "/tmp/tt_groups_XXXXXX";
  int fd = mkstemp(path);
  FILE *g = fdopen(fd, "w");
  fputs("iso3,group\nAAA,One\nAAA,Two\n", g);
  fclose(g);
  assert_int_equal(tt_panel_load_groups(p, path, NULL, NULL, &err), TT_EDATA);
  assert_non_null(strstr(err.msg, ":3: 'AAA' is put in group 'Two' here and "
                                  "in 'One' at line 2"));
  assert_string_equal(p->group_names[p->group[0]], "East");
  g = fopen(path, "w");
  fputs("iso3,country\nAAA,x\n", g);
  fclose(g);
  assert_int_equal(tt_panel_load_groups(p, path, NULL, NULL, &err), TT_EDATA);
  assert_non_null(strstr(err.msg, ":1: missing group column"));
  unlink(path);
  assert_int_equal(tt_panel_load_groups(p, "/nonexistent.csv", NULL, NULL,
                                        &err),
                   TT_ENOINPUT);
  tt_panel_free(p);
}

static void find(void **state) {
  fixture *f = *state;
  tt_error err;
  tt_panel *p = tt_panel_load_csv(TT_TEST_DATA "/small.csv", f->tip, NULL,
                                  NULL, &err);
  size_t n;
  assert_int_equal(tt_panel_find(p, "civ", &n), 2);     /* code */
  assert_int_equal(tt_panel_find(p, "cote d'ivoire", &n), 2); /* folded */
  assert_int_equal(tt_panel_find(p, "CÔTE", &n), 2); /* prefix, unique */
  assert_int_equal(tt_panel_find(p, "Gam", &n), 4);
  assert_int_equal(tt_panel_find(p, "xyz", &n), -1);
  assert_int_equal(n, 0);
  /* "D" would be Delta only; "" is no query. */
  assert_int_equal(tt_panel_find(p, "D", &n), 3);
  assert_int_equal(tt_panel_find(p, "", &n), -1);
  int first, last;
  assert_true(tt_panel_entity_span(p, 3, &first, &last));
  assert_int_equal(first, 2002);
  assert_int_equal(last, 2005);
  assert_int_equal(tt_panel_count_year(p, 2003, -1), 4);
  assert_int_equal(tt_panel_count_year(p, 2003, 3), 3);
  tt_panel_free(p);

  const char *amb = "country,year,tier\nSaint Lucia,2001,1\nSamoa,2001,1\n"
                    "Sudan,2001,1\n";
  p = load_text(f, amb, NULL, &err);
  assert_int_equal(tt_panel_find(p, "sa", &n), -2);
  assert_int_equal(n, 2);
  assert_true(tt_panel_matches_prefix(p, 0, "SA"));
  assert_false(tt_panel_matches_prefix(p, 2, "SA"));
  tt_panel_free(p);
}

static void fold(void **state) {
  (void)state;
  char out[64];
  tt_fold("Côte d'Ivoire", out);
  assert_string_equal(out, "cote d'ivoire");
  tt_fold("CURAÇAO São Tomé", out);
  assert_string_equal(out, "curacao sao tome");
}

static void sources(void **state) {
  (void)state;
  tt_error err;
  tt_sources *s = tt_sources_load(TT_BUNDLED_DATA "/tip_tiers_sources.csv",
                                  &err);
  if (!s) fail_msg("%s", err.msg);
  /* PROVENANCE.md: 2016 has 27 derived and 2 assumed rows. */
  assert_int_equal(tt_sources_get(s, 2016, TT_BASIS_DERIVED), 27);
  assert_int_equal(tt_sources_get(s, 2016, TT_BASIS_ASSUMED), 2);
  assert_int_equal(tt_sources_get(s, 2024, TT_BASIS_DERIVED), 29);
  assert_int_equal(tt_sources_get(s, 1999, TT_BASIS_DERIVED), 0);
  tt_sources_free(s);
  char *sp = tt_sources_path_for("dir.v2/tip_tiers.csv");
  assert_string_equal(sp, "dir.v2/tip_tiers_sources.csv");
  free(sp);
  sp = tt_sources_path_for("dir.v2/tiers");
  assert_string_equal(sp, "dir.v2/tiers_sources.csv");
  free(sp);
}

static void bundled_counts(void **state) {
  fixture *f = *state;
  tt_error err;
  tt_panel *p = tt_panel_load_csv(TT_BUNDLED_DATA "/tip_tiers.csv", f->tip,
                                  NULL, NULL, &err);
  if (!p) fail_msg("%s", err.msg);
  assert_int_equal(p->year_min, 2001);
  assert_int_equal(p->year_max, 2025);
  assert_int_equal(p->n_groups, 6);
  /* PROVENANCE.md's per-year table: 2025 = 33/106/25/20/4 (188). */
  assert_int_equal(tt_panel_count_year(p, 2025, -1), 188);
  assert_int_equal(tt_panel_count_year(p, 2025, 1), 33);
  assert_int_equal(tt_panel_count_year(p, 2025, 2), 106);
  assert_int_equal(tt_panel_count_year(p, 2025, 3), 25);
  assert_int_equal(tt_panel_count_year(p, 2025, 4), 20);
  assert_int_equal(tt_panel_count_year(p, 2025, 5), 4);
  assert_int_equal(tt_panel_count_year(p, 2001, -1), 81);
  long khm = tt_panel_find(p, "Cambodia", NULL);
  assert_true(khm >= 0);
  assert_int_equal(tt_panel_get(p, (size_t)khm, 2005), 4);
  assert_int_equal(tt_panel_get(p, (size_t)khm, 2006), 3);
  assert_int_equal(tt_panel_get(p, (size_t)khm, 2007), 3);
  tt_panel_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(long_layout),     cmocka_unit_test(wide_layout),
      cmocka_unit_test(columns_by_option), cmocka_unit_test(crlf_bom_quotes),
      cmocka_unit_test(renamed_entity),  cmocka_unit_test(warnings),
      cmocka_unit_test(errors),          cmocka_unit_test(nul_byte),
      cmocka_unit_test(limits),          cmocka_unit_test(years_in_any_order),
      cmocka_unit_test(groups_file),     cmocka_unit_test(find),
      cmocka_unit_test(fold),            cmocka_unit_test(sources),
      cmocka_unit_test(bundled_counts),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
