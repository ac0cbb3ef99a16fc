/* tiertrend transitions — the cohort transition matrix with intervals,
 * agency-style mobility figures, and tests of structure (homogeneity
 * across groups or periods, Markov order). */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tt_cli.h"
#include "tt_homogeneity.h"
#include "tt_markov.h"
#include "tt_transitions.h"

enum {
  OPT_HORIZON = 1000,
  OPT_UNRANKED,
  OPT_BOOTSTRAP,
  OPT_LEVEL,
  OPT_TEST,
  OPT_SPLIT,
  OPT_PERMUTATIONS
};

enum { TEST_NONE, TEST_GROUPS, TEST_PERIODS, TEST_ORDER };

typedef struct {
  tt_transitions_options o;
  int test;
  int split, has_split;
  long permutations;
  int has_bootstrap;
} opts;

static const tt_cli_option options[] = {
    {"horizon", 1, OPT_HORIZON, "K",
     "pairs K years apart (default 1), beside P to the K"},
    {"unranked", 1, OPT_UNRANKED, "MODE",
     "Special Case: include (default), exclude or adjust"},
    {"bootstrap", 1, OPT_BOOTSTRAP, "N",
     "intervals from N resamples of countries (not Wilson)"},
    {"level", 1, OPT_LEVEL, "L", "interval level (default 0.95)"},
    {"test", 1, OPT_TEST, "T",
     "test groups, periods (with --split) or order"},
    {"split", 1, OPT_SPLIT, "YEAR",
     "periods: moves into reports before YEAR vs. after"},
    {"permutations", 1, OPT_PERMUTATIONS, "N",
     "groups: permutation p-value from N shuffles"},
    {NULL, 0, 0, NULL, NULL}};

static int on_option(tt_cli *cli, int key, const char *arg, void *ctx) {
  opts *op = ctx;
  long v;
  double d;
  switch (key) {
    case OPT_HORIZON:
      if (tt_cli_int(cli, "--horizon", arg, 1, 50, &v)) return TT_EUSAGE;
      op->o.horizon = (int)v;
      return TT_OK;
    case OPT_UNRANKED:
      return tt_cli_unranked(cli, arg, &op->o.unranked);
    case OPT_BOOTSTRAP:
      if (tt_cli_int(cli, "--bootstrap", arg, 1, 100000, &v)) return TT_EUSAGE;
      op->o.interval = TT_INTERVAL_BOOTSTRAP;
      op->o.bootstrap = (size_t)v;
      op->has_bootstrap = 1;
      return TT_OK;
    case OPT_LEVEL:
      if (tt_cli_real(cli, "--level", arg, 0.5, 0.999, &d)) return TT_EUSAGE;
      op->o.level = d;
      return TT_OK;
    case OPT_TEST:
      if (!strcmp(arg, "groups")) op->test = TEST_GROUPS;
      else if (!strcmp(arg, "periods")) op->test = TEST_PERIODS;
      else if (!strcmp(arg, "order")) op->test = TEST_ORDER;
      else
        return tt_cli_fail(cli, TT_EUSAGE, "--test: '%s' is not one of "
                           "groups, periods, order", arg);
      return TT_OK;
    case OPT_SPLIT:
      if (tt_cli_int(cli, "--split", arg, -100000, 100000, &v))
        return TT_EUSAGE;
      op->split = (int)v;
      op->has_split = 1;
      return TT_OK;
    case OPT_PERMUTATIONS:
      if (tt_cli_int(cli, "--permutations", arg, 1, 100000, &v))
        return TT_EUSAGE;
      op->permutations = v;
      return TT_OK;
  }
  return TT_EUSAGE;
}

/* ---- words -------------------------------------------------------------- */

static const char *label(const tt_cli *cli, int k) {
  return tt_cli_label(cli, k);
}

/* The unranked states' labels ("Special Case"), for sentences. */
static const char *unranked_names(const tt_cli *cli, char *buf, size_t n) {
  const tt_scale *s = cli->scale;
  size_t used = 0;
  buf[0] = '\0';
  for (size_t k = 1; k <= s->n; k++) {
    if (s->states[k].ranked) continue;
    int w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "",
                     s->states[k].label);
    if (w < 0 || (size_t)w >= n - used) break;
    used += (size_t)w;
  }
  if (!used) snprintf(buf, n, "none on this scale");
  return buf;
}

/* The sign convention, with the values of the TIP scale when it is the
 * one in use. */
static const char *up_words(const tt_cli *cli) {
  return tt_scale_is_tip(cli->scale)
             ? "Up = to a better tier (a lower value: Tier 1 = 1, Watch "
               "List = 2.5, Tier 3 = 3)."
             : "Up = to a better state (a lower value on the scale).";
}

