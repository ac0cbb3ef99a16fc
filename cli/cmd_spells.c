/* tiertrend spells — how long entities stay in one state (default: the
 * Watch List): one-year persistence, spell lengths, Kaplan-Meier survival
 * with the median, how spells end, the longest spells, and the hazard of
 * leaving by spell year (duration dependence), overall or per group. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tt_cli.h"
#include "tt_spells.h"
#include "tt_survival.h"

enum {
  OPT_STATE = 1000,
  OPT_BY_GROUP,
  OPT_TOP,
  OPT_BUCKETS,
  OPT_LEVEL
};

static const tt_cli_option opts[] = {
    {"state", 1, OPT_STATE, "S", "the state whose spells to study "
     "(default 2WL, the Watch List)"},
    {"by-group", 0, OPT_BY_GROUP, NULL, "every table per group as well"},
    {"top", 1, OPT_TOP, "N", "longest spells to list (default 10)"},
    {"buckets", 1, OPT_BUCKETS, "K",
     "spell years in the hazard table: 1st..Kth and later (default 4)"},
    {"level", 1, OPT_LEVEL, "P", "interval level (default 0.95)"},
    {NULL, 0, 0, NULL, NULL}};

typedef struct {
  const char *state;
  int by_group;
  long top;
  long buckets;
  double level;
} spells_args;

static int on_option(tt_cli *cli, int key, const char *arg, void *ctx) {
  spells_args *a = ctx;
  switch (key) {
    case OPT_STATE: a->state = arg; return TT_OK;
    case OPT_BY_GROUP: a->by_group = 1; return TT_OK;
    case OPT_TOP: return tt_cli_int(cli, "--top", arg, 1, 1000, &a->top);
    case OPT_BUCKETS:
      return tt_cli_int(cli, "--buckets", arg, 2, TT_SPELLS_DD_MAX,
                        &a->buckets);
    case OPT_LEVEL:
      return tt_cli_real(cli, "--level", arg, 0.5, 0.999, &a->level);
  }
  return TT_EUSAGE;
}

typedef struct {
  tt_cli *cli;
  const tt_spells *sp;
  int state;
  int n_dd;
  double level;
  long top;
  tt_table *summary, *survival, *lengths, *exits, *hazard, *longest;
} ctx;

static const char *group_label(const tt_panel *p, int g) {
  return g == TT_GROUP_NONE ? "all" : p->group_names[g];
}

static const char *end_word(const tt_cli *cli, const tt_spell *x, char *buf,
                            size_t n) {
  if (x->how == TT_SPELL_EXIT)
    snprintf(buf, n, "to %s", tt_cli_label(cli, x->exit_state));
  else
    snprintf(buf, n, "%s", x->how == TT_SPELL_CENSOR_END
                               ? "ongoing (censored)"
                               : "gap follows (censored)");
  return buf;
}

static void fmt_years(double v, char *buf, size_t n) {
  if (isnan(v)) snprintf(buf, n, "not reached");
  else if (v == floor(v)) snprintf(buf, n, "%.0f", v);
  else snprintf(buf, n, "%.1f", v);
}

/* One block of tables' rows for group g (TT_GROUP_NONE = all). */
static int add_group(ctx *c, int g, tt_spells_summary **out_sum,
                     tt_km **out_km) {
  tt_cli *cli = c->cli;
  const tt_panel *p = cli->panel;
  tt_error err;
  tt_error_clear(&err);
  tt_spells_summary *m =
      tt_spells_summarise(c->sp, p, c->state, g, c->n_dd, c->level, &err);
  if (!m) return tt_cli_fail_err(cli, &err);
  tt_km *km = tt_km_estimate(c->sp, p, c->state, g, c->level, &err);
  if (!km) {
    tt_spells_summary_free(m);
    return tt_cli_fail_err(cli, &err);
  }
  const char *gl = group_label(p, g);
  tt_table *t = c->summary;
  tt_table_row(t);
  tt_table_str(t, 0, gl);
  tt_table_int(t, 1, (long)m->n_spells);
  tt_table_int(t, 2, (long)m->n_entities);
  tt_table_int(t, 3, (long)m->n_exit);
  tt_table_int(t, 4, (long)(m->n_censor_end + m->n_censor_gap));
  tt_table_int(t, 5, (long)m->pairs);
  if (m->pairs) {
    tt_table_real(t, 6, m->p_stay);
    tt_table_real(t, 7, m->p_stay_lower);
    tt_table_real(t, 8, m->p_stay_upper);
  }
  tt_table_real(t, 9, km->median);
  tt_table_real(t, 10, km->median_lower);
  tt_table_real(t, 11, km->median_upper);

  for (size_t j = 0; j < km->n_times; j++) {
    t = c->survival;
    tt_table_row(t);
    tt_table_str(t, 0, gl);
    tt_table_int(t, 1, (long)km->time[j]);
    tt_table_int(t, 2, (long)km->at_risk[j]);
    tt_table_int(t, 3, (long)km->events[j]);
    tt_table_int(t, 4, (long)km->censored[j]);
    tt_table_real(t, 5, km->surv[j]);
    tt_table_real(t, 6, km->se[j]);
    tt_table_real(t, 7, km->lower[j]);
    tt_table_real(t, 8, km->upper[j]);
  }
  for (int L = 1; L <= m->max_length; L++) {
    if (!m->len_total[L]) continue;
    t = c->lengths;
    tt_table_row(t);
    tt_table_str(t, 0, gl);
    tt_table_int(t, 1, L);
    tt_table_int(t, 2, (long)m->len_total[L]);
    tt_table_int(t, 3, (long)m->len_exit[L]);
    tt_table_int(t, 4, (long)m->len_censored[L]);
    tt_table_real(t, 5, (double)m->len_total[L] / (double)m->n_spells);
  }
  const tt_scale *s = cli->scale;
  for (size_t k = 1; k <= s->n; k++) {
    if (!m->exit_to[k]) continue;
    t = c->exits;
    tt_table_row(t);
    tt_table_str(t, 0, gl);
    tt_table_strf(t, 1, "to %s", s->states[k].label);
    tt_table_int(t, 2, (long)m->exit_to[k]);
    tt_table_real(t, 3, (double)m->exit_to[k] / (double)m->n_spells);
    tt_table_real(t, 4, (double)m->exit_to[k] / (double)m->n_exit);
  }
  const char *cens[2] = {"ongoing (censored)", "gap follows (censored)"};
  size_t nc[2] = {m->n_censor_end, m->n_censor_gap};
  for (int i = 0; i < 2; i++) {
    if (!nc[i]) continue;
    t = c->exits;
    tt_table_row(t);
    tt_table_str(t, 0, gl);
    tt_table_str(t, 1, cens[i]);
    tt_table_int(t, 2, (long)nc[i]);
    tt_table_real(t, 3, (double)nc[i] / (double)m->n_spells);
  }
  for (int b = 0; b < m->n_dd; b++) {
    t = c->hazard;
    tt_table_row(t);
    tt_table_str(t, 0, gl);
    tt_table_strf(t, 1, "%d%s%s", b + 1, tt_cli_ordinal(b + 1),
                  b == m->n_dd - 1 ? "+" : "");
    tt_table_int(t, 2, (long)m->dd_at_risk[b]);
    tt_table_int(t, 3, (long)m->dd_exits[b]);
    tt_table_real(t, 4, m->dd_hazard[b]);
    tt_table_real(t, 5, m->dd_lower[b]);
    tt_table_real(t, 6, m->dd_upper[b]);
  }
  size_t *idx = malloc((size_t)c->top * sizeof *idx);
  if (!idx) {
    tt_km_free(km);
    tt_spells_summary_free(m);
    return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  }
  size_t n = tt_spells_longest(c->sp, p, c->state, g, idx, (size_t)c->top);
  for (size_t i = 0; i < n; i++) {
    const tt_spell *x = &c->sp->spells[idx[i]];
    char buf[128];
    t = c->longest;
    tt_table_row(t);
    tt_table_str(t, 0, gl);
    tt_table_str(t, 1, p->names[x->entity]);
    tt_table_str(t, 2, p->codes[x->entity]);
    tt_table_int(t, 3, x->origin);
    tt_table_int(t, 4, x->end);
    tt_table_int(t, 5, tt_spell_length(x));
    tt_table_str(t, 6, end_word(cli, x, buf, sizeof buf));
  }
  free(idx);
  *out_sum = m;
  *out_km = km;
  return TT_OK;
}

