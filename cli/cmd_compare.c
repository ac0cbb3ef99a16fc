/* tiertrend compare — groups (regions by default) side by side, with the
 * test of whether they share one transition matrix; or chosen countries
 * side by side with --countries. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tt_cli.h"
#include "tt_compare.h"
#include "tt_spells.h"
#include "tt_trends.h"

enum { OPT_PERMUTATIONS = 1000, OPT_LEVEL, OPT_COUNTRIES };

typedef struct {
  long permutations;
  double level;
  const char *countries;
} opts;

static const tt_cli_option options[] = {
    {"permutations", 1, OPT_PERMUTATIONS, "N",
     "shuffles for the permutation p of the test (default 2000; 0 = none)"},
    {"level", 1, OPT_LEVEL, "L", "interval level (default 0.95)"},
    {"countries", 1, OPT_COUNTRIES, "A,B,...",
     "compare these countries instead of the groups"},
    {NULL, 0, 0, NULL, NULL}};

static int on_option(tt_cli *cli, int key, const char *arg, void *ctx) {
  opts *o = ctx;
  switch (key) {
    case OPT_PERMUTATIONS:
      return tt_cli_int(cli, "--permutations", arg, 0, 1000000,
                        &o->permutations);
    case OPT_LEVEL:
      return tt_cli_real(cli, "--level", arg, 0.5, 0.999, &o->level);
    case OPT_COUNTRIES:
      o->countries = arg;
      return TT_OK;
  }
  return TT_EUSAGE;
}

static const char *gname(const tt_panel *p, int g) {
  return g == TT_GROUP_NONE ? "all" : p->group_names[g];
}

/* "1.62 (1.50-1.74)" */
static void fmt_ci(char *buf, size_t n, double v, double lo, double hi,
                   int pct, int dec) {
  double k = pct ? 100 : 1;
  if (!isfinite(v))
    snprintf(buf, n, "-");
  else if (!isfinite(lo) || !isfinite(hi))
    snprintf(buf, n, pct ? "%.*f%%" : "%.*f", dec, k * v);
  else
    snprintf(buf, n, pct ? "%.*f%% (%.*f-%.*f%%)" : "%.*f (%.*f to %.*f)",
             dec, k * v, dec, k * lo, dec, k * hi);
  /* "-0.000" reads as a sign where there is none */
  for (char *z; (z = strstr(buf, "-0.000")) && (z[6] < '0' || z[6] > '9');)
    memmove(z, z + 1, strlen(z));
}

static void add_overview(tt_cli *cli, tt_doc *doc, const tt_compare *c) {
  const tt_panel *p = cli->panel;
  char title[128];
  snprintf(title, sizeof title, "Groups in %d: mean tier value and its trend",
           c->latest);
  tt_table *t = tt_doc_table(doc, "groups", title, TT_TABLE_ALL);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "countries", TT_COL_INT, 0);
  tt_table_col(t, "in_latest", TT_COL_INT, 0);
  tt_table_col(t, "mean_now", TT_COL_REAL, 2);
  tt_table_col(t, "mean_lower", TT_COL_REAL, 2);
  tt_table_col(t, "mean_upper", TT_COL_REAL, 2);
  tt_table_col(t, "trend_per_decade", TT_COL_REAL, 3);
  tt_table_col(t, "trend_lower", TT_COL_REAL, 3);
  tt_table_col(t, "trend_upper", TT_COL_REAL, 3);
  tt_table_col(t, "trend_p", TT_COL_REAL, 4);
  for (size_t i = 0; i < c->n; i++) {
    const tt_compare_group *g = &c->g[i];
    tt_table_row(t);
    tt_table_str(t, 0, gname(p, g->group));
    tt_table_int(t, 1, (long)g->n_entities);
    tt_table_int(t, 2, (long)g->n_latest);
    tt_table_real(t, 3, g->mean_now);
    tt_table_real(t, 4, g->mean_lo);
    tt_table_real(t, 5, g->mean_hi);
    tt_table_real(t, 6, g->slope);
    tt_table_real(t, 7, g->slope_lo);
    tt_table_real(t, 8, g->slope_hi);
    tt_table_real(t, 9, g->slope_p);
  }
  char v[256];
  tt_table_note(t, "mean_now: mean value of the ranked states in %d (%s; "
                "lower is better), with a %.0f%% t interval, cut to the "
                "scale's range where it would pass it (few countries).",
                c->latest, tt_cli_values(cli, v, sizeof v), 100 * c->level);
  tt_table_note(t, "trend: least-squares slope of the group's yearly mean, "
                "in tiers per decade, over %d-%d; negative is an "
                "improvement. Countries entering the report change the "
                "mean too.",
                c->year_lo, c->year_hi);
}

