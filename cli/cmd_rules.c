/* tiertrend rules — the statutory Watch List rule (22 U.S.C. 7107(b)(2)(D)
 * and (F)) applied to the data: counted streaks, waiver years, automatic
 * downgrades, entity-years inconsistent with the rule, and the countries
 * that must leave the Watch List in the next report. */
#include <stdlib.h>
#include <string.h>

#include "tt_cli.h"
#include "tt_rules.h"

enum {
  OPT_FIRST_YEAR = 1000,
  OPT_STREAK_LIMIT,
  OPT_WAIVER_LIMIT,
  OPT_REINSTATEMENT_LIMIT,
  OPT_REINSTATEMENT_AFTER,
  OPT_GAPS
};

static const tt_cli_option opts[] = {
    {"first-year", 1, OPT_FIRST_YEAR, "YEAR",
     "first report whose Watch List years count (default 2009)"},
    {"streak-limit", 1, OPT_STREAK_LIMIT, "N",
     "straight Watch List years allowed before a waiver is needed "
     "(default 2)"},
    {"waiver-limit", 1, OPT_WAIVER_LIMIT, "SCHEDULE",
     "waiver years allowed, by report year (default '2,2019:1': 2, and 1 "
     "from the 2019 report)"},
    {"reinstatement-limit", 1, OPT_REINSTATEMENT_LIMIT, "SCHEDULE",
     "Watch List years allowed after an automatic downgrade (default "
     "'none,2019:1': 1 from the 2019 report; 'none' = no such limit)"},
    {"reinstatement-after", 1, OPT_REINSTATEMENT_AFTER, "KIND",
     "which automatic downgrades the reinstatement limit follows: "
     "exhausted (waivers used up, default) or any"},
    {"gaps", 1, OPT_GAPS, "MODE",
     "a year absent from the report or a Special Case: reset (ends the "
     "streak, default) or hold (neither counts nor ends it)"},
    {NULL, 0, 0, NULL, NULL}};

typedef struct {
  long first_year;
  long streak_limit;
  const char *waiver;
  const char *reinstatement;
  int reinstate_any;
  int hold;
} rules_args;

static int on_option(tt_cli *cli, int key, const char *arg, void *ctx) {
  rules_args *a = ctx;
  switch (key) {
    case OPT_FIRST_YEAR:
      return tt_cli_int(cli, "--first-year", arg, -100000, 100000,
                        &a->first_year);
    case OPT_STREAK_LIMIT:
      return tt_cli_int(cli, "--streak-limit", arg, 1, 100, &a->streak_limit);
    case OPT_WAIVER_LIMIT: a->waiver = arg; return TT_OK;
    case OPT_REINSTATEMENT_LIMIT: a->reinstatement = arg; return TT_OK;
    case OPT_REINSTATEMENT_AFTER:
      if (!strcmp(arg, "exhausted")) a->reinstate_any = 0;
      else if (!strcmp(arg, "any")) a->reinstate_any = 1;
      else
        return tt_cli_fail(cli, TT_EUSAGE, "--reinstatement-after: '%s' is "
                           "not one of exhausted, any", arg);
      return TT_OK;
    case OPT_GAPS:
      if (!strcmp(arg, "reset")) a->hold = 0;
      else if (!strcmp(arg, "hold")) a->hold = 1;
      else
        return tt_cli_fail(cli, TT_EUSAGE,
                           "--gaps: '%s' is not one of reset, hold", arg);
      return TT_OK;
  }
  return TT_EUSAGE;
}

static const char *auto_kind(tt_rules_auto k) {
  switch (k) {
    case TT_AUTO_NO_WAIVER: return "no waiver granted";
    case TT_AUTO_EXHAUSTED: return "waivers used up";
    case TT_AUTO_REINSTATED: return "reinstatement year used up";
    default: return "";
  }
}

static const char *next_word(tt_rules_next n) {
  switch (n) {
    case TT_NEXT_FREE: return "may stay";
    case TT_NEXT_WAIVER: return "waiver needed to stay";
    case TT_NEXT_LEAVE: return "must leave";
    default: return "";
  }
}