static void make_tables(ctx *c, tt_doc *doc) {
  tt_table *t;
  t = c->summary = tt_doc_table(doc, "summary", "Spells: summary",
                                TT_TABLE_ALL);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "spells", TT_COL_INT, 0);
  tt_table_col(t, "countries", TT_COL_INT, 0);
  tt_table_col(t, "ended", TT_COL_INT, 0);
  tt_table_col(t, "censored", TT_COL_INT, 0);
  tt_table_col(t, "person_years", TT_COL_INT, 0);
  tt_table_col(t, "p_stay", TT_COL_SHARE, 1);
  tt_table_col(t, "p_stay_lower", TT_COL_SHARE, 1);
  tt_table_col(t, "p_stay_upper", TT_COL_SHARE, 1);
  tt_table_col(t, "median_years", TT_COL_REAL, 1);
  tt_table_col(t, "median_lower", TT_COL_REAL, 1);
  tt_table_col(t, "median_upper", TT_COL_REAL, 1);
  t = c->hazard = tt_doc_table(doc, "hazard",
                               "Chance of leaving, by year of the spell",
                               TT_TABLE_ALL);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "spell_year", TT_COL_STR, 0);
  tt_table_col(t, "at_risk", TT_COL_INT, 0);
  tt_table_col(t, "left", TT_COL_INT, 0);
  tt_table_col(t, "hazard", TT_COL_SHARE, 1);
  tt_table_col(t, "lower", TT_COL_SHARE, 1);
  tt_table_col(t, "upper", TT_COL_SHARE, 1);
  t = c->survival = tt_doc_table(doc, "survival",
                                 "Kaplan-Meier: share of spells lasting "
                                 "more than t years",
                                 TT_TABLE_ALL);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "years", TT_COL_INT, 0);
  tt_table_col(t, "at_risk", TT_COL_INT, 0);
  tt_table_col(t, "ended", TT_COL_INT, 0);
  tt_table_col(t, "censored", TT_COL_INT, 0);
  tt_table_col(t, "survival", TT_COL_REAL, 3);
  tt_table_col(t, "se", TT_COL_REAL, 3);
  tt_table_col(t, "lower", TT_COL_REAL, 3);
  tt_table_col(t, "upper", TT_COL_REAL, 3);
  t = c->lengths = tt_doc_table(doc, "lengths", "Spell lengths",
                                TT_TABLE_ALL);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "years", TT_COL_INT, 0);
  tt_table_col(t, "spells", TT_COL_INT, 0);
  tt_table_col(t, "ended", TT_COL_INT, 0);
  tt_table_col(t, "censored", TT_COL_INT, 0);
  tt_table_col(t, "share", TT_COL_SHARE, 1);
  t = c->exits = tt_doc_table(doc, "exits", "How spells end", TT_TABLE_ALL);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "end", TT_COL_STR, 0);
  tt_table_col(t, "spells", TT_COL_INT, 0);
  tt_table_col(t, "share", TT_COL_SHARE, 1);
  tt_table_col(t, "share_of_ended", TT_COL_SHARE, 1);
  t = c->longest = tt_doc_table(doc, "longest", "Longest spells",
                                TT_TABLE_ALL);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "country", TT_COL_STR, 0);
  tt_table_col(t, "iso3", TT_COL_STR, 0);
  tt_table_col(t, "from", TT_COL_INT, 0);
  tt_table_col(t, "to", TT_COL_INT, 0);
  tt_table_col(t, "years", TT_COL_INT, 0);
  tt_table_col(t, "ended", TT_COL_STR, 0);
}