static void add_latest(tt_cli *cli, tt_doc *doc, const tt_compare *c) {
  const tt_panel *p = cli->panel;
  const tt_scale *s = cli->scale;
  char title[96];
  snprintf(title, sizeof title, "Distribution in %d, by group", c->latest);
  tt_table *t = tt_doc_table(doc, "latest", title, TT_TABLE_ALL);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "countries", TT_COL_INT, 0);
  for (size_t k = 1; k <= s->n; k++)
    tt_table_col(t, s->states[k].code, TT_COL_SHARE, 0);
  for (size_t i = 0; i < c->n; i++) {
    const tt_compare_group *g = &c->g[i];
    tt_table_row(t);
    tt_table_str(t, 0, gname(p, g->group));
    tt_table_int(t, 1, (long)g->n_latest);
    for (size_t k = 1; k <= s->n; k++)
      if (g->n_latest)
        tt_table_real(t, 1 + k, (double)g->latest[k] / (double)g->n_latest);
  }
  tt_table_note(t, "Share of each group's countries on each tier in the %d "
                "report.", c->latest);
}

static void add_watch(tt_cli *cli, tt_doc *doc, const tt_compare *c) {
  if (!c->watch_state) return;
  const tt_panel *p = cli->panel;
  tt_table *t = tt_doc_table(doc, "watch_list",
                             "Watch List: persistence, falls, spells and "
                             "the rule, by group",
                             TT_TABLE_ALL);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "wl_years", TT_COL_INT, 0);
  tt_table_col(t, "p_stay", TT_COL_SHARE, 1);
  tt_table_col(t, "stay_lower", TT_COL_SHARE, 1);
  tt_table_col(t, "stay_upper", TT_COL_SHARE, 1);
  tt_table_col(t, "p_to_tier3", TT_COL_SHARE, 1);
  tt_table_col(t, "tier3_lower", TT_COL_SHARE, 1);
  tt_table_col(t, "tier3_upper", TT_COL_SHARE, 1);
  tt_table_col(t, "spells", TT_COL_INT, 0);
  tt_table_col(t, "median_years", TT_COL_REAL, 1);
  tt_table_col(t, "median_lower", TT_COL_REAL, 1);
  tt_table_col(t, "median_upper", TT_COL_REAL, 1);
  tt_table_col(t, "automatic_downgrades", TT_COL_INT, 0);
  for (size_t i = 0; i < c->n; i++) {
    const tt_compare_group *g = &c->g[i];
    tt_table_row(t);
    tt_table_str(t, 0, gname(p, g->group));
    tt_table_int(t, 1, (long)g->wl_years);
    tt_table_real(t, 2, g->p_stay);
    tt_table_real(t, 3, g->p_stay_lo);
    tt_table_real(t, 4, g->p_stay_hi);
    tt_table_real(t, 5, g->p_down);
    tt_table_real(t, 6, g->p_down_lo);
    tt_table_real(t, 7, g->p_down_hi);
    tt_table_int(t, 8, (long)g->wl_spells);
    tt_table_real(t, 9, g->median);
    tt_table_real(t, 10, g->median_lo);
    tt_table_real(t, 11, g->median_hi);
    tt_table_int(t, 12, (long)g->automatic);
  }
  tt_table_note(t, "p_stay: share of Watch List years followed by another "
                "Watch List year; p_to_tier3: followed by Tier 3 (%.0f%% "
                "Wilson intervals). median: Kaplan-Meier median length of "
                "Watch List spells (a '-' bound is not reached).",
                100 * c->level);
  tt_table_note(t, "automatic_downgrades: Tier 3 placements the statutory "
                "two-year rule required (counted from the 2009 report; see "
                "'tiertrend rules').");
}