static void fmt_p(char *buf, size_t n, double p) {
  if (!isfinite(p))
    snprintf(buf, n, "p not defined");
  else if (p < 0.0001)
    snprintf(buf, n, "p < 0.0001");
  else
    snprintf(buf, n, "p = %.4f", p);
}

static const char *horizon_words(int k, char *buf, size_t n) {
  if (k == 1)
    snprintf(buf, n, "followed by a report the next year");
  else
    snprintf(buf, n, "followed by a report %d years later (with every "
             "report between)", k);
  return buf;
}

/* "Of 412 Tier 2 Watch List years followed by a report the next year,
 * 61.2% stayed, 28.4% moved up and 9.7% moved down." */
static void row_note(tt_cli *cli, tt_table *tab, const tt_transitions *t,
                     size_t i) {
  const tt_scale *s = cli->scale;
  size_t m = t->m;
  int a = t->state[i];
  double up = 0, down = 0, other = 0;
  for (size_t j = 0; j < m; j++) {
    if (j == i) continue;
    int b = t->state[j];
    double pj = tt_transitions_p(t, i, j);
    if (!tt_scale_is_ranked(s, a) || !tt_scale_is_ranked(s, b))
      other += pj;
    else if (s->states[b].value < s->states[a].value)
      up += pj;
    else if (s->states[b].value > s->states[a].value)
      down += pj;
    else
      other += pj;
  }
  /* only the parts that happened, so a sentence reads naturally */
  char hw[96], parts[320];
  size_t used = 0;
  const char *name[3] = {"moved up", "moved down",
                         tt_scale_is_ranked(s, a) ? "moved to an unranked state"
                                                  : "moved to another state"};
  double val[3] = {up, down, other};
  size_t n_parts = 0;
  for (int q = 0; q < 3; q++) n_parts += val[q] > 0;
  int k = snprintf(parts, sizeof parts, "%.1f%% stayed",
                   100 * tt_transitions_p(t, i, i));
  if (k > 0) used = (size_t)k;
  for (int q = 0, shown = 0; q < 3 && used < sizeof parts; q++) {
    if (!(val[q] > 0)) continue;
    shown++;
    k = snprintf(parts + used, sizeof parts - used, "%s%.1f%% %s",
                 (size_t)shown == n_parts ? " and " : ", ", 100 * val[q],
                 name[q]);
    if (k > 0) used += (size_t)k;
  }
  tt_table_note(tab, "Of %.0f %s years %s, %s.", t->row_total[i],
                label(cli, a), horizon_words(t->opt.horizon, hw, sizeof hw),
                parts);
}

static void interval_words(const tt_transitions *t, char *buf, size_t n) {
  if (t->opt.interval == TT_INTERVAL_BOOTSTRAP)
    snprintf(buf, n, "%.0f%% percentile intervals from %zu bootstrap "
             "resamples of countries (seed %lu)", 100 * t->opt.level,
             t->n_resamples, t->opt.seed);
  else
    snprintf(buf, n, "%.0f%% Wilson score intervals (they treat a "
             "country's moves as independent; --bootstrap N resamples "
             "countries instead)", 100 * t->opt.level);
}

/* ---- the matrix --------------------------------------------------------- */

static void add_tidy(tt_cli *cli, tt_doc *doc, const tt_transitions *t,
                     const double *power) {
  tt_table *d = tt_doc_table(doc, "transitions", "Transitions (tidy)",
                             TT_TABLE_DATA);
  tt_table_col(d, "from", TT_COL_STR, 0);
  tt_table_col(d, "to", TT_COL_STR, 0);
  tt_table_col(d, "count", TT_COL_INT, 0);
  tt_table_col(d, "probability", TT_COL_REAL, 4);
  tt_table_col(d, "lower", TT_COL_REAL, 4);
  tt_table_col(d, "upper", TT_COL_REAL, 4);
  if (power) tt_table_col(d, "one_year_power", TT_COL_REAL, 4);
  size_t m = t->m;
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < m; j++) {
      tt_table_row(d);
      tt_table_str(d, 0, tt_cli_code(cli, t->state[i]));
      tt_table_str(d, 1, tt_cli_code(cli, t->state[j]));
      tt_table_int(d, 2, (long)t->count[i * m + j]);
      tt_table_real(d, 3, t->prob[i * m + j]);
      tt_table_real(d, 4, t->lower[i * m + j]);
      tt_table_real(d, 5, t->upper[i * m + j]);
      if (power) tt_table_real(d, 6, power[i * m + j]);
    }
  tt_table_note(d, "probability = count / pairs from that state; lower and "
                "upper bound the interval; empty where no pair starts in "
                "the state.");
}

