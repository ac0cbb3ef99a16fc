/* tiertrend trends — which countries improve or decline, and how the whole
 * distribution moves: per-country net change, moves, OLS and Mann-Kendall
 * trends with Sen's slope; per-year counts, mean with interval, moves and
 * entropy; the same per group. Lower is better throughout. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tt_cli.h"
#include "tt_trends.h"

enum { OPT_TOP = 1000, OPT_MIN_YEARS, OPT_LEVEL, OPT_BY_GROUP };

static const tt_cli_option opts[] = {
    {"top", 1, OPT_TOP, "N", "countries in the most improved / declined "
     "lists (default 10)"},
    {"min-years", 1, OPT_MIN_YEARS, "N", "ranked years a country needs to "
     "enter those lists (default 5)"},
    {"level", 1, OPT_LEVEL, "P", "interval level for yearly means (default "
     "0.95)"},
    {"by-group", 0, OPT_BY_GROUP, NULL, "per-group summaries and yearly "
     "tables"},
    {NULL, 0, 0, NULL, NULL}};

typedef struct {
  long top, min_years;
  double level;
  int by_group;
} trends_args;

static int on_option(tt_cli *cli, int key, const char *arg, void *ctx) {
  trends_args *a = ctx;
  switch (key) {
    case OPT_TOP: return tt_cli_int(cli, "--top", arg, 1, 1000, &a->top);
    case OPT_MIN_YEARS:
      return tt_cli_int(cli, "--min-years", arg, 2, 1000, &a->min_years);
    case OPT_LEVEL:
      return tt_cli_real(cli, "--level", arg, 0.5, 0.999, &a->level);
    case OPT_BY_GROUP: a->by_group = 1; return TT_OK;
  }
  return TT_EUSAGE;
}

/* The sign convention, said in every table: lower is better. */
static const char *sign_words(const tt_cli *cli, char *buf, size_t n) {
  char v[256];
  snprintf(buf, n, "Lower is better (%s): a negative change or slope is an "
           "improvement.", tt_cli_values(cli, v, sizeof v));
  return buf;
}