/* "upgrade, waiver 1 of 1, or Tier 3" */
static void next_options(const tt_cli *cli, const tt_rules *r,
                         const tt_rules_cell *c, char *buf, size_t n) {
  const char *down = cli->scale->states[r->opt.bottom_state].label;
  if (c->next == TT_NEXT_WAIVER && c->next_waiver_limit == TT_RULES_NO_LIMIT)
    snprintf(buf, n, "upgrade, waiver %d, or %s", c->next_waiver, down);
  else if (c->next == TT_NEXT_WAIVER)
    snprintf(buf, n, "upgrade, waiver %d of %d, or %s", c->next_waiver,
             c->next_waiver_limit, down);
  else if (c->next == TT_NEXT_LEAVE)
    snprintf(buf, n, "upgrade or %s", down);
  else
    snprintf(buf, n, "%s", next_word(c->next));
}

static const char *code_or_name(const tt_panel *p, size_t e) {
  return p->codes[e] ? p->codes[e] : p->names[e];
}

/* Appends ", item" to a bounded list; marks truncation with "...". */
static void list_add(char *buf, size_t size, const char *item) {
  size_t used = strlen(buf);
  if (used + strlen(item) + 6 >= size) {
    if (used + 5 < size && strcmp(buf + (used >= 3 ? used - 3 : 0), "..."))
      strcat(buf, used ? ", ..." : "...");
    return;
  }
  if (used) strcat(buf, ", ");
  strcat(buf, item);
}

static int wanted(const size_t *which, int n_which, size_t e) {
  if (!n_which) return 1;
  for (int i = 0; i < n_which; i++)
    if (which[i] == e) return 1;
  return 0;
}

static void add_country_years(tt_cli *cli, tt_doc *doc, const tt_rules *r,
                              const size_t *which, int n_which) {
  const tt_panel *p = cli->panel;
  int g = cli->group_index;
  tt_table *t = tt_doc_table(doc, "country_years",
                             n_which ? "Watch List years under the rule"
                                     : "Watch List years under the rule (all)",
                             n_which ? TT_TABLE_ALL : TT_TABLE_DATA);
  const char *cols[] = {"country", "iso3", "year", "tier", "streak",
                        "reinstated", "waiver", "waiver_limit", "next",
                        "automatic", "inconsistent"};
  for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
    tt_table_col(t, cols[i],
                 (i == 2 || i == 4 || i == 6 || i == 7) ? TT_COL_INT
                                                        : TT_COL_STR,
                 0);
  for (size_t e = 0; e < p->n_entities; e++) {
    if (g != TT_GROUP_NONE && p->group[e] != g) continue;
    if (!wanted(which, n_which, e)) continue;
    for (int y = r->year_lo; y <= r->year_hi; y++) {
      const tt_rules_cell *c = tt_rules_get(r, e, y);
      if (!c->watch && !c->automatic) continue;
      tt_table_row(t);
      tt_table_str(t, 0, p->names[e]);
      tt_table_str(t, 1, p->codes[e]);
      tt_table_int(t, 2, y);
      tt_table_str(t, 3, tt_cli_code(cli, tt_panel_get(p, e, y)));
      if (c->watch) {
        tt_table_int(t, 4, c->streak);
        tt_table_str(t, 5, c->reinstated ? "yes" : "no");
        tt_table_int(t, 6, c->waiver);
        if (c->waiver_limit != TT_RULES_NO_LIMIT)
          tt_table_int(t, 7, c->waiver_limit);
        tt_table_str(t, 8, next_word(c->next));
        tt_table_str(t, 10, c->inconsistent ? "yes" : "no");
      }
      if (c->automatic) tt_table_str(t, 9, auto_kind(c->automatic));
    }
  }
  tt_table_note(t, "streak: straight Watch List years counted from the %d "
                "report; waiver: the waiver year it needed (0 = none); next: "
                "what the following report may do; automatic: a Tier 3 "
                "placement the rule required.",
                r->opt.first_year);
}