static void add_matrix(tt_cli *cli, tt_doc *doc, const tt_transitions *t) {
  size_t m = t->m;
  char title[128], iv[256];
  if (t->opt.horizon == 1)
    snprintf(title, sizeof title, "One-year transition matrix (percent, "
             "with %.0f%% interval)", 100 * t->opt.level);
  else
    snprintf(title, sizeof title, "%d-year transition matrix (percent, "
             "with %.0f%% interval)", t->opt.horizon, 100 * t->opt.level);
  tt_table *h = tt_doc_table(doc, "matrix", title, TT_TABLE_HUMAN);
  tt_table_col(h, "from \\ to", TT_COL_STR, 0);
  for (size_t j = 0; j < m; j++)
    tt_table_col(h, tt_cli_code(cli, t->state[j]), TT_COL_STR, 0);
  tt_table_col(h, "pairs", TT_COL_INT, 0);
  tt_table_col(h, "countries", TT_COL_INT, 0);
  for (size_t i = 0; i < m; i++) {
    tt_table_row(h);
    tt_table_str(h, 0, label(cli, t->state[i]));
    for (size_t j = 0; j < m; j++) {
      size_t q = i * m + j;
      if (t->row_total[i] > 0)
        tt_table_strf(h, j + 1, "%.1f (%.1f-%.1f)", 100 * t->prob[q],
                      100 * t->lower[q], 100 * t->upper[q]);
    }
    tt_table_int(h, m + 1, (long)t->row_total[i]);
    tt_table_int(h, m + 2, (long)t->row_entities[i]);
  }
  interval_words(t, iv, sizeof iv);
  tt_table_note(h, "Rows: tier in year y; columns: tier in year y+%d. "
                "Cells: percent of the row, with %s.",
                t->opt.horizon, iv);
  if (t->opt.interval == TT_INTERVAL_BOOTSTRAP) {
    char few[512];
    size_t used = 0, n_few = 0;
    few[0] = '\0';
    for (size_t i = 0; i < m; i++)
      if (t->row_total[i] > 0 && t->row_entities[i] < 10) {
        int k = snprintf(few + used, sizeof few - used, "%s%s (%zu)",
                         n_few++ ? ", " : "", label(cli, t->state[i]),
                         t->row_entities[i]);
        if (k > 0 && (size_t)k < sizeof few - used) used += (size_t)k;
      }
    if (n_few)
      tt_table_note(h, "Rows resting on fewer than 10 countries: %s. Their "
                    "bootstrap intervals are unreliable (too few independent "
                    "countries).", few);
    tt_table_note(h, "A bootstrap interval of zero width (a move never "
                  "seen, or a row resting on one country) marks the "
                  "method's limit, not certainty; the default Wilson "
                  "intervals bound such cells. Resamples without a pair "
                  "from a row are left out of that row's interval.");
  }
  for (size_t i = 0; i < m; i++)
    if (t->row_total[i] > 0) row_note(cli, h, t, i);
  tt_table_note(h, "%s", up_words(cli));

  tt_table *c = tt_doc_table(doc, "counts", "Counts", TT_TABLE_HUMAN);
  tt_table_col(c, "from \\ to", TT_COL_STR, 0);
  for (size_t j = 0; j < m; j++)
    tt_table_col(c, tt_cli_code(cli, t->state[j]), TT_COL_INT, 0);
  tt_table_col(c, "pairs", TT_COL_INT, 0);
  double col[TT_SCALE_MAX_STATES] = {0};
  for (size_t i = 0; i < m; i++) {
    tt_table_row(c);
    tt_table_str(c, 0, label(cli, t->state[i]));
    for (size_t j = 0; j < m; j++) {
      tt_table_int(c, j + 1, (long)t->count[i * m + j]);
      col[j] += t->count[i * m + j];
    }
    tt_table_int(c, m + 1, (long)t->row_total[i]);
  }
  tt_table_row(c);
  tt_table_str(c, 0, "total");
  for (size_t j = 0; j < m; j++) tt_table_int(c, j + 1, (long)col[j]);
  tt_table_int(c, m + 1, (long)t->n_pairs);
  tt_table_note(c, "%zu pairs from %zu countries.", t->n_pairs,
                t->n_entities);
  if (t->opt.unranked == TT_UNRANKED_ADJUST) {
    double r = 0;
    for (size_t i = 0; i < m; i++) r += t->removed[i];
    tt_table_note(c, "%.0f move%s into an unranked state %s removed and "
                  "%s row%s renormalised over the ranked tiers.", r,
                  r == 1 ? "" : "s", r == 1 ? "was" : "were",
                  r == 1 ? "its" : "their", r == 1 ? "" : "s");
  }
}

