/* tiertrend markov — the one-year moves read as a Markov chain: its
 * classes, steady state, a projection of the latest report, each
 * country's chances K years on, first-passage times and expected years
 * in each tier. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tt_cli.h"
#include "tt_markov.h"
#include "tt_transitions.h"

enum { OPT_YEARS = 1000, OPT_UNRANKED };

typedef struct {
  tt_transitions_options o;
  long years;
} opts;

static const tt_cli_option options[] = {
    {"years", 1, OPT_YEARS, "K",
     "years ahead to project (default 10)"},
    {"unranked", 1, OPT_UNRANKED, "MODE",
     "Special Case: include (default), exclude or adjust"},
    {NULL, 0, 0, NULL, NULL}};

static int on_option(tt_cli *cli, int key, const char *arg, void *ctx) {
  opts *op = ctx;
  long v;
  switch (key) {
    case OPT_YEARS:
      if (tt_cli_int(cli, "--years", arg, 1, 100, &v)) return TT_EUSAGE;
      op->years = v;
      return TT_OK;
    case OPT_UNRANKED:
      return tt_cli_unranked(cli, arg, &op->o.unranked);
  }
  return TT_EUSAGE;
}

static const char *label(const tt_cli *cli, int k) {
  return tt_cli_label(cli, k);
}

/* "Tier 1, Tier 2" for the states of class c. */
static void class_members(const tt_cli *cli, const tt_markov *mc, int c,
                          char *buf, size_t n) {
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < mc->m; i++) {
    if (mc->class_of[i] != c) continue;
    int k = snprintf(buf + used, n - used, "%s%s", used ? ", " : "",
                     label(cli, mc->state[i]));
    if (k < 0 || (size_t)k >= n - used) break;
    used += (size_t)k;
  }
}

static const char *kind_word(tt_class_kind k) {
  switch (k) {
    case TT_CLASS_RECURRENT: return "recurrent";
    case TT_CLASS_ABSORBING: return "absorbing";
    case TT_CLASS_TRANSIENT: return "transient";
  }
  return "";
}

/* Why there is no single steady state, in words. */
static void why_not_unique(const tt_cli *cli, const tt_markov *mc, char *buf,
                           size_t n) {
  size_t used = 0;
  int k = snprintf(buf, n, "the chain has %zu closed classes (",
                   mc->n_closed);
  if (k > 0) used = (size_t)k;
  size_t shown = 0;
  for (size_t c = 0; c < mc->n_classes && used < n; c++) {
    if (mc->class_kind[c] == TT_CLASS_TRANSIENT) continue;
    char members[512];
    class_members(cli, mc, (int)c, members, sizeof members);
    k = snprintf(buf + used, n - used, "%s{%s}", shown++ ? ", " : "",
                 members);
    if (k < 0) break;
    used += (size_t)k;
  }
  if (used < n)
    snprintf(buf + used, n - used, "), and where a country ends up depends "
             "on where it starts");
}