/* The plain-language lines, from the all-entities (or --group) block. */
static void add_notes(ctx *c, const tt_spells_summary *m, const tt_km *km,
                      int lo, int hi) {
  tt_cli *cli = c->cli;
  const char *lab = tt_cli_label(cli, c->state);
  const int pct = (int)lround(c->level * 100);
  char med[32], ml[32], mu[32];
  fmt_years(km->median, med, sizeof med);
  fmt_years(km->median_lower, ml, sizeof ml);
  fmt_years(km->median_upper, mu, sizeof mu);
  if (!m->n_spells) {
    tt_table_note(c->summary, "No %s spell in %d-%d.", lab, lo, hi);
    return;
  }
  if (m->pairs)
    tt_table_note(c->summary,
                  "%s: %zu spells in %d-%d. In %.0f%% of the years a country "
                  "spent on it (with the next report known) it stayed on it "
                  "the next year (%d%% interval %.0f%%-%.0f%%). Median spell: "
                  "%s year%s (%d%% interval %s to %s).",
                  lab, m->n_spells, lo, hi, 100 * m->p_stay, pct,
                  100 * m->p_stay_lower, 100 * m->p_stay_upper, med,
                  strcmp(med, "1") ? "s" : "", pct, ml, mu);
  if (!isnan(km->median) && km->median_lower == km->median &&
      km->median_upper == km->median)
    tt_table_note(c->summary, "The median's interval is a single value: "
                  "with yearly reports the median is a whole number of "
                  "years, and both edges of the %d%% band cross one half in "
                  "the same year as the estimate (%s).", pct, med);
  tt_table_note(c->summary, "Censored: still running in the last year, or "
                "followed by a year absent from the report; their end is "
                "unknown. Intervals: Wilson for P(stay); the median's from "
                "the log-log Greenwood band.");
  if (m->n_late_entry)
    tt_table_note(c->summary, "%zu spell%s began before %d; %s from "
                  "the first year and enter the estimates in %d.",
                  m->n_late_entry, m->n_late_entry == 1 ? "" : "s", lo,
                  m->n_late_entry == 1 ? "it counts" : "they count", lo);
  if (m->n_data_start)
    tt_table_note(c->summary, "%zu spell%s began in the data's first year "
                  "(%d) and may be longer than shown.", m->n_data_start,
                  m->n_data_start == 1 ? "" : "s", cli->panel->year_min);
  tt_table_note(c->survival,
                "A spell still running after t years counts as at risk up to "
                "year t-1 only: whether year t is its last is up to the next "
                "report. se: Greenwood; interval: log-log, %d%%.", pct);
  char line[512] = "";
  size_t used = 0;
  for (int b = 0; b < m->n_dd && used < sizeof line; b++) {
    if (!m->dd_at_risk[b]) continue;
    int k = snprintf(line + used, sizeof line - used, "%s%.0f%% after the "
                     "%d%s%s", used ? ", " : "", 100 * m->dd_hazard[b], b + 1,
                     tt_cli_ordinal(b + 1), b == m->n_dd - 1 ? " or later" : "");
    if (k < 0) break;
    used += (size_t)k;
  }
  tt_table_note(c->hazard, "Share of %s countries in a given year of their "
                "spell that left in the next report: %s.", lab, line);
  if (m->dd_df)
    tt_table_note(c->hazard, "Is the chance the same in every spell year? "
                  "Pearson X2 = %.2f, G2 = %.2f on %d df, p = %.3g (X2), "
                  "%.3g (G2)%s.", m->dd_x2, m->dd_g2, m->dd_df, m->dd_p_x2,
                  m->dd_p_g2,
                  m->dd_small ? "; some expected counts are below 5, so p is "
                                "rough" : "");
  else
    tt_table_note(c->hazard, "Too few spells to test whether the chance "
                  "changes with the spell year.");
  tt_table_note(c->exits, "share: of all spells; share_of_ended: of the "
                "spells whose end is observed.");
  tt_table_note(c->lengths, "Lengths count from each spell's first year; a "
                "censored spell's true length is at least this.");
}