static void add_entities(tt_cli *cli, tt_doc *doc, const tt_trends *tr) {
  const tt_panel *p = cli->panel;
  const tt_scale *s = cli->scale;
  tt_table *t = tt_doc_table(doc, "countries", "Trend per country",
                             TT_TABLE_DATA);
  const char *c1[] = {"country", "iso3", "group"};
  for (int i = 0; i < 3; i++) tt_table_col(t, c1[i], TT_COL_STR, 0);
  tt_table_col(t, "ranked_years", TT_COL_INT, 0);
  tt_table_col(t, "first_year", TT_COL_INT, 0);
  tt_table_col(t, "first_tier", TT_COL_STR, 0);
  tt_table_col(t, "last_year", TT_COL_INT, 0);
  tt_table_col(t, "last_tier", TT_COL_STR, 0);
  tt_table_col(t, "net_change", TT_COL_REAL, 1);
  tt_table_col(t, "upgrades", TT_COL_INT, 0);
  tt_table_col(t, "downgrades", TT_COL_INT, 0);
  tt_table_col(t, "volatility", TT_COL_REAL, 2);
  for (size_t k = 1; k <= s->n; k++) {
    char name[64];
    snprintf(name, sizeof name, "years_%s", s->states[k].code);
    tt_table_col(t, name, TT_COL_INT, 0);
  }
  tt_table_col(t, "longest_years", TT_COL_INT, 0);
  tt_table_col(t, "longest_tier", TT_COL_STR, 0);
  tt_table_col(t, "longest_from", TT_COL_INT, 0);
  tt_table_col(t, "slope_decade", TT_COL_REAL, 2);
  tt_table_col(t, "slope_se", TT_COL_REAL, 2);
  tt_table_col(t, "slope_p", TT_COL_REAL, 3);
  tt_table_col(t, "mk_s", TT_COL_INT, 0);
  tt_table_col(t, "tau_b", TT_COL_REAL, 2);
  tt_table_col(t, "mk_p", TT_COL_REAL, 3);
  tt_table_col(t, "sen_decade", TT_COL_REAL, 2);
  for (size_t i = 0; i < tr->n_entities; i++) {
    const tt_trend_entity *te = &tr->entity[i];
    size_t e = te->entity, c = 0;
    tt_table_row(t);
    tt_table_str(t, c++, p->names[e]);
    tt_table_str(t, c++, p->codes[e]);
    tt_table_str(t, c++, p->group[e] != TT_GROUP_NONE
                             ? p->group_names[p->group[e]]
                             : NULL);
    tt_table_int(t, c++, (long)te->n_obs);
    if (te->n_obs) {
      tt_table_int(t, c++, te->first_year);
      tt_table_str(t, c++, tt_cli_code(cli, te->first_state));
      tt_table_int(t, c++, te->last_year);
      tt_table_str(t, c++, tt_cli_code(cli, te->last_state));
      tt_table_real(t, c++, te->net_change);
    } else {
      c += 5;
    }
    tt_table_int(t, c++, te->upgrades);
    tt_table_int(t, c++, te->downgrades);
    tt_table_real(t, c++, te->volatility);
    for (size_t k = 1; k <= s->n; k++) tt_table_int(t, c++, te->years_in[k]);
    tt_table_int(t, c++, te->longest_length);
    tt_table_str(t, c++, tt_cli_code(cli, te->longest_state));
    tt_table_int(t, c++, te->longest_start);
    tt_table_real(t, c++, te->ols.slope);
    tt_table_real(t, c++, te->ols.se);
    tt_table_real(t, c++, te->ols.p);
    if (te->n_obs >= 2) tt_table_int(t, c, (long)te->mk.s);
    c++;
    tt_table_real(t, c++, te->mk.tau_b);
    tt_table_real(t, c++, te->mk.p);
    tt_table_real(t, c++, te->mk.sen);
  }
  tt_table_note(t, "%s Slopes in tiers per decade; p-values treat years as "
                "independent, which ratings are not, so they overstate the "
                "evidence.", sign_words(cli, (char[320]){0}, 320));
}

typedef struct {
  const tt_trend_entity *te;
  int dir; /* -1: most improved first, +1: most declined first */
} rank_item;

static int cmp_rank(const void *a, const void *b) {
  const rank_item *x = a, *y = b;
  double dx = x->dir * x->te->net_change, dy = y->dir * y->te->net_change;
  if (dx != dy) return dx > dy ? -1 : 1;
  /* Then the steeper slope, then entity order. */
  double sx = x->dir * x->te->ols.slope, sy = y->dir * y->te->ols.slope;
  if (!isnan(sx) && !isnan(sy) && sx != sy) return sx > sy ? -1 : 1;
  return (x->te->entity > y->te->entity) - (x->te->entity < y->te->entity);
}