static void add_steady(tt_cli *cli, tt_doc *doc, const tt_compare *c) {
  const tt_panel *p = cli->panel;
  const tt_scale *s = cli->scale;
  tt_table *t = tt_doc_table(doc, "steady_state",
                             "Where each group's chain settles (steady "
                             "state)",
                             TT_TABLE_ALL);
  tt_table_col(t, "group", TT_COL_STR, 0);
  for (size_t k = 1; k <= s->n; k++)
    tt_table_col(t, s->states[k].code, TT_COL_SHARE, 1);
  size_t not_unique = 0;
  for (size_t i = 0; i < c->n; i++) {
    const tt_compare_group *g = &c->g[i];
    tt_table_row(t);
    tt_table_str(t, 0, gname(p, g->group));
    not_unique += !g->steady_unique;
    if (g->steady_unique)
      for (size_t k = 1; k <= s->n; k++) {
        double v = g->steady[k];
        tt_table_real(t, k, isfinite(v) ? v : 0.0);
      }
  }
  tt_table_note(t, "The long-run shares if each group kept moving as it did "
                "in %d-%d (first-order Markov chain of one-year moves): a "
                "summary of the moves, not a forecast.",
                c->year_lo, c->year_hi);
  if (not_unique)
    tt_table_note(t, "%zu rows have no unique steady state (two closed "
                  "classes, or a tier entered but never left in the data): "
                  "shown as '-'; 'tiertrend markov --group G' says why.",
                  not_unique);
}

static void add_test(tt_cli *cli, tt_doc *doc, const tt_compare *c) {
  const tt_homogeneity *h = c->test;
  if (!h) return;
  (void)cli;
  tt_table *t = tt_doc_table(doc, "test",
                             "Do the groups share one transition matrix? "
                             "(Anderson-Goodman)",
                             TT_TABLE_ALL);
  tt_table_col(t, "groups", TT_COL_INT, 0);
  tt_table_col(t, "pairs", TT_COL_INT, 0);
  tt_table_col(t, "G2", TT_COL_REAL, 2);
  tt_table_col(t, "X2", TT_COL_REAL, 2);
  tt_table_col(t, "df", TT_COL_INT, 0);
  tt_table_col(t, "p_G2", TT_COL_REAL, 4);
  tt_table_col(t, "p_X2", TT_COL_REAL, 4);
  tt_table_col(t, "permutations", TT_COL_INT, 0);
  tt_table_col(t, "p_permutation", TT_COL_REAL, 4);
  tt_table_col(t, "small_expected", TT_COL_STR, 0);
  const tt_homogeneity_stat *s = &h->stat;
  tt_table_row(t);
  tt_table_int(t, 0, (long)s->n_parts);
  tt_table_int(t, 1, (long)s->n);
  tt_table_real(t, 2, s->g2);
  tt_table_real(t, 3, s->x2);
  tt_table_int(t, 4, (long)s->df);
  tt_table_real(t, 5, s->p_g2);
  tt_table_real(t, 6, s->p_x2);
  tt_table_int(t, 7, (long)s->permutations);
  tt_table_real(t, 8, s->p_perm);
  tt_table_str(t, 9, s->small_expected ? "yes" : "no");
  double p = s->permutations ? s->p_perm : s->p_g2;
  char pbuf[64];
  if (s->permutations && s->perm_reached == 0)
    snprintf(pbuf, sizeof pbuf, "permutation p <= %.4f, %zu shuffles", p,
             s->permutations);
  else if (s->permutations)
    snprintf(pbuf, sizeof pbuf, "permutation p = %.4f, %zu shuffles", p,
             s->permutations);
  else
    snprintf(pbuf, sizeof pbuf, "p = %.4g", p);
  if (p < 0.05)
    tt_table_note(t, "The groups move between tiers differently: one shared "
                  "matrix is rejected (G2 = %.1f on %zu df, %s).",
                  s->g2, s->df, pbuf);
  else
    tt_table_note(t, "No evidence that the groups move differently (G2 = "
                  "%.1f on %zu df, %s); small differences may still exist.",
                  s->g2, s->df, pbuf);
  if (s->small_expected)
    tt_table_note(t, "%zu of %zu expected counts are below 5: the "
                  "chi-square p is rough; the permutation p does not rely "
                  "on it.",
                  s->n_small, s->n_cells);
}