static void add_power(tt_cli *cli, tt_doc *doc, const tt_transitions *t,
                      const tt_transitions *one, const double *power) {
  size_t m = t->m;
  char title[128];
  snprintf(title, sizeof title, "One-year matrix to the power %d (percent)",
           t->opt.horizon);
  tt_table *h = tt_doc_table(doc, "power", title, TT_TABLE_HUMAN);
  tt_table_col(h, "from \\ to", TT_COL_STR, 0);
  for (size_t j = 0; j < m; j++)
    tt_table_col(h, tt_cli_code(cli, t->state[j]), TT_COL_REAL, 1);
  for (size_t i = 0; i < m; i++) {
    tt_table_row(h);
    tt_table_str(h, 0, label(cli, t->state[i]));
    for (size_t j = 0; j < m; j++)
      tt_table_real(h, j + 1, 100 * power[i * m + j]);
  }
  /* the largest gap between what happened and what a memoryless chain
   * predicts */
  double worst = 0;
  size_t wi = 0, wj = 0;
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < m; j++) {
      double g = fabs(t->prob[i * m + j] - power[i * m + j]);
      if (t->row_total[i] > 0 && g > worst) worst = g, wi = i, wj = j;
    }
  tt_table_note(h, "What a chain with fixed one-year moves (%zu pairs) "
                "predicts %d years ahead. The largest gap from the observed "
                "%d-year matrix: %s to %s, %.1f observed against %.1f "
                "predicted.",
                one->n_pairs, t->opt.horizon, t->opt.horizon,
                label(cli, t->state[wi]), label(cli, t->state[wj]),
                100 * t->prob[wi * m + wj], 100 * power[wi * m + wj]);
}

static void add_mobility(tt_cli *cli, tt_doc *doc, const tt_transitions *t) {
  const tt_mobility *mo = &t->mob;
  tt_table *f = tt_doc_table(doc, "mobility", "Stability and mobility",
                             TT_TABLE_ALL);
  tt_table_col(f, "figure", TT_COL_STR, 0);
  tt_table_col(f, "value", TT_COL_REAL, 3);
  tt_table_col(f, "lower", TT_COL_REAL, 3);
  tt_table_col(f, "upper", TT_COL_REAL, 3);
  tt_table_col(f, "count", TT_COL_INT, 0);
  struct {
    const char *name;
    double v, lo, hi, n;
  } rows[] = {
      {"stability (share unchanged)", mo->stability, mo->stability_lo,
       mo->stability_hi, mo->n_same},
      {"upgrade rate", mo->upgrade, mo->upgrade_lo, mo->upgrade_hi, mo->n_up},
      {"downgrade rate", mo->downgrade, mo->downgrade_lo, mo->downgrade_hi,
       mo->n_down},
      {"upgrades per downgrade", mo->ratio, mo->ratio_lo, mo->ratio_hi, NAN},
      {"Shorrocks mobility index", mo->shorrocks, mo->shorrocks_lo,
       mo->shorrocks_hi, NAN},
  };
  for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
    tt_table_row(f);
    tt_table_str(f, 0, rows[r].name);
    tt_table_real(f, 1, rows[r].v);
    tt_table_real(f, 2, rows[r].lo);
    tt_table_real(f, 3, rows[r].hi);
    if (isfinite(rows[r].n)) tt_table_int(f, 4, (long)rows[r].n);
  }
  if (mo->n_other > 0)
    tt_table_note(f, "Of %.0f moves, %.1f%% kept their tier, %.1f%% were "
                  "upgrades and %.1f%% downgrades; the other %.0f %s an "
                  "unranked state.",
                  mo->n_pairs, 100 * mo->stability, 100 * mo->upgrade,
                  100 * mo->downgrade, mo->n_other,
                  mo->n_other == 1 ? "move involves" : "moves involve");
  else
    tt_table_note(f, "Of %.0f moves, %.1f%% kept their tier, %.1f%% were "
                  "upgrades and %.1f%% downgrades.",
                  mo->n_pairs, 100 * mo->stability, 100 * mo->upgrade,
                  100 * mo->downgrade);
  if (isfinite(mo->ratio))
    tt_table_note(f, "%.2f upgrades for every downgrade.", mo->ratio);
  else
    tt_table_note(f, "No downgrades: the ratio is not defined.");
  tt_table_note(f, "Shorrocks index = (m - trace P) / (m - 1) over the m "
                "tiers with moves from them: 0 when no country ever moves, "
                "1 when the next tier does not depend on the current one.%s",
                t->opt.interval == TT_INTERVAL_BOOTSTRAP
                    ? " Intervals: bootstrap percentiles over countries."
                    : " Intervals for the rates: Wilson; the ratio and the "
                      "index get one with --bootstrap.");
  (void)cli;
}