static int add_ranking(tt_cli *cli, tt_doc *doc, const tt_trends *tr,
                       int dir, const trends_args *a) {
  const tt_panel *p = cli->panel;
  tt_table *t = tt_doc_table(doc, dir < 0 ? "improved" : "declined",
                             dir < 0 ? "Most improved" : "Most declined",
                             TT_TABLE_ALL);
  tt_table_col(t, "country", TT_COL_STR, 0);
  tt_table_col(t, "iso3", TT_COL_STR, 0);
  tt_table_col(t, "from", TT_COL_STR, 0);
  tt_table_col(t, "to", TT_COL_STR, 0);
  tt_table_col(t, "net_change", TT_COL_REAL, 1);
  tt_table_col(t, "slope_decade", TT_COL_REAL, 2);
  tt_table_col(t, "slope_p", TT_COL_REAL, 3);
  tt_table_col(t, "tau_b", TT_COL_REAL, 2);
  tt_table_col(t, "mk_p", TT_COL_REAL, 3);
  rank_item *it = malloc((tr->n_entities ? tr->n_entities : 1) * sizeof *it);
  if (!it) return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  size_t n = 0;
  for (size_t i = 0; i < tr->n_entities; i++) {
    const tt_trend_entity *te = &tr->entity[i];
    if (te->n_obs < (size_t)a->min_years) continue;
    if (dir * te->net_change <= 0) continue;
    it[n++] = (rank_item){te, dir};
  }
  qsort(it, n, sizeof *it, cmp_rank);
  for (size_t i = 0; i < n && i < (size_t)a->top; i++) {
    const tt_trend_entity *te = it[i].te;
    tt_table_row(t);
    tt_table_str(t, 0, p->names[te->entity]);
    tt_table_str(t, 1, p->codes[te->entity]);
    tt_table_strf(t, 2, "%s (%d)", tt_cli_code(cli, te->first_state),
                  te->first_year);
    tt_table_strf(t, 3, "%s (%d)", tt_cli_code(cli, te->last_state),
                  te->last_year);
    tt_table_real(t, 4, te->net_change);
    tt_table_real(t, 5, te->ols.slope);
    tt_table_real(t, 6, te->ols.p);
    tt_table_real(t, 7, te->mk.tau_b);
    tt_table_real(t, 8, te->mk.p);
  }
  tt_table_note(t, "%zu countr%s with at least %ld ranked years %s between "
                "their first and last ranked report; ranked by net change, "
                "then by slope. Net change compares those two years only; "
                "the slope and tau-b use every year. %s",
                n, n == 1 ? "y" : "ies", a->min_years,
                dir < 0 ? "improved" : "declined", sign_words(cli, (char[320]){0}, 320));
  free(it);
  return TT_OK;
}

static void year_cols(tt_cli *cli, tt_table *t, int with_group) {
  const tt_scale *s = cli->scale;
  if (with_group) tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "year", TT_COL_INT, 0);
  tt_table_col(t, "countries", TT_COL_INT, 0);
  for (size_t k = 1; k <= s->n; k++)
    tt_table_col(t, s->states[k].code, TT_COL_INT, 0);
  tt_table_col(t, "mean", TT_COL_REAL, 2);
  tt_table_col(t, "lower", TT_COL_REAL, 2);
  tt_table_col(t, "upper", TT_COL_REAL, 2);
  tt_table_col(t, "upgrades", TT_COL_INT, 0);
  tt_table_col(t, "downgrades", TT_COL_INT, 0);
  tt_table_col(t, "entropy_bits", TT_COL_REAL, 2);
}

static void year_rows(tt_cli *cli, tt_table *t, tt_table *shares,
                      const tt_trends *tr, const char *group) {
  const tt_scale *s = cli->scale;
  for (size_t i = 0; i < tr->n_years; i++) {
    const tt_trend_year *y = &tr->year[i];
    if (!y->n_present) continue;
    size_t c = 0;
    tt_table_row(t);
    if (group) tt_table_str(t, c++, group);
    tt_table_int(t, c++, y->year);
    tt_table_int(t, c++, (long)y->n_present);
    for (size_t k = 1; k <= s->n; k++) tt_table_int(t, c++, (long)y->count[k]);
    tt_table_real(t, c++, y->mean);
    tt_table_real(t, c++, y->lower);
    tt_table_real(t, c++, y->upper);
    if (i > 0) {
      tt_table_int(t, c, (long)y->upgrades);
      tt_table_int(t, c + 1, (long)y->downgrades);
    }
    c += 2;
    tt_table_real(t, c++, y->entropy);
    for (size_t k = 1; k <= s->n; k++) {
      tt_table_row(shares);
      tt_table_str(shares, 0, group ? group : "all");
      tt_table_int(shares, 1, y->year);
      tt_table_str(shares, 2, s->states[k].code);
      tt_table_int(shares, 3, (long)y->count[k]);
      tt_table_real(shares, 4, (double)y->count[k] / (double)y->n_present);
    }
  }
}