/* The ranking and what can be said of it, with how sure we are. */
static void add_ranking(tt_cli *cli, tt_doc *doc, const tt_compare *c) {
  const tt_panel *p = cli->panel;
  size_t n = c->n - 1;
  if (n < 2) return;
  size_t *ord = malloc(n * sizeof *ord);
  if (!ord) return;
  for (size_t i = 0; i < n; i++) ord[i] = i + 1;
  /* insertion sort by mean now, NaN last */
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0; j--) {
      double a = c->g[ord[j - 1]].mean_now, b = c->g[ord[j]].mean_now;
      if (isfinite(a) && (!isfinite(b) || a <= b)) break;
      size_t tmp = ord[j];
      ord[j] = ord[j - 1];
      ord[j - 1] = tmp;
    }
  tt_table *t = tt_doc_table(doc, "ranking",
                             "Ranking by mean tier value now (best first)",
                             TT_TABLE_ALL);
  tt_table_col(t, "rank", TT_COL_INT, 0);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "mean_now", TT_COL_STR, 0);
  tt_table_col(t, "trend_per_decade", TT_COL_STR, 0);
  tt_table_col(t, "wl_stay", TT_COL_STR, 0);
  tt_table_col(t, "tier3_now", TT_COL_SHARE, 0);
  int bottom = c->bottom_state;
  for (size_t r = 0; r < n; r++) {
    const tt_compare_group *g = &c->g[ord[r]];
    char a[64], b[64], d[64];
    fmt_ci(a, sizeof a, g->mean_now, g->mean_lo, g->mean_hi, 0, 2);
    fmt_ci(b, sizeof b, g->slope, g->slope_lo, g->slope_hi, 0, 3);
    fmt_ci(d, sizeof d, g->p_stay, g->p_stay_lo, g->p_stay_hi, 1, 0);
    tt_table_row(t);
    tt_table_int(t, 0, (long)r + 1);
    tt_table_str(t, 1, gname(p, g->group));
    tt_table_str(t, 2, a);
    tt_table_str(t, 3, b);
    tt_table_str(t, 4, c->watch_state ? d : NULL);
    if (bottom && g->n_latest)
      tt_table_real(t, 5, (double)g->latest[bottom] / (double)g->n_latest);
  }
  const tt_compare_group *best = &c->g[ord[0]], *worst = &c->g[ord[n - 1]];
  if (isfinite(best->mean_now) && isfinite(worst->mean_now)) {
    double pw = tt_compare_welch_p(best->mean_now, best->mean_sd,
                                   best->n_ranked_latest, worst->mean_now,
                                   worst->mean_sd, worst->n_ranked_latest);
    tt_table_note(t, "Best mean tier in %d: %s (%.2f); worst: %s (%.2f). %s "
                  "(Welch t test p = %.2g).",
                  c->latest, gname(p, best->group), best->mean_now,
                  gname(p, worst->group), worst->mean_now,
                  pw < 0.05 ? "The gap is larger than chance would give"
                            : "The gap could be chance",
                  pw);
  }
  /* Trends: who improves, who declines, who is flat. */
  size_t up = 0, down = 0;
  for (size_t i = 1; i < c->n; i++) {
    const tt_compare_group *g = &c->g[i];
    if (isfinite(g->slope_hi) && g->slope_hi < 0) up++;
    if (isfinite(g->slope_lo) && g->slope_lo > 0) down++;
  }
  tt_table_note(t, "Over %d-%d, %zu of %zu groups improved their yearly mean "
                "with a %.0f%% interval wholly below zero, %zu declined with "
                "one wholly above; the others' trends could be zero.",
                c->year_lo, c->year_hi, up, n, 100 * c->level, down);
  if (c->watch_state) {
    size_t hi = 0, lo = 0;
    for (size_t i = 1; i < c->n; i++) {
      if (!isfinite(c->g[i].p_stay)) continue;
      if (!hi || c->g[i].p_stay > c->g[hi].p_stay) hi = i;
      if (!lo || c->g[i].p_stay < c->g[lo].p_stay) lo = i;
    }
    if (hi && lo && hi != lo) {
      const tt_compare_group *a = &c->g[hi], *b = &c->g[lo];
      int apart = a->p_stay_lo > b->p_stay_hi;
      tt_table_note(t, "Watch List years most often followed by another: %s "
                    "(%.0f%%); least often: %s (%.0f%%). Their %.0f%% "
                    "intervals %s.",
                    gname(p, a->group), 100 * a->p_stay, gname(p, b->group),
                    100 * b->p_stay, 100 * c->level,
                    apart ? "do not overlap: a real difference"
                          : "overlap: the difference may be chance");
    }
  }
  free(ord);
}