/* Named countries: their spells of the state, with how common such a
 * length is and what usually happens next. */
static int add_countries(ctx *c, tt_doc *doc, const tt_spells_summary *m,
                         const tt_km *km) {
  tt_cli *cli = c->cli;
  const tt_panel *p = cli->panel;
  const char *lab = tt_cli_label(cli, c->state);
  tt_table *t = tt_doc_table(doc, "countries", "Spells of the countries named",
                             TT_TABLE_ALL);
  tt_table_col(t, "country", TT_COL_STR, 0);
  tt_table_col(t, "iso3", TT_COL_STR, 0);
  tt_table_col(t, "from", TT_COL_INT, 0);
  tt_table_col(t, "to", TT_COL_INT, 0);
  tt_table_col(t, "years", TT_COL_INT, 0);
  tt_table_col(t, "ended", TT_COL_STR, 0);
  tt_table_col(t, "lasting_this_long", TT_COL_SHARE, 1);
  tt_table_col(t, "leave_next", TT_COL_SHARE, 1);
  for (int i = 0; i < cli->n_args; i++) {
    size_t nm;
    long e = tt_panel_find(p, cli->args[i], &nm);
    if (e < 0)
      return tt_cli_fail(cli, TT_EUSAGE, e == -2
                         ? "'%s' matches several countries; give more of the "
                           "name or the ISO3 code"
                         : "no country '%s' in the data", cli->args[i]);
    int any = 0;
    for (size_t k = 0; k < c->sp->n; k++) {
      const tt_spell *x = &c->sp->spells[k];
      if (x->entity != (size_t)e || x->state != c->state) continue;
      any = 1;
      int len = tt_spell_length(x);
      int b = len < m->n_dd ? len - 1 : m->n_dd - 1;
      char buf[128];
      tt_table_row(t);
      tt_table_str(t, 0, p->names[e]);
      tt_table_str(t, 1, p->codes[e]);
      tt_table_int(t, 2, x->origin);
      tt_table_int(t, 3, x->end);
      tt_table_int(t, 4, len);
      tt_table_str(t, 5, end_word(cli, x, buf, sizeof buf));
      /* S(len - 1): the share of spells lasting at least len years. */
      tt_table_real(t, 6, tt_km_at(km, len - 1));
      tt_table_real(t, 7, m->dd_hazard[b]);
      char span[32];
      if (x->origin == x->end) snprintf(span, sizeof span, "%d", x->end);
      else snprintf(span, sizeof span, "%d-%d", x->origin, x->end);
      tt_table_note(t, "%s, %s: %d year%s on the %s (in %d its %d%s "
                    "straight year); %.0f%% of %s spells last at least %d "
                    "year%s, and %.0f%% of countries in their %d%s%s year "
                    "leave it in the next report.",
                    p->names[e], span, len, len == 1 ? "" : "s",
                    lab, x->end, len, tt_cli_ordinal(len),
                    100 * tt_km_at(km, len - 1), lab, len,
                    len == 1 ? "" : "s", 100 * m->dd_hazard[b], b + 1,
                    tt_cli_ordinal(b + 1), b == m->n_dd - 1 ? " or later" : "");
    }
    if (!any)
      tt_table_note(t, "%s has no %s spell in the years used.", p->names[e],
                    lab);
  }
  tt_table_note(t, "lasting_this_long: Kaplan-Meier share of spells lasting "
                "at least as long; leave_next: share of spells in that spell "
                "year that end in the next report.");
  return TT_OK;
}