static void add_groups(tt_cli *cli, tt_doc *doc, tt_trends *const *gt,
                       size_t n_groups, const trends_args *a) {
  const tt_panel *p = cli->panel;
  tt_table *t = tt_doc_table(doc, "groups", "Trends by group", TT_TABLE_ALL);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "countries", TT_COL_INT, 0);
  tt_table_col(t, "improved", TT_COL_INT, 0);
  tt_table_col(t, "unchanged", TT_COL_INT, 0);
  tt_table_col(t, "declined", TT_COL_INT, 0);
  tt_table_col(t, "mean_net_change", TT_COL_REAL, 2);
  tt_table_col(t, "improving_trend", TT_COL_INT, 0);
  tt_table_col(t, "declining_trend", TT_COL_INT, 0);
  tt_table_col(t, "first_mean", TT_COL_REAL, 2);
  tt_table_col(t, "last_mean", TT_COL_REAL, 2);
  for (size_t g = 0; g < n_groups; g++) {
    const tt_trends *tr = gt[g];
    size_t n = 0, up = 0, same = 0, down = 0, tup = 0, tdown = 0;
    double sum = 0;
    for (size_t i = 0; i < tr->n_entities; i++) {
      const tt_trend_entity *te = &tr->entity[i];
      if (te->n_obs < (size_t)a->min_years) continue;
      n++;
      sum += te->net_change;
      up += te->net_change < 0;
      same += te->net_change == 0;
      down += te->net_change > 0;
      if (te->mk.p < 0.05) {
        tup += te->mk.s < 0;
        tdown += te->mk.s > 0;
      }
    }
    double first = NAN, last = NAN;
    for (size_t i = 0; i < tr->n_years; i++)
      if (tr->year[i].n_ranked) {
        if (isnan(first)) first = tr->year[i].mean;
        last = tr->year[i].mean;
      }
    tt_table_row(t);
    tt_table_str(t, 0, p->group_names[g]);
    tt_table_int(t, 1, (long)n);
    tt_table_int(t, 2, (long)up);
    tt_table_int(t, 3, (long)same);
    tt_table_int(t, 4, (long)down);
    if (n) tt_table_real(t, 5, sum / (double)n);
    tt_table_int(t, 6, (long)tup);
    tt_table_int(t, 7, (long)tdown);
    tt_table_real(t, 8, first);
    tt_table_real(t, 9, last);
  }
  tt_table_note(t, "Countries with at least %ld ranked years. "
                "improving/declining_trend: Mann-Kendall p < 0.05 (a guide, "
                "not a test: years are not independent). first/last_mean: "
                "mean tier value in the group's first and last year. %s",
                a->min_years, sign_words(cli, (char[320]){0}, 320));
}