static void add_prais(tt_cli *cli, tt_doc *doc, const tt_transitions *t) {
  size_t m = t->m;
  tt_table *p = tt_doc_table(doc, "prais", "Leaving each tier (Prais)",
                             TT_TABLE_ALL);
  tt_table_col(p, "state", TT_COL_STR, 0);
  tt_table_col(p, "label", TT_COL_STR, 0);
  tt_table_col(p, "pairs", TT_COL_INT, 0);
  tt_table_col(p, "leave", TT_COL_REAL, 3);
  tt_table_col(p, "lower", TT_COL_REAL, 3);
  tt_table_col(p, "upper", TT_COL_REAL, 3);
  tt_table_col(p, "mean_stay", TT_COL_REAL, 1);
  double best = -1;
  size_t bi = 0;
  for (size_t i = 0; i < m; i++) {
    tt_table_row(p);
    tt_table_str(p, 0, tt_cli_code(cli, t->state[i]));
    tt_table_str(p, 1, label(cli, t->state[i]));
    tt_table_int(p, 2, (long)t->row_total[i]);
    if (!(t->row_total[i] > 0)) continue;
    size_t q = i * m + i;
    double leave = t->mob.prais[i];
    tt_table_real(p, 3, leave);
    tt_table_real(p, 4, 1 - t->upper[q]);
    tt_table_real(p, 5, 1 - t->lower[q]);
    tt_table_real(p, 6, leave > 0 ? t->opt.horizon / leave : INFINITY);
    if (leave > best) best = leave, bi = i;
  }
  tt_table_note(p, "leave = 1 - p_ii, the chance of a different tier %d "
                "year%s later (Prais); mean_stay = %d / leave, the average "
                "years in a tier once there if the chance stayed fixed.",
                t->opt.horizon, t->opt.horizon == 1 ? "" : "s",
                t->opt.horizon);
  if (best >= 0)
    tt_table_note(p, "The least stable: %s, left %.1f%% of the time.",
                  label(cli, t->state[bi]), 100 * best);
}

static int run_matrix(tt_cli *cli, tt_doc *doc, const tt_transitions_options *o) {
  tt_error err;
  tt_error_clear(&err);
  tt_transitions *t = tt_transitions_estimate(cli->panel, o, &err);
  if (!t) return tt_cli_fail_err(cli, &err);
  tt_transitions *one = NULL;
  tt_markov *mc = NULL;
  double *power = NULL;
  int rc = TT_OK;
  if (o->horizon > 1) {
    /* the one-year chain over the same first years, for P^K */
    tt_transitions_options o1 = *o;
    o1.horizon = 1;
    o1.interval = TT_INTERVAL_WILSON;
    one = tt_transitions_estimate(cli->panel, &o1, &err);
    power = malloc(t->m * t->m * sizeof *power);
    if (!one || !power) {
      rc = one ? tt_cli_fail(cli, TT_ENOMEM, "out of memory")
               : tt_cli_fail_err(cli, &err);
      goto done;
    }
    /* P^K over the matrix's own states; rows without one-year data stay
     * put, which the chain built below does too */
    double *P = malloc(t->m * t->m * sizeof *P);
    if (!P) {
      rc = tt_cli_fail(cli, TT_ENOMEM, "out of memory");
      goto done;
    }
    for (size_t i = 0; i < t->m; i++)
      for (size_t j = 0; j < t->m; j++)
        P[i * t->m + j] = one->row_total[i] > 0 ? one->prob[i * t->m + j]
                                                : (double)(i == j);
    mc = tt_markov_alloc(t->m, t->state, P, &err);
    free(P);
    if (!mc || tt_markov_power(mc, (size_t)o->horizon, power, &err)) {
      rc = tt_cli_fail_err(cli, &err);
      goto done;
    }
  }
  if (o->horizon == 1)
    tt_doc_para(doc, "One-year moves: a country's tier in one report and in "
                "the next year's (first years %d-%d): %zu pairs from %zu "
                "countries. A gap in a country's reports breaks its chain.",
                t->opt.year_lo, t->opt.year_hi, t->n_pairs, t->n_entities);
  else
    tt_doc_para(doc, "%d-year moves: a country's tier in one report and %d "
                "years later, with every report between (first years "
                "%d-%d): %zu pairs from %zu countries.",
                o->horizon, o->horizon, t->opt.year_lo, t->opt.year_hi,
                t->n_pairs, t->n_entities);
  char un[256];
  if (o->unranked == TT_UNRANKED_EXCLUDE)
    tt_doc_para(doc, "Unranked states (%s) are left out: their years count "
                "as absent and break chains.",
                unranked_names(cli, un, sizeof un));
  else if (o->unranked == TT_UNRANKED_ADJUST)
    tt_doc_para(doc, "Unranked states (%s) are adjusted away: "
                "moves into them are removed and each row renormalised "
                "over the ranked tiers, as rating agencies treat withdrawn "
                "ratings.", unranked_names(cli, un, sizeof un));
  add_tidy(cli, doc, t, power);
  add_matrix(cli, doc, t);
  if (power) add_power(cli, doc, t, one, power);
  add_mobility(cli, doc, t);
  add_prais(cli, doc, t);
  rc = tt_cli_emit(cli, doc);
done:
  tt_markov_free(mc);
  free(power);
  tt_transitions_free(one);
  tt_transitions_free(t);
  return rc;
}