static void add_steady(tt_cli *cli, tt_doc *doc, const tt_markov *mc,
                       const double *latest, int latest_year,
                       const tt_transitions *t) {
  tt_table *s = tt_doc_table(doc, "steady", "Steady state", TT_TABLE_ALL);
  tt_table_col(s, "state", TT_COL_STR, 0);
  tt_table_col(s, "label", TT_COL_STR, 0);
  tt_table_col(s, "probability", TT_COL_SHARE, 1);
  tt_table_col(s, "latest", TT_COL_SHARE, 1);
  if (!mc->steady_unique) {
    char why[1024];
    why_not_unique(cli, mc, why, sizeof why);
    tt_table_note(s, "No single steady state: %s.", why);
    for (size_t i = 0; i < mc->m; i++)
      if (mc->no_data[i])
        tt_table_note(s, "%s has no move out of it in these years; it is "
                      "treated as staying put%s.", label(cli, mc->state[i]),
                      cli->scale->states[mc->state[i]].ranked
                          ? ""
                          : " (--unranked exclude or adjust leaves it out)");
    return;
  }
  char list[1024];
  size_t used = 0;
  list[0] = '\0';
  for (size_t i = 0; i < mc->m; i++) {
    tt_table_row(s);
    tt_table_str(s, 0, tt_cli_code(cli, mc->state[i]));
    tt_table_str(s, 1, label(cli, mc->state[i]));
    tt_table_real(s, 2, mc->steady[i]);
    if (latest) tt_table_real(s, 3, latest[i]);
    int k = snprintf(list + used, sizeof list - used, "%s%.1f%% %s",
                     i ? (i + 1 == mc->m ? " and " : ", ") : "",
                     100 * mc->steady[i], label(cli, mc->state[i]));
    if (k > 0 && (size_t)k < sizeof list - used) used += (size_t)k;
  }
  tt_table_note(s, "If the moves seen between the %d and %d reports went "
                "on unchanged, the shares would settle at %s.",
                t->opt.year_lo, t->opt.year_hi + 1, list);
  if (latest)
    tt_table_note(s, "latest: the shares in the %d report, for comparison.",
                  latest_year);
  if (mc->period > 1)
    tt_table_note(s, "The chain is periodic (period %d): the shares cycle "
                  "rather than settle, and the steady state is their "
                  "long-run average.", mc->period);
  for (size_t i = 0; i < mc->m; i++)
    if (mc->no_data[i])
      tt_table_note(s, "%s has no move out of it in these years; it is "
                    "treated as staying put%s.", label(cli, mc->state[i]),
                    cli->scale->states[mc->state[i]].ranked
                        ? ""
                        : " (--unranked exclude or adjust leaves it out)");
}

static void add_classes(tt_cli *cli, tt_doc *doc, const tt_markov *mc) {
  tt_table *c = tt_doc_table(doc, "classes", "Classes of the chain",
                             TT_TABLE_ALL);
  tt_table_col(c, "state", TT_COL_STR, 0);
  tt_table_col(c, "label", TT_COL_STR, 0);
  tt_table_col(c, "class", TT_COL_INT, 0);
  tt_table_col(c, "kind", TT_COL_STR, 0);
  tt_table_col(c, "no_data", TT_COL_INT, 0);
  size_t n_trans = 0;
  for (size_t i = 0; i < mc->m; i++) {
    int k = mc->class_of[i];
    tt_table_row(c);
    tt_table_str(c, 0, tt_cli_code(cli, mc->state[i]));
    tt_table_str(c, 1, label(cli, mc->state[i]));
    tt_table_int(c, 2, k + 1);
    tt_table_str(c, 3, kind_word(mc->class_kind[k]));
    tt_table_int(c, 4, mc->no_data[i]);
    n_trans += mc->class_kind[k] == TT_CLASS_TRANSIENT;
  }
  if (mc->n_classes == 1)
    tt_table_note(c, "Every tier can be reached from every other: one "
                  "recurrent class, so the steady state is unique.");
  else if (mc->steady_unique)
    tt_table_note(c, "One closed class and %zu transient state%s (left for "
                  "good sooner or later): the steady state is unique and "
                  "zero on the transient ones.",
                  n_trans, n_trans == 1 ? "" : "s");
  else
    tt_table_note(c, "%zu closed classes: a country that enters one never "
                  "leaves it, so the long run depends on the start.",
                  mc->n_closed);
  tt_table_note(c, "A class is a set of tiers that can all reach each "
                "other; closed classes cannot be left, transient ones can.");
}