static void add_automatic(tt_cli *cli, tt_doc *doc, const tt_rules *r) {
  const tt_panel *p = cli->panel;
  int g = cli->group_index;
  tt_table *t = tt_doc_table(doc, "automatic", "Automatic downgrades",
                             TT_TABLE_ALL);
  tt_table_col(t, "year", TT_COL_INT, 0);
  tt_table_col(t, "country", TT_COL_STR, 0);
  tt_table_col(t, "iso3", TT_COL_STR, 0);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "watch_list_years", TT_COL_INT, 0);
  tt_table_col(t, "waiver_years", TT_COL_INT, 0);
  tt_table_col(t, "kind", TT_COL_STR, 0);
  size_t n = 0, n_exhausted = 0;
  for (int y = r->year_lo; y <= r->year_hi; y++)
    for (size_t e = 0; e < p->n_entities; e++) {
      if (g != TT_GROUP_NONE && p->group[e] != g) continue;
      const tt_rules_cell *c = tt_rules_get(r, e, y);
      if (!c->automatic) continue;
      tt_table_row(t);
      tt_table_int(t, 0, y);
      tt_table_str(t, 1, p->names[e]);
      tt_table_str(t, 2, p->codes[e]);
      if (p->group[e] != TT_GROUP_NONE)
        tt_table_str(t, 3, p->group_names[p->group[e]]);
      tt_table_int(t, 4, c->prior_streak);
      tt_table_int(t, 5, c->prior_waivers);
      tt_table_str(t, 6, auto_kind(c->automatic));
      n++;
      n_exhausted += c->automatic != TT_AUTO_NO_WAIVER;
    }
  if (!n) {
    tt_table_note(t, "No Tier 3 placement in %d-%d followed a Watch List "
                  "year the rule did not allow to continue.",
                  r->year_lo, r->year_hi);
    return;
  }
  tt_table_note(t, "%zu placement%s on Tier 3 that the rule required: the "
                "country's Watch List years could not continue without a "
                "waiver (%zu with no waiver left). The rule explains the "
                "move; the report's own text says whether it was the reason.",
                n, n == 1 ? "" : "s", n_exhausted);
  /* The journalists' sentence: the year with the most exhausted ones. */
  int best = 0;
  size_t best_n = 0;
  for (int y = r->year_lo; y <= r->year_hi; y++) {
    size_t k = 0;
    for (size_t e = 0; e < p->n_entities; e++)
      if ((g == TT_GROUP_NONE || p->group[e] == g) &&
          tt_rules_get(r, e, y)->automatic == TT_AUTO_EXHAUSTED)
        k++;
    if (k > best_n) best_n = k, best = y;
  }
  if (best_n) {
    char list[512] = "";
    for (size_t e = 0; e < p->n_entities; e++)
      if ((g == TT_GROUP_NONE || p->group[e] == g) &&
          tt_rules_get(r, e, best)->automatic == TT_AUTO_EXHAUSTED)
        list_add(list, sizeof list, p->names[e]);
    tt_table_note(t, "Most downgrades after the waivers were used up: %d "
                  "(%zu: %s).", best, best_n, list);
  }
}

static void add_at_risk(tt_cli *cli, tt_doc *doc, const tt_rules *r) {
  const tt_panel *p = cli->panel;
  int g = cli->group_index;
  int y = r->year_hi;
  while (y >= r->year_lo && !tt_panel_count_year(p, y, -1)) y--;
  char title[128];
  snprintf(title, sizeof title,
           "Must leave the Watch List in the next report (after %d)", y);
  tt_table *t = tt_doc_table(doc, "at_risk", title, TT_TABLE_ALL);
  tt_table_col(t, "country", TT_COL_STR, 0);
  tt_table_col(t, "iso3", TT_COL_STR, 0);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "since", TT_COL_INT, 0);
  tt_table_col(t, "streak", TT_COL_INT, 0);
  tt_table_col(t, "waivers_used", TT_COL_INT, 0);
  tt_table_col(t, "reinstated", TT_COL_STR, 0);
  tt_table_col(t, "next_report", TT_COL_STR, 0);
  if (y < r->year_lo) {
    tt_table_note(t, "No report in the years assessed.");
    return;
  }
  size_t n_watch = 0, n_risk = 0, n_leave = 0;
  char list[1024] = "";
  /* Those with no waiver left first, then by streak, then name. */
  for (int pass = 0; pass < 2; pass++)
    for (int s = 100; s >= 1; s--)
      for (size_t e = 0; e < p->n_entities; e++) {
        if (g != TT_GROUP_NONE && p->group[e] != g) continue;
        const tt_rules_cell *c = tt_rules_get(r, e, y);
        if (!c->watch || c->streak != s) continue;
        if (pass == 0) n_watch++;
        if (c->next == TT_NEXT_FREE) continue;
        if ((pass == 0) != (c->next == TT_NEXT_LEAVE)) continue;
        char opt[128];
        next_options(cli, r, c, opt, sizeof opt);
        int waivers = 0;
        for (int k = 0; k < c->streak; k++)
          waivers += tt_rules_get(r, e, y - k)->waiver > 0;
        tt_table_row(t);
        tt_table_str(t, 0, p->names[e]);
        tt_table_str(t, 1, p->codes[e]);
        if (p->group[e] != TT_GROUP_NONE)
          tt_table_str(t, 2, p->group_names[p->group[e]]);
        tt_table_int(t, 3, y - c->streak + 1);
        tt_table_int(t, 4, c->streak);
        tt_table_int(t, 5, waivers);
        tt_table_str(t, 6, c->reinstated ? "yes" : "no");
        tt_table_str(t, 7, opt);
        n_risk++;
        n_leave += c->next == TT_NEXT_LEAVE;
        list_add(list, sizeof list, p->names[e]);
      }
  if (!n_risk) {
    tt_table_note(t, "No country on the Watch List in %d (%zu) has to "
                  "leave it in the next report.", y, n_watch);
    return;
  }
  tt_table_note(t, "%zu of the %zu countries on the Watch List in %d cannot "
                "simply stay there in the next report: %zu must leave it "
                "(upgrade or Tier 3), %zu can stay only with a waiver. %s.",
                n_risk, n_watch, y, n_leave, n_risk - n_leave, list);
  if (r->year_hi < p->year_max || y < r->year_hi)
    tt_table_note(t, "As of %d: later reports in the data are not used.", y);
}