/* ---- tests of structure ------------------------------------------------- */

static const char *part_title(const tt_homogeneity *h) {
  switch (h->kind) {
    case TT_HOMOG_GROUPS: return "group";
    case TT_HOMOG_PERIODS: return "period";
    case TT_HOMOG_ORDER: return "tier the year before";
  }
  return "part";
}

static void add_test_table(tt_cli *cli, tt_doc *doc, const tt_homogeneity *h) {
  const tt_homogeneity_stat *s = &h->stat;
  tt_table *t = tt_doc_table(doc, "test", "Test", TT_TABLE_ALL);
  tt_table_col(t, "statistic", TT_COL_STR, 0);
  tt_table_col(t, "value", TT_COL_REAL, 2);
  tt_table_col(t, "df", TT_COL_INT, 0);
  tt_table_col(t, "p", TT_COL_REAL, 4);
  tt_table_row(t);
  tt_table_str(t, 0, "likelihood ratio G2");
  tt_table_real(t, 1, s->g2);
  tt_table_int(t, 2, (long)s->df);
  tt_table_real(t, 3, s->p_g2);
  tt_table_row(t);
  tt_table_str(t, 0, "Pearson X2");
  tt_table_real(t, 1, s->x2);
  tt_table_int(t, 2, (long)s->df);
  tt_table_real(t, 3, s->p_x2);
  if (s->permutations) {
    tt_table_row(t);
    tt_table_strf(t, 0, "permutation of G2 (%zu shuffles)", s->permutations);
    tt_table_real(t, 1, s->g2);
    tt_table_real(t, 3, s->p_perm);
  }
  char p[64], pp[64];
  fmt_p(p, sizeof p, s->p_g2);
  double pref = s->permutations ? s->p_perm : s->p_g2;
  if (h->kind == TT_HOMOG_ORDER)
    tt_table_note(t, "Does the tier two reports back matter for the next "
                  "move? Likelihood ratio of a second-order against a "
                  "first-order chain over %.0f moves: G2 = %.2f on %zu "
                  "degrees of freedom, %s.",
                  s->n, s->g2, s->df, p);
  else
    tt_table_note(t, "Do the %zu %ss share one transition matrix? "
                  "Anderson-Goodman test over %.0f moves: G2 = %.2f on %zu "
                  "degrees of freedom, %s.",
                  s->n_parts, part_title(h), s->n, s->g2, s->df, p);
  if (s->permutations) {
    size_t reached = s->perm_reached;
    if (!reached)
      snprintf(pp, sizeof pp, "p <= 1/%zu = %.4f", s->permutations + 1,
               s->p_perm);
    else
      fmt_p(pp, sizeof pp, s->p_perm);
    tt_table_note(t, "Shuffling the groups among countries %zu times "
                  "(seed %lu): %zu shuffle%s reached the observed G2, so "
                  "%s.", s->permutations, cli->has_seed ? cli->seed : 1UL,
                  reached, reached == 1 ? "" : "s", pp);
  }
  if (!s->df)
    tt_table_note(t, "No degrees of freedom: the data leave nothing to "
                  "compare.");
  else if (pref < 0.05)
    tt_table_note(t, "%s",
                  h->kind == TT_HOMOG_ORDER
                      ? "The move from one report to the next depends on "
                        "the tier the year before as well: a first-order "
                        "chain leaves that out (5% level)."
                      : "The moves differ between them by more than chance "
                        "alone would usually produce (5% level).");
  else
    tt_table_note(t, "%s",
                  h->kind == TT_HOMOG_ORDER
                      ? "No clear evidence at the 5% level that the tier the "
                        "year before matters (which does not prove that it "
                        "does not)."
                      : "No clear evidence that they differ at the 5% level "
                        "(which does not prove that they are the same).");
  if (h->kind == TT_HOMOG_ORDER)
    tt_table_note(t, "Degrees of freedom: per tier in year y, (tiers seen "
                  "in year y-1 - 1) x (tiers reached in y+1 - 1), summed.");
  else
    tt_table_note(t, "Degrees of freedom: per tier of origin, (%ss with "
                  "moves from it - 1) x (tiers reached from it - 1), summed.",
                  part_title(h));
  if (s->small_expected)
    tt_table_note(t, "Warning: %zu of %zu expected counts are below 5 "
                  "(smallest %.2g), so the chi-square p-values are rough%s.",
                  s->n_small, s->n_cells, s->min_expected,
                  h->kind == TT_HOMOG_GROUPS
                      ? (s->permutations ? "; the permutation p-value does "
                                           "not rely on them"
                                         : "; --permutations N gives a "
                                           "p-value that does not rely on "
                                           "them")
                      : "");
}