static void add_projection(tt_cli *cli, tt_doc *doc, const tt_markov *mc,
                           const tt_projection *pr, size_t skipped) {
  size_t m = mc->m;
  tt_table *w = tt_doc_table(doc, "projection_table",
                             "Projection of the latest report",
                             TT_TABLE_HUMAN);
  tt_table_col(w, "year", TT_COL_INT, 0);
  for (size_t j = 0; j < m; j++)
    tt_table_col(w, tt_cli_code(cli, mc->state[j]), TT_COL_SHARE, 1);
  tt_table *d = tt_doc_table(doc, "projection",
                             "Projection of the latest report (tidy)",
                             TT_TABLE_DATA);
  tt_table_col(d, "year", TT_COL_INT, 0);
  tt_table_col(d, "state", TT_COL_STR, 0);
  tt_table_col(d, "share", TT_COL_SHARE, 1);
  for (size_t t = 0; t <= pr->k; t++) {
    tt_table_row(w);
    tt_table_int(w, 0, pr->year0 + (int)t);
    for (size_t j = 0; j < m; j++) {
      tt_table_real(w, j + 1, pr->dist[t * m + j]);
      tt_table_row(d);
      tt_table_int(d, 0, pr->year0 + (int)t);
      tt_table_str(d, 1, tt_cli_code(cli, mc->state[j]));
      tt_table_real(d, 2, pr->dist[t * m + j]);
    }
  }
  const double *end = pr->dist + pr->k * m;
  char list[1024];
  size_t used = 0;
  list[0] = '\0';
  for (size_t j = 0; j < m; j++) {
    int k = snprintf(list + used, sizeof list - used, "%s%.1f%% %s",
                     j ? (j + 1 == m ? " and " : ", ") : "", 100 * end[j],
                     label(cli, mc->state[j]));
    if (k > 0 && (size_t)k < sizeof list - used) used += (size_t)k;
  }
  tt_table_note(w, "Starting from the %d report, the chain expects %s in "
                "%d, if the moves keep their past rates and every country "
                "stays in the report.",
                pr->year0, list, pr->year0 + (int)pr->k);
  if (skipped)
    tt_table_note(w, "%zu countr%s of the %d report %s in a state left "
                  "out of the chain and %s not projected.",
                  skipped, skipped == 1 ? "y" : "ies", pr->year0,
                  skipped == 1 ? "is" : "are", skipped == 1 ? "is" : "are");
}

static void add_countries(tt_cli *cli, tt_doc *doc, const tt_markov *mc,
                          const double *Pk, int year0, long k) {
  const tt_panel *p = cli->panel;
  size_t m = mc->m;
  char title[96];
  snprintf(title, sizeof title, "Each country's chances in %ld", year0 + k);
  tt_table *t = tt_doc_table(doc, "countries", title, TT_TABLE_ALL);
  tt_table_col(t, "country", TT_COL_STR, 0);
  tt_table_col(t, "iso3", TT_COL_STR, 0);
  tt_table_col(t, "now", TT_COL_STR, 0);
  for (size_t j = 0; j < m; j++) {
    char name[64];
    snprintf(name, sizeof name, "p_%s", tt_cli_code(cli, mc->state[j]));
    tt_table_col(t, name, TT_COL_SHARE, 1);
  }
  int where[TT_SCALE_MAX_STATES + 1];
  for (size_t s = 0; s <= TT_SCALE_MAX_STATES; s++) where[s] = -1;
  for (size_t i = 0; i < m; i++) where[mc->state[i]] = (int)i;
  int g = cli->group_index;
  for (size_t e = 0; e < p->n_entities; e++) {
    if (g != TT_GROUP_NONE && p->group[e] != g) continue;
    int st = tt_panel_get(p, e, year0);
    if (!st || where[st] < 0) continue;
    size_t i = (size_t)where[st];
    tt_table_row(t);
    tt_table_str(t, 0, p->names[e]);
    tt_table_str(t, 1, p->codes[e]);
    tt_table_str(t, 2, tt_cli_code(cli, st));
    for (size_t j = 0; j < m; j++) tt_table_real(t, 3 + j, Pk[i * m + j]);
  }
  tt_table_note(t, "now: the tier in the %d report; p_X: the chance of "
                "tier X in %ld for a country that moves as the average "
                "country moved from its tier (its own past is not used).",
                year0, year0 + k);
}