static void add_all_spells(ctx *c, tt_doc *doc) {
  tt_cli *cli = c->cli;
  const tt_panel *p = cli->panel;
  int g = cli->group_index;
  tt_table *t = tt_doc_table(doc, "spells", "Every spell", TT_TABLE_DATA);
  tt_table_col(t, "country", TT_COL_STR, 0);
  tt_table_col(t, "iso3", TT_COL_STR, 0);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "from", TT_COL_INT, 0);
  tt_table_col(t, "to", TT_COL_INT, 0);
  tt_table_col(t, "years", TT_COL_INT, 0);
  tt_table_col(t, "first_in_window", TT_COL_INT, 0);
  tt_table_col(t, "ended", TT_COL_STR, 0);
  tt_table_col(t, "next_state", TT_COL_STR, 0);
  for (size_t k = 0; k < c->sp->n; k++) {
    const tt_spell *x = &c->sp->spells[k];
    if (x->state != c->state) continue;
    if (g != TT_GROUP_NONE && p->group[x->entity] != g) continue;
    tt_table_row(t);
    tt_table_str(t, 0, p->names[x->entity]);
    tt_table_str(t, 1, p->codes[x->entity]);
    if (p->group[x->entity] != TT_GROUP_NONE)
      tt_table_str(t, 2, p->group_names[p->group[x->entity]]);
    tt_table_int(t, 3, x->origin);
    tt_table_int(t, 4, x->end);
    tt_table_int(t, 5, tt_spell_length(x));
    tt_table_int(t, 6, x->start);
    tt_table_str(t, 7, x->how == TT_SPELL_EXIT         ? "exit"
                       : x->how == TT_SPELL_CENSOR_END ? "ongoing"
                                                       : "gap");
    if (x->how == TT_SPELL_EXIT) tt_table_str(t, 8, tt_cli_code(cli, x->exit_state));
  }
}