static void add_by_year(tt_cli *cli, tt_doc *doc, const tt_rules *r) {
  const tt_panel *p = cli->panel;
  int g = cli->group_index;
  tt_table *t = tt_doc_table(doc, "by_year", "The rule by report year",
                             TT_TABLE_ALL);
  const char *cols[] = {"year", "waiver_limit", "watch_list", "first_year",
                        "second_year", "longer", "waiver_years",
                        "leave_or_waiver_next", "automatic", "inconsistent"};
  for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
    tt_table_col(t, cols[i], TT_COL_INT, 0);
  tt_table_col(t, "downgraded", TT_COL_STR, 0);
  for (int y = r->year_lo; y <= r->year_hi; y++) {
    size_t n[10] = {0};
    char list[512] = "";
    int wl = TT_RULES_NO_LIMIT;
    for (size_t e = 0; e < p->n_entities; e++) {
      if (g != TT_GROUP_NONE && p->group[e] != g) continue;
      const tt_rules_cell *c = tt_rules_get(r, e, y);
      wl = c->waiver_limit;
      if (c->watch) {
        n[2]++;
        n[c->streak == 1 ? 3 : c->streak == 2 ? 4 : 5]++;
        n[6] += c->waiver > 0;
        n[7] += c->next != TT_NEXT_FREE;
        n[9] += c->inconsistent;
      }
      if (c->automatic) {
        n[8]++;
        list_add(list, sizeof list, code_or_name(p, e));
      }
    }
    if (!tt_panel_count_year(p, y, -1)) continue;
    tt_table_row(t);
    tt_table_int(t, 0, y);
    if (wl != TT_RULES_NO_LIMIT) tt_table_int(t, 1, wl);
    for (int i = 2; i < 10; i++) tt_table_int(t, (size_t)i, (long)n[i]);
    tt_table_str(t, 10, list);
  }
  tt_table_note(t, "first_year/second_year/longer: Watch List countries in "
                "their 1st, 2nd, or 3rd and later counted year; "
                "leave_or_waiver_next: those the next report may not keep on "
                "the list without a waiver, or at all.");
}