static void add_passage(tt_cli *cli, tt_doc *doc, const tt_markov *mc,
                        const double *fp) {
  size_t m = mc->m;
  tt_table *w = tt_doc_table(doc, "passage_matrix",
                             "Mean years to first reach a tier",
                             TT_TABLE_HUMAN);
  tt_table_col(w, "from \\ to", TT_COL_STR, 0);
  for (size_t j = 0; j < m; j++)
    tt_table_col(w, tt_cli_code(cli, mc->state[j]), TT_COL_REAL, 1);
  tt_table *d = tt_doc_table(doc, "passage",
                             "Mean years to first reach a tier (tidy)",
                             TT_TABLE_DATA);
  tt_table_col(d, "from", TT_COL_STR, 0);
  tt_table_col(d, "to", TT_COL_STR, 0);
  tt_table_col(d, "years", TT_COL_REAL, 2);
  for (size_t i = 0; i < m; i++) {
    tt_table_row(w);
    tt_table_str(w, 0, label(cli, mc->state[i]));
    for (size_t j = 0; j < m; j++) {
      tt_table_real(w, j + 1, fp[i * m + j]);
      tt_table_row(d);
      tt_table_str(d, 0, tt_cli_code(cli, mc->state[i]));
      tt_table_str(d, 1, tt_cli_code(cli, mc->state[j]));
      tt_table_real(d, 2, fp[i * m + j]);
    }
  }
  tt_table_note(w, "Read a row: from that tier, the expected number of "
                "reports until the first one in the column's tier. The "
                "diagonal is the mean time to come back after a year in "
                "the tier. '-': not certain to arrive (some paths never "
                "do), so there is no finite mean.");
  /* the worst tier's way up, when the scale has one */
  int worst = -1, best = -1, second = -1;
  const tt_scale *s = cli->scale;
  for (size_t i = 0; i < m; i++) {
    int k = mc->state[i];
    if (!s->states[k].ranked) continue;
    if (worst < 0 || s->states[k].value > s->states[mc->state[worst]].value)
      worst = (int)i;
    if (best < 0 || s->states[k].value < s->states[mc->state[best]].value)
      best = (int)i;
  }
  for (size_t i = 0; i < m; i++) {
    int k = mc->state[i];
    if (!s->states[k].ranked || (int)i == best) continue;
    if (second < 0 || s->states[k].value < s->states[mc->state[second]].value)
      second = (int)i;
  }
  if (worst >= 0 && second >= 0 && worst != second) {
    double to2 = fp[(size_t)worst * m + (size_t)second];
    double to1 = fp[(size_t)worst * m + (size_t)best];
    if (isfinite(to2) && isfinite(to1))
      tt_table_note(w, "A country on %s needs on average %.1f years to "
                    "first reach %s, and %.1f to reach %s.",
                    label(cli, mc->state[worst]), to2,
                    label(cli, mc->state[second]), to1,
                    label(cli, mc->state[best]));
    else if (isfinite(to2))
      tt_table_note(w, "A country on %s needs on average %.1f years to "
                    "first reach %s; it is not certain ever to reach %s.",
                    label(cli, mc->state[worst]), to2,
                    label(cli, mc->state[second]),
                    label(cli, mc->state[best]));
  }
}