static int run(tt_cli *cli, int argc, char **argv) {
  trends_args a = {10, 5, 0.95, 0};
  int rc = tt_cli_parse(cli, argc, argv, opts, on_option, &a);
  if (rc) return rc;
  if (cli->n_args)
    return tt_cli_fail(cli, TT_EUSAGE, "trends takes no arguments ('%s'); "
                       "for one country use 'tiertrend country'",
                       cli->args[0]);
  if ((rc = tt_cli_load(cli))) return rc;
  const tt_panel *p = cli->panel;
  int lo, hi;
  tt_cli_years(cli, &lo, &hi);
  tt_error err;
  tt_error_clear(&err);
  tt_trends *tr = tt_trends_estimate(p, lo, hi, cli->group_index, a.level,
                                     &err);
  if (!tr) return tt_cli_fail_err(cli, &err);
  int by_group = a.by_group && cli->group_index == TT_GROUP_NONE &&
                 p->n_groups;
  tt_trends **gt = NULL;
  if (by_group) {
    gt = calloc(p->n_groups, sizeof *gt);
    if (!gt) rc = tt_cli_fail(cli, TT_ENOMEM, "out of memory");
    for (size_t g = 0; g < p->n_groups && !rc; g++)
      if (!(gt[g] = tt_trends_estimate(p, lo, hi, (int)g, a.level, &err)))
        rc = tt_cli_fail_err(cli, &err);
  }
  tt_doc *doc = rc ? NULL : tt_cli_doc(cli, "Trends");
  if (!rc && !doc) rc = tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  if (!rc) {
    tt_doc_para(doc, "%s Unranked states (Special Case) and years absent "
                "from the report are left out of values and trends.", sign_words(cli, (char[320]){0}, 320));
    add_entities(cli, doc, tr);
    rc = add_ranking(cli, doc, tr, -1, &a);
    if (!rc) rc = add_ranking(cli, doc, tr, +1, &a);
  }
  if (!rc) {
    tt_table *y = tt_doc_table(doc, "years", "By year", TT_TABLE_ALL);
    year_cols(cli, y, 0);
    tt_table *sh = tt_doc_table(doc, "shares", "Shares per state, by year",
                                TT_TABLE_DATA);
    tt_table_col(sh, "group", TT_COL_STR, 0);
    tt_table_col(sh, "year", TT_COL_INT, 0);
    tt_table_col(sh, "state", TT_COL_STR, 0);
    tt_table_col(sh, "count", TT_COL_INT, 0);
    tt_table_col(sh, "share", TT_COL_SHARE, 1);
    year_rows(cli, y, sh, tr, NULL);
    int pct = (int)lround(a.level * 100);
    double first = NAN, last = NAN;
    int fy = 0, ly = 0;
    for (size_t i = 0; i < tr->n_years; i++)
      if (tr->year[i].n_ranked) {
        if (isnan(first)) first = tr->year[i].mean, fy = tr->year[i].year;
        last = tr->year[i].mean, ly = tr->year[i].year;
      }
    if (!isnan(first))
      tt_table_note(y, "Mean tier value %.2f in %d and %.2f in %d (%s). "
                    "mean: ranked countries only, with a %d%% t interval "
                    "that treats them as a sample (kept within the scale); "
                    "upgrades/downgrades: "
                    "moves from the year before; entropy: spread over all "
                    "states, 0 = everyone in one state.",
                    first, fy, last, ly,
                    last < first   ? "lower is better: an improvement"
                    : last > first ? "higher is worse: a decline"
                                   : "no change",
                    pct);
    if (by_group) {
      add_groups(cli, doc, gt, p->n_groups, &a);
      tt_table *gy = tt_doc_table(doc, "group_years", "By group and year",
                                  TT_TABLE_DATA);
      year_cols(cli, gy, 1);
      for (size_t g = 0; g < p->n_groups; g++)
        year_rows(cli, gy, sh, gt[g], p->group_names[g]);
    }
    rc = tt_cli_emit(cli, doc);
  }
  tt_doc_free(doc);
  if (gt)
    for (size_t g = 0; g < p->n_groups; g++) tt_trends_free(gt[g]);
  free(gt);
  tt_trends_free(tr);
  return rc;
}

const tt_command tt_cmd_trends = {
    "trends", run,
    "who improves or declines: per-country trends, yearly distribution",
    "trends [OPTIONS]",
    "Per country: first and last ranked year and tier, net change, upgrades,\n"
    "downgrades, volatility (moves per pair of years), years in each tier,\n"
    "longest spell, OLS slope in tiers per decade with its standard error\n"
    "and p, Mann-Kendall S, Kendall's tau-b with a tie-corrected p, and\n"
    "Sen's slope; the most improved and most declined lists. Per year:\n"
    "counts and shares, the mean tier value with an interval, upgrades,\n"
    "downgrades and the entropy of the distribution; --by-group the same\n"
    "per group. Lower is better: a negative slope is an improvement.\n"
    "Tables: countries (csv), improved, declined, years, shares, groups,\n"
    "group_years."};