/* --countries: chosen countries side by side. */
static int compare_countries(tt_cli *cli, tt_doc *doc, const opts *o) {
  const tt_panel *p = cli->panel;
  const tt_scale *s = cli->scale;
  int lo, hi;
  tt_cli_years(cli, &lo, &hi);
  tt_error err;
  tt_error_clear(&err);
  tt_trends *tr = tt_trends_estimate(p, lo, hi, TT_GROUP_NONE, o->level, &err);
  if (!tr) return tt_cli_fail_err(cli, &err);
  tt_table *t = tt_doc_table(doc, "countries", "Countries side by side",
                             TT_TABLE_ALL);
  tt_table_col(t, "country", TT_COL_STR, 0);
  tt_table_col(t, "iso3", TT_COL_STR, 0);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "latest", TT_COL_STR, 0);
  tt_table_col(t, "reports", TT_COL_INT, 0);
  tt_table_col(t, "mean", TT_COL_REAL, 2);
  tt_table_col(t, "net_change", TT_COL_REAL, 1);
  tt_table_col(t, "slope_decade", TT_COL_REAL, 2);
  tt_table_col(t, "slope_p", TT_COL_REAL, 3);
  tt_table_col(t, "tau_b", TT_COL_REAL, 2);
  tt_table_col(t, "upgrades", TT_COL_INT, 0);
  tt_table_col(t, "downgrades", TT_COL_INT, 0);
  int wl = tt_scale_lookup(s, "2WL", 3);
  if (wl > 0) tt_table_col(t, "wl_years", TT_COL_INT, 0);
  char *list = strdup(o->countries);
  if (!list) {
    tt_trends_free(tr);
    return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  }
  int rc = TT_OK;
  for (char *save = NULL, *q = strtok_r(list, ",", &save); q && !rc;
       q = strtok_r(NULL, ",", &save)) {
    while (*q == ' ') q++;
    size_t nm;
    long e = tt_panel_find(p, q, &nm);
    if (e < 0) {
      rc = tt_cli_fail(cli, TT_EUSAGE,
                       e == -2 ? "--countries: '%s' matches several "
                                 "countries; give more of the name or the "
                                 "ISO3 code"
                               : "--countries: no country '%s' in the data",
                       q);
      break;
    }
    const tt_trend_entity *x = NULL;
    for (size_t i = 0; i < tr->n_entities; i++)
      if (tr->entity[i].entity == (size_t)e) x = &tr->entity[i];
    tt_table_row(t);
    tt_table_str(t, 0, p->names[e]);
    tt_table_str(t, 1, p->codes[e]);
    tt_table_str(t, 2, p->group[e] == TT_GROUP_NONE
                           ? NULL
                           : p->group_names[p->group[e]]);
    int last = hi;
    while (last >= lo && !tt_panel_get(p, (size_t)e, last)) last--;
    if (last >= lo)
      tt_table_strf(t, 3, "%s (%d)",
                    s->states[tt_panel_get(p, (size_t)e, last)].code, last);
    if (!x) continue;
    double sum = 0;
    size_t nv = 0;
    for (int y = lo; y <= hi; y++) {
      int st = tt_panel_get(p, (size_t)e, y);
      if (st && s->states[st].ranked) sum += s->states[st].value, nv++;
    }
    tt_table_int(t, 4, (long)x->n_present);
    if (nv) tt_table_real(t, 5, sum / (double)nv);
    tt_table_real(t, 6, x->net_change);
    tt_table_real(t, 7, x->ols.slope);
    tt_table_real(t, 8, x->ols.p);
    tt_table_real(t, 9, x->mk.tau_b);
    tt_table_int(t, 10, x->upgrades);
    tt_table_int(t, 11, x->downgrades);
    if (wl > 0) tt_table_int(t, 12, x->years_in[wl]);
  }
  free(list);
  tt_trends_free(tr);
  tt_table_note(t, "mean: average tier value over %d-%d; slope: tiers per "
                "decade (least squares), tau_b: Kendall's rank correlation "
                "with time. Lower is better, so negative is an improvement.",
                lo, hi);
  return rc;
}