static void add_occupation(tt_cli *cli, tt_doc *doc, const tt_markov *mc,
                           const double *occ, const double *fund, long k) {
  size_t m = mc->m;
  char title[96];
  snprintf(title, sizeof title, "Expected years in each tier over the next "
           "%ld", k);
  tt_table *w = tt_doc_table(doc, "occupation_matrix", title, TT_TABLE_HUMAN);
  tt_table_col(w, "from \\ in", TT_COL_STR, 0);
  for (size_t j = 0; j < m; j++)
    tt_table_col(w, tt_cli_code(cli, mc->state[j]), TT_COL_REAL, 1);
  tt_table_col(w, "mean_stay", TT_COL_REAL, 1);
  tt_table *d = tt_doc_table(doc, "occupation", "Expected years (tidy)",
                             TT_TABLE_DATA);
  tt_table_col(d, "from", TT_COL_STR, 0);
  tt_table_col(d, "in", TT_COL_STR, 0);
  tt_table_col(d, "years", TT_COL_REAL, 2);
  for (size_t i = 0; i < m; i++) {
    tt_table_row(w);
    tt_table_str(w, 0, label(cli, mc->state[i]));
    for (size_t j = 0; j < m; j++) {
      tt_table_real(w, j + 1, occ[i * m + j]);
      tt_table_row(d);
      tt_table_str(d, 0, tt_cli_code(cli, mc->state[i]));
      tt_table_str(d, 1, tt_cli_code(cli, mc->state[j]));
      tt_table_real(d, 2, occ[i * m + j]);
    }
    double stay = mc->P[i * m + i];
    tt_table_real(w, m + 1, stay < 1 ? 1.0 / (1.0 - stay) : INFINITY);
  }
  tt_table_note(w, "Read a row: of the next %ld reports, how many a country "
                "now in that tier is expected to spend in each (rows sum to "
                "%ld). mean_stay = 1 / (1 - p_ii): the average unbroken run "
                "in the tier, counting the current year.", k, k);
  if (!fund) return;
  tt_table *f = tt_doc_table(doc, "fundamental",
                             "Expected years in transient tiers before "
                             "reaching a closed class", TT_TABLE_ALL);
  tt_table_col(f, "from", TT_COL_STR, 0);
  tt_table_col(f, "in", TT_COL_STR, 0);
  tt_table_col(f, "years", TT_COL_REAL, 2);
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < m; j++)
      if (isfinite(fund[i * m + j])) {
        tt_table_row(f);
        tt_table_str(f, 0, tt_cli_code(cli, mc->state[i]));
        tt_table_str(f, 1, tt_cli_code(cli, mc->state[j]));
        tt_table_real(f, 2, fund[i * m + j]);
      }
  tt_table_note(f, "N = (I - Q)^-1 over the transient tiers: from each, the "
                "expected years spent in each transient tier (counting the "
                "start) before the chain enters a class it never leaves.");
}