static void add_parts(tt_cli *cli, tt_doc *doc, const tt_homogeneity *h) {
  size_t m = h->m, mm = m * m;
  tt_table *t = tt_doc_table(doc, "parts", "Moves in each part",
                             TT_TABLE_ALL);
  tt_table_col(t, part_title(h), TT_COL_STR, 0);
  tt_table_col(t, "countries", TT_COL_INT, 0);
  tt_table_col(t, "moves", TT_COL_INT, 0);
  tt_table_col(t, "stayed", TT_COL_SHARE, 1);
  tt_table_col(t, "up", TT_COL_SHARE, 1);
  tt_table_col(t, "down", TT_COL_SHARE, 1);
  for (size_t g = 0; g < h->H; g++) {
    tt_mobility mo;
    tt_transitions_mobility(cli->scale, m, h->state, h->count + g * mm, &mo);
    tt_table_row(t);
    if (h->kind == TT_HOMOG_ORDER)
      tt_table_str(t, 0, label(cli, h->state[g]));
    else
      tt_table_str(t, 0, h->label[g]);
    tt_table_int(t, 1, (long)h->entities[g]);
    tt_table_int(t, 2, (long)mo.n_pairs);
    tt_table_real(t, 3, mo.stability);
    tt_table_real(t, 4, mo.upgrade);
    tt_table_real(t, 5, mo.downgrade);
  }
  if (h->kind == TT_HOMOG_ORDER)
    tt_table_note(t, "Moves from year y to y+1, split by the tier in year "
                  "y-1 (three consecutive reports needed).");
  else if (h->kind == TT_HOMOG_PERIODS)
    tt_table_note(t, "A move belongs to the period of the report it leads "
                  "to: 'before %d' holds moves into reports up to %d.",
                  h->split, h->split - 1);
  if (h->skipped_entities)
    tt_table_note(t, "%zu countries with moves but no group are left out.",
                  h->skipped_entities);

  tt_table *d = tt_doc_table(doc, "part_transitions",
                             "Transitions in each part (tidy)",
                             TT_TABLE_DATA);
  tt_table_col(d, "part", TT_COL_STR, 0);
  tt_table_col(d, "from", TT_COL_STR, 0);
  tt_table_col(d, "to", TT_COL_STR, 0);
  tt_table_col(d, "count", TT_COL_INT, 0);
  tt_table_col(d, "probability", TT_COL_REAL, 4);
  for (size_t g = 0; g < h->H; g++)
    for (size_t i = 0; i < m; i++) {
      double ni = 0;
      for (size_t j = 0; j < m; j++) ni += h->count[g * mm + i * m + j];
      for (size_t j = 0; j < m; j++) {
        double x = h->count[g * mm + i * m + j];
        tt_table_row(d);
        tt_table_str(d, 0, h->label[g]);
        tt_table_str(d, 1, tt_cli_code(cli, h->state[i]));
        tt_table_str(d, 2, tt_cli_code(cli, h->state[j]));
        tt_table_int(d, 3, (long)x);
        tt_table_real(d, 4, ni > 0 ? x / ni : NAN);
      }
    }
}

static int run_test(tt_cli *cli, tt_doc *doc, const opts *op) {
  tt_error err;
  tt_error_clear(&err);
  tt_homogeneity *h = NULL;
  unsigned long seed = cli->has_seed ? cli->seed : 1UL;
  if (op->test == TEST_GROUPS)
    h = tt_homogeneity_groups(cli->panel, &op->o, (size_t)op->permutations,
                              seed, &err);
  else if (op->test == TEST_PERIODS)
    h = tt_homogeneity_periods(cli->panel, &op->o, op->split, &err);
  else
    h = tt_homogeneity_order(cli->panel, &op->o, &err);
  if (!h) return tt_cli_fail_err(cli, &err);
  if (op->test == TEST_ORDER)
    tt_doc_para(doc, "Markov order check: moves from year y to y+1 (y in "
                "%d-%d) with the tier in year y-1 known.",
                h->year_lo, h->year_hi);
  else
    tt_doc_para(doc, "Homogeneity across %ss: moves %d year%s apart, first "
                "years %d-%d.",
                part_title(h), op->o.horizon, op->o.horizon == 1 ? "" : "s",
                h->year_lo, h->year_hi);
  add_test_table(cli, doc, h);
  add_parts(cli, doc, h);
  tt_homogeneity_free(h);
  return tt_cli_emit(cli, doc);
}