static void add_by_country(tt_cli *cli, tt_doc *doc, const tt_rules *r) {
  const tt_panel *p = cli->panel;
  int g = cli->group_index;
  tt_table *t = tt_doc_table(doc, "by_country", "The rule by country",
                             TT_TABLE_ALL);
  tt_table_col(t, "country", TT_COL_STR, 0);
  tt_table_col(t, "iso3", TT_COL_STR, 0);
  tt_table_col(t, "watch_list_years", TT_COL_INT, 0);
  tt_table_col(t, "longest_streak", TT_COL_INT, 0);
  tt_table_col(t, "waiver_years", TT_COL_INT, 0);
  tt_table_col(t, "automatic_downgrades", TT_COL_STR, 0);
  tt_table_col(t, "inconsistent", TT_COL_STR, 0);
  size_t n = 0;
  for (size_t e = 0; e < p->n_entities; e++) {
    if (g != TT_GROUP_NONE && p->group[e] != g) continue;
    int wly = 0, longest = 0, waivers = 0;
    char autos[256] = "", bad[256] = "";
    for (int y = r->year_lo; y <= r->year_hi; y++) {
      const tt_rules_cell *c = tt_rules_get(r, e, y);
      char ys[16];
      snprintf(ys, sizeof ys, "%d", y);
      wly += c->watch;
      if (c->streak > longest) longest = c->streak;
      waivers += c->waiver > 0;
      if (c->automatic) list_add(autos, sizeof autos, ys);
      if (c->inconsistent) list_add(bad, sizeof bad, ys);
    }
    if (!wly && !autos[0]) continue;
    n++;
    tt_table_row(t);
    tt_table_str(t, 0, p->names[e]);
    tt_table_str(t, 1, p->codes[e]);
    tt_table_int(t, 2, wly);
    tt_table_int(t, 3, longest);
    tt_table_int(t, 4, waivers);
    tt_table_str(t, 5, autos);
    tt_table_str(t, 6, bad);
  }
  tt_table_note(t, "%zu countries were on the Watch List, or downgraded by "
                "the rule, in %d-%d.", n, r->year_lo, r->year_hi);
}

static void add_inconsistent(tt_cli *cli, tt_doc *doc, const tt_rules *r) {
  const tt_panel *p = cli->panel;
  int g = cli->group_index;
  tt_table *t = tt_doc_table(doc, "inconsistent",
                             "Watch List years the rule does not allow",
                             TT_TABLE_ALL);
  tt_table_col(t, "country", TT_COL_STR, 0);
  tt_table_col(t, "iso3", TT_COL_STR, 0);
  tt_table_col(t, "year", TT_COL_INT, 0);
  tt_table_col(t, "streak", TT_COL_INT, 0);
  tt_table_col(t, "reinstated", TT_COL_STR, 0);
  tt_table_col(t, "limit", TT_COL_STR, 0);
  size_t n = 0;
  for (size_t e = 0; e < p->n_entities; e++) {
    if (g != TT_GROUP_NONE && p->group[e] != g) continue;
    for (int y = r->year_lo; y <= r->year_hi; y++) {
      const tt_rules_cell *c = tt_rules_get(r, e, y);
      if (!c->inconsistent) continue;
      n++;
      tt_table_row(t);
      tt_table_str(t, 0, p->names[e]);
      tt_table_str(t, 1, p->codes[e]);
      tt_table_int(t, 2, y);
      tt_table_int(t, 3, c->streak);
      int rein = c->reinstated && c->reinstatement_limit != TT_RULES_NO_LIMIT;
      tt_table_str(t, 4, c->reinstated ? "yes" : "no");
      if (rein)
        tt_table_strf(t, 5, "%d year after reinstatement",
                      c->reinstatement_limit);
      else
        tt_table_strf(t, 5, "%d + %d waiver years", r->opt.streak_limit,
                      c->waiver_limit);
    }
  }
  if (n)
    tt_table_note(t, "%zu Watch List years exceed the rule as set here: "
                  "either the data are wrong for that year, or the rule's "
                  "parameters differ from the law applied that year.", n);
  else
    tt_table_note(t, "None: every Watch List year in %d-%d is within the "
                  "rule as set here.", r->year_lo, r->year_hi);
}

static int find_countries(tt_cli *cli, size_t **which) {
  *which = NULL;
  if (!cli->n_args) return TT_OK;
  size_t *w = malloc((size_t)cli->n_args * sizeof *w);
  if (!w) return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  for (int i = 0; i < cli->n_args; i++) {
    size_t n;
    long e = tt_panel_find(cli->panel, cli->args[i], &n);
    if (e < 0) {
      free(w);
      if (e == -2)
        return tt_cli_fail(cli, TT_EUSAGE, "'%s' matches %zu countries; "
                           "give more of the name or the ISO3 code",
                           cli->args[i], n);
      return tt_cli_fail(cli, TT_EUSAGE, "no country '%s' in %s",
                         cli->args[i], cli->data_path);
    }
    w[i] = (size_t)e;
  }
  *which = w;
  return TT_OK;
}