static int run(tt_cli *cli, int argc, char **argv) {
  spells_args a = {"2WL", 0, 10, 4, 0.95};
  int rc = tt_cli_parse(cli, argc, argv, opts, on_option, &a);
  if (rc) return rc;
  if ((rc = tt_cli_load(cli))) return rc;
  int state = tt_scale_lookup(cli->scale, a.state, strlen(a.state));
  if (state <= 0) {
    char buf[1024];
    return tt_cli_fail(cli, TT_EUSAGE, "--state: '%s' is not a state of the "
                       "scale (%s)", a.state,
                       tt_scale_describe(cli->scale, buf, sizeof buf));
  }
  int lo, hi;
  tt_cli_years(cli, &lo, &hi);
  tt_error err;
  tt_error_clear(&err);
  tt_spells *sp = tt_spells_find(cli->panel, -1, lo, hi, &err);
  if (!sp) return tt_cli_fail_err(cli, &err);
  tt_doc *doc = tt_cli_doc(cli, "Spells");
  if (!doc) {
    tt_spells_free(sp);
    return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  }
  tt_doc_para(doc, "State: %s. A spell is a run of one state in consecutive "
              "reports; it ends when the next report puts the country "
              "elsewhere, and is censored when it is still running or a "
              "report without the country follows.",
              tt_cli_label(cli, state));
  tt_doc_meta(doc, "state", "%s", tt_cli_code(cli, state));
  ctx c = {cli, sp, state, (int)a.buckets, a.level, a.top,
           NULL, NULL, NULL, NULL, NULL, NULL};
  add_all_spells(&c, doc);
  make_tables(&c, doc);
  tt_spells_summary *m = NULL;
  tt_km *km = NULL;
  rc = add_group(&c, cli->group_index, &m, &km);
  if (!rc) add_notes(&c, m, km, lo, hi);
  if (!rc && a.by_group && cli->group_index == TT_GROUP_NONE) {
    for (size_t g = 0; g < cli->panel->n_groups && !rc; g++) {
      tt_spells_summary *gm = NULL;
      tt_km *gk = NULL;
      rc = add_group(&c, (int)g, &gm, &gk);
      if (!rc && gm->dd_df)
        tt_table_note(c.hazard, "%s: X2 = %.2f on %d df, p = %.3g%s.",
                      cli->panel->group_names[g], gm->dd_x2, gm->dd_df,
                      gm->dd_p_x2, gm->dd_small ? " (rough)" : "");
      tt_spells_summary_free(gm);
      tt_km_free(gk);
    }
  }
  if (!rc && cli->n_args) rc = add_countries(&c, doc, m, km);
  if (!rc) rc = tt_cli_emit(cli, doc);
  tt_spells_summary_free(m);
  tt_km_free(km);
  tt_doc_free(doc);
  tt_spells_free(sp);
  return rc;
}

const tt_command tt_cmd_spells = {
    "spells", run,
    "how long countries stay in a tier (default the Watch List) and how "
    "spells end",
    "spells [NAME|ISO3...] [OPTIONS]",
    "For one state (--state, default the Watch List): one-year persistence\n"
    "P(stay), Kaplan-Meier survival with Greenwood log-log intervals and the\n"
    "median spell length with its interval, the chance of leaving by spell\n"
    "year with a test of whether it changes (duration dependence), spell\n"
    "lengths, how spells end and the longest spells; --by-group repeats\n"
    "every table per group. Countries named are set against all spells.\n"
    "Tables: spells (csv), summary, hazard, survival, lengths, exits,\n"
    "longest, countries."};