static int run(tt_cli *cli, int argc, char **argv) {
  opts o = {2000, 0.95, NULL};
  int rc = tt_cli_parse(cli, argc, argv, options, on_option, &o);
  if (rc) return rc;
  if (cli->n_args)
    return tt_cli_fail(cli, TT_EUSAGE,
                       "compare takes no arguments ('%s'); use --countries "
                       "A,B to compare countries",
                       cli->args[0]);
  if (cli->group)
    return tt_cli_fail(cli, TT_EUSAGE,
                       "compare puts the groups side by side; --group does "
                       "not apply");
  if ((rc = tt_cli_load(cli))) return rc;
  tt_doc *doc = tt_cli_doc(cli, o.countries ? "Countries compared"
                                            : "Groups compared");
  if (!doc) return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  if (o.countries) {
    rc = compare_countries(cli, doc, &o);
  } else if (cli->panel->n_groups == 0) {
    rc = tt_cli_fail(cli, TT_EUSAGE,
                     "the data has no groups: add a group column or "
                     "--groups FILE");
  } else {
    int lo, hi;
    tt_cli_years(cli, &lo, &hi);
    tt_error err;
    tt_error_clear(&err);
    unsigned long seed = cli->has_seed ? cli->seed : 1;
    tt_compare *c = tt_compare_groups(cli->panel, lo, hi, o.level,
                                      (size_t)o.permutations, seed, &err);
    if (!c) {
      rc = tt_cli_fail_err(cli, &err);
    } else {
      char v[256];
      tt_doc_para(doc, "Lower is better (%s). Permutation p: group labels "
                  "shuffled among entities %ld times (seed %lu).",
                  tt_cli_values(cli, v, sizeof v), o.permutations, seed);
      add_ranking(cli, doc, c);
      add_overview(cli, doc, c);
      add_latest(cli, doc, c);
      add_watch(cli, doc, c);
      add_steady(cli, doc, c);
      add_test(cli, doc, c);
      tt_compare_free(c);
    }
  }
  if (!rc) rc = tt_cli_emit(cli, doc);
  tt_doc_free(doc);
  return rc;
}

const tt_command tt_cmd_compare = {
    "compare", run, "groups (regions) or chosen countries side by side",
    "compare [--countries A,B,...] [OPTIONS]",
    "Per group: countries, the latest distribution, the mean tier value now\n"
    "and its trend, Watch List persistence and falls to Tier 3, the median\n"
    "Watch List spell, automatic downgrades and the steady state; then the\n"
    "test of whether the groups share one transition matrix (with a\n"
    "permutation p) and a ranking with what differs and how sure that is.\n"
    "Groups are the data's (regions for TIP) or --groups FILE's. Tables:\n"
    "ranking, groups, latest, watch_list, steady_state, test."};