static int run(tt_cli *cli, int argc, char **argv) {
  rules_args a = {2009, 2, NULL, NULL, 0, 0};
  int rc = tt_cli_parse(cli, argc, argv, opts, on_option, &a);
  if (rc) return rc;
  if ((rc = tt_cli_load(cli))) return rc;
  tt_error err;
  tt_error_clear(&err);
  tt_rules_options o;
  if (tt_rules_options_default(&o, cli->scale, &err))
    return tt_cli_fail_err(cli, &err);
  o.first_year = (int)a.first_year;
  o.streak_limit = (int)a.streak_limit;
  o.reinstate_any = a.reinstate_any;
  o.gaps = a.hold ? TT_RULES_GAP_HOLD : TT_RULES_GAP_RESET;
  if (a.waiver && tt_rules_schedule_parse(&o.waiver, a.waiver, &err))
    return tt_cli_fail(cli, TT_EUSAGE, "--waiver-limit: %s", err.msg);
  if (a.reinstatement &&
      tt_rules_schedule_parse(&o.reinstatement, a.reinstatement, &err))
    return tt_cli_fail(cli, TT_EUSAGE, "--reinstatement-limit: %s", err.msg);
  int lo, hi;
  tt_cli_years(cli, &lo, &hi);
  if (o.first_year > hi)
    return tt_cli_fail(cli, TT_EUSAGE, "--first-year %d is after the last "
                       "year used (%d)", o.first_year, hi);
  size_t *which;
  if ((rc = find_countries(cli, &which))) return rc;
  tt_rules *r = tt_rules_apply(cli->panel, &o, lo, hi, &err);
  if (!r) {
    free(which);
    return tt_cli_fail_err(cli, &err);
  }
  tt_doc *doc = tt_cli_doc(cli, "The Watch List rule");
  if (!doc) {
    free(which);
    tt_rules_free(r);
    return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  }
  char wbuf[256], rbuf[256];
  tt_rules_schedule_describe(&o.waiver, wbuf, sizeof wbuf);
  tt_rules_schedule_describe(&o.reinstatement, rbuf, sizeof rbuf);
  tt_doc_para(doc, "Rule (22 U.S.C. 7107(b)(2)(D), (F)): Watch List years "
              "count from the %d report. After %d straight year%s a country "
              "must leave the list (upgrade, or Tier 3: an automatic "
              "downgrade) unless a waiver is granted. Waiver years allowed: "
              "%s. Watch List years allowed after an automatic downgrade %s "
              "(reinstatement): %s. %s",
              o.first_year, o.streak_limit, o.streak_limit == 1 ? "" : "s",
              wbuf,
              o.reinstate_any ? "of any kind" : "with the waivers used up",
              rbuf,
              o.gaps == TT_RULES_GAP_RESET
                  ? "A year absent from the report or a Special Case ends a "
                    "streak."
                  : "A year absent from the report or a Special Case "
                    "neither counts nor ends a streak.");
  tt_doc_meta(doc, "first_year", "%d", o.first_year);
  tt_doc_meta(doc, "streak_limit", "%d", o.streak_limit);
  tt_doc_meta(doc, "waiver_limit", "%s", wbuf);
  tt_doc_meta(doc, "reinstatement_limit", "%s", rbuf);
  tt_doc_meta(doc, "gaps", "%s", a.hold ? "hold" : "reset");
  add_country_years(cli, doc, r, which, cli->n_args);
  if (!cli->n_args) {
    add_automatic(cli, doc, r);
    add_at_risk(cli, doc, r);
    add_by_year(cli, doc, r);
    add_by_country(cli, doc, r);
    add_inconsistent(cli, doc, r);
  }
  rc = tt_cli_emit(cli, doc);
  tt_doc_free(doc);
  tt_rules_free(r);
  free(which);
  return rc;
}

const tt_command tt_cmd_rules = {
    "rules", run,
    "the statutory Watch List rule: automatic downgrades, who must leave next",
    "rules [NAME|ISO3...] [OPTIONS]",
    "Applies 22 U.S.C. 7107(b)(2)(D) and (F): a country on the Tier 2\n"
    "Watch List for 2 straight years (counted from the 2009 report) must be\n"
    "upgraded or placed on Tier 3 unless a waiver is granted (up to 2 years,\n"
    "1 from the 2019 report); after an automatic downgrade with the waivers\n"
    "used up, a return to the list may last 1 year (from the 2019 report).\n"
    "Every parameter can be changed to test variants. A schedule is a limit,\n"
    "then YEAR:LIMIT steps: '2,2019:1'; 'none' means no limit.\n"
    "Tables: country_years (csv), automatic, at_risk, by_year, by_country,\n"
    "inconsistent. With countries named, only their Watch List years."};