static int run(tt_cli *cli, int argc, char **argv) {
  opts op;
  memset(&op, 0, sizeof op);
  tt_transitions_options_default(&op.o);
  int rc = tt_cli_parse(cli, argc, argv, options, on_option, &op);
  if (rc) return rc;
  if (cli->n_args)
    return tt_cli_fail(cli, TT_EUSAGE, "transitions takes no arguments "
                       "('%s')", cli->args[0]);
  if (op.has_split && op.test != TEST_PERIODS)
    return tt_cli_fail(cli, TT_EUSAGE, "--split goes with --test periods");
  if (op.test == TEST_PERIODS && !op.has_split)
    return tt_cli_fail(cli, TT_EUSAGE, "--test periods needs --split YEAR "
                       "(e.g. --split 2009)");
  if (op.permutations && op.test != TEST_GROUPS)
    return tt_cli_fail(cli, TT_EUSAGE, "--permutations goes with --test "
                       "groups (it shuffles groups among countries)");
  if (op.test == TEST_GROUPS && cli->group)
    return tt_cli_fail(cli, TT_EUSAGE, "--test groups compares every group; "
                       "leave out --group");
  if (op.test == TEST_ORDER && op.o.horizon != 1)
    return tt_cli_fail(cli, TT_EUSAGE, "--test order works on one-year "
                       "moves; leave out --horizon");
  if (op.test && op.has_bootstrap)
    return tt_cli_fail(cli, TT_EUSAGE, "--bootstrap goes with the matrix, "
                       "not with --test");
  if ((rc = tt_cli_load(cli))) return rc;
  const tt_panel *p = cli->panel;
  if (op.o.horizon > (int)p->n_years - 1)
    return tt_cli_fail(cli, TT_EUSAGE, "--horizon %d: the data span only %zu "
                       "years (%d-%d)", op.o.horizon, p->n_years, p->year_min,
                       p->year_max);
  if (op.test == TEST_PERIODS &&
      (op.split <= p->year_min + op.o.horizon || op.split > p->year_max))
    return tt_cli_fail(cli, TT_EUSAGE, "--split %d: moves must fall on both "
                       "sides of it; pick a year in %d-%d", op.split,
                       p->year_min + op.o.horizon + 1, p->year_max);
  if (op.test == TEST_GROUPS && p->n_groups < 2)
    return tt_cli_fail(cli, TT_EUSAGE, "--test groups needs groups: the data "
                       "has %zu (give --groups FILE)", p->n_groups);
  if (cli->from != INT_MIN) op.o.year_lo = cli->from;
  if (cli->to != INT_MAX) op.o.year_hi = cli->to;
  op.o.group = cli->group_index;
  op.o.seed = cli->has_seed ? cli->seed : 1UL;
  tt_doc *doc = tt_cli_doc(cli, op.test ? "Transition tests"
                                        : "Transitions");
  if (!doc) return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  rc = op.test ? run_test(cli, doc, &op) : run_matrix(cli, doc, &op.o);
  tt_doc_free(doc);
  return rc;
}

const tt_command tt_cmd_transitions = {
    "transitions", run,
    "transition matrices with intervals, mobility, homogeneity tests",
    "transitions [OPTIONS]",
    "The cohort transition matrix: for every country and year y with a\n"
    "report in y and y+K (and every year between), a move from the tier in\n"
    "y to the tier in y+K; a gap breaks the chain. Probabilities are the\n"
    "row shares, with Wilson score intervals or, with --bootstrap N,\n"
    "percentile intervals from resampling countries (--seed S). --from and\n"
    "--to select the first year of each pair. Beside the matrix: stability,\n"
    "upgrade and downgrade rates, their ratio, the Prais share leaving each\n"
    "tier and the Shorrocks index.\n"
    "\n"
    "--test groups: do the groups (regions) share one matrix? --test\n"
    "periods --split YEAR: do moves into reports before YEAR differ from\n"
    "later ones? --test order: does the tier two reports back matter?\n"
    "Anderson-Goodman likelihood-ratio (G2) and Pearson tests, with a\n"
    "permutation p-value (--permutations N) for groups.\n"
    "\n"
    "Tables: transitions (csv: from,to,count,probability,lower,upper),\n"
    "matrix, counts, power (--horizon > 1), mobility, prais; with --test:\n"
    "test, parts, part_transitions."};