static int run(tt_cli *cli, int argc, char **argv) {
  opts op;
  memset(&op, 0, sizeof op);
  tt_transitions_options_default(&op.o);
  op.years = 10;
  int rc = tt_cli_parse(cli, argc, argv, options, on_option, &op);
  if (rc) return rc;
  if (cli->n_args)
    return tt_cli_fail(cli, TT_EUSAGE, "markov takes no arguments ('%s')",
                       cli->args[0]);
  if ((rc = tt_cli_load(cli))) return rc;
  const tt_panel *p = cli->panel;
  if (cli->from != INT_MIN) op.o.year_lo = cli->from;
  /* only moves within the years asked for, so a projection from --to
   * uses nothing after it (a fair backtest) */
  if (cli->to != INT_MAX) op.o.year_hi = cli->to - 1;
  op.o.group = cli->group_index;
  tt_error err;
  tt_error_clear(&err);
  tt_transitions *t = tt_transitions_estimate(p, &op.o, &err);
  if (!t) return tt_cli_fail_err(cli, &err);
  tt_markov *mc = tt_markov_from_transitions(t, &err);
  tt_doc *doc = NULL;
  tt_projection *pr = NULL;
  double *Pk = NULL, *fp = NULL, *occ = NULL, *fund = NULL;
  if (!mc) {
    rc = tt_cli_fail_err(cli, &err);
    goto done;
  }
  size_t m = mc->m;
  /* the latest report within the years asked for */
  int lo, hi;
  tt_cli_years(cli, &lo, &hi);
  int g = cli->group_index, year0 = hi;
  for (; year0 >= lo; year0--) {
    size_t n = 0;
    for (size_t e = 0; e < p->n_entities && !n; e++)
      n += (g == TT_GROUP_NONE || p->group[e] == g) &&
           tt_panel_get(p, e, year0);
    if (n) break;
  }
  double start[TT_SCALE_MAX_STATES] = {0}, total = 0;
  size_t skipped = 0;
  for (size_t e = 0; e < p->n_entities; e++) {
    if (g != TT_GROUP_NONE && p->group[e] != g) continue;
    int st = tt_panel_get(p, e, year0);
    if (!st) continue;
    size_t i = 0;
    while (i < m && mc->state[i] != st) i++;
    if (i == m) {
      skipped++;
      continue;
    }
    start[i]++;
    total++;
  }
  Pk = malloc(m * m * sizeof *Pk);
  fp = malloc(m * m * sizeof *fp);
  occ = malloc(m * m * sizeof *occ);
  fund = malloc(m * m * sizeof *fund);
  doc = tt_cli_doc(cli, "Markov chain");
  if (!Pk || !fp || !occ || !fund || !doc) {
    rc = tt_cli_fail(cli, TT_ENOMEM, "out of memory");
    goto done;
  }
  if (total > 0) {
    for (size_t i = 0; i < m; i++) start[i] /= total;
    pr = tt_markov_project(mc, start, (size_t)op.years, year0, &err);
    if (!pr) {
      rc = tt_cli_fail_err(cli, &err);
      goto done;
    }
  }
  if (tt_markov_power(mc, (size_t)op.years, Pk, &err) ||
      tt_markov_passage(mc, fp, &err) ||
      tt_markov_occupation_horizon(mc, (size_t)op.years, occ, &err) ||
      tt_markov_occupation(mc, fund, &err)) {
    rc = tt_cli_fail_err(cli, &err);
    goto done;
  }
  int any_transient = 0;
  for (size_t c = 0; c < mc->n_classes; c++)
    any_transient |= mc->class_kind[c] == TT_CLASS_TRANSIENT;
  tt_doc_para(doc, "The chain: one-year moves with first years %d-%d (%zu "
              "pairs from %zu countries), probabilities as in 'tiertrend "
              "transitions'; it assumes the chance of a move depends only "
              "on the current tier and stays fixed over time.",
              t->opt.year_lo, t->opt.year_hi, t->n_pairs, t->n_entities);
  if (op.o.unranked != TT_UNRANKED_INCLUDE)
    tt_doc_para(doc, "Unranked states are %s.",
                op.o.unranked == TT_UNRANKED_EXCLUDE
                    ? "left out (their years break chains)"
                    : "adjusted away (moves into them removed, rows "
                      "renormalised)");
  add_steady(cli, doc, mc, total > 0 ? start : NULL, year0, t);
  add_classes(cli, doc, mc);
  if (pr) {
    add_projection(cli, doc, mc, pr, skipped);
    add_countries(cli, doc, mc, Pk, year0, op.years);
  }
  add_passage(cli, doc, mc, fp);
  add_occupation(cli, doc, mc, occ, any_transient ? fund : NULL, op.years);
  rc = tt_cli_emit(cli, doc);
done:
  tt_doc_free(doc);
  free(Pk);
  free(fp);
  free(occ);
  free(fund);
  tt_projection_free(pr);
  tt_markov_free(mc);
  tt_transitions_free(t);
  return rc;
}

const tt_command tt_cmd_markov = {
    "markov", run,
    "the moves as a Markov chain: steady state, projection, passage times",
    "markov [OPTIONS]",
    "Reads the one-year moves between the reports of --from to --to (all\n"
    "years by default; a projection from --to uses nothing after it) as a\n"
    "Markov chain: a country's next tier depends only on its current one,\n"
    "with fixed chances. Shows the classes of the chain (a steady state is\n"
    "shown only when it is unique, and the reason when not), the steady\n"
    "state, the latest report projected --years K ahead, each country's\n"
    "chance of each tier in K years, the mean years to first reach each\n"
    "tier, and the expected years in each tier over the next K. Tables:\n"
    "steady (csv default), classes, projection, countries, passage,\n"
    "occupation (and fundamental when some tiers are transient)."};
