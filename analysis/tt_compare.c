#include "tt_compare.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tt_markov.h"
#include "tt_rules.h"
#include "tt_spells.h"
#include "tt_survival.h"
#include "tt_transitions.h"

double tt_compare_welch_p(double m1, double sd1, size_t n1, double m2,
                          double sd2, size_t n2) {
  if (n1 < 2 || n2 < 2 || !isfinite(sd1) || !isfinite(sd2)) return NAN;
  double v1 = sd1 * sd1 / (double)n1, v2 = sd2 * sd2 / (double)n2;
  if (v1 + v2 <= 0) return m1 == m2 ? 1.0 : 0.0;
  double t = (m1 - m2) / sqrt(v1 + v2);
  /* Welch-Satterthwaite degrees of freedom */
  double df = (v1 + v2) * (v1 + v2) /
              (v1 * v1 / (double)(n1 - 1) + v2 * v2 / (double)(n2 - 1));
  return 2.0 * gsl_cdf_tdist_Q(fabs(t), df);
}

/* Mean of the ranked values in `year` with a t interval. */
static void mean_now(const tt_panel *p, int group, int year, double level,
                     tt_compare_group *g) {
  const tt_scale *s = p->scale;
  double sum = 0, sum2 = 0;
  size_t n = 0;
  for (size_t e = 0; e < p->n_entities; e++) {
    if (group != TT_GROUP_NONE && p->group[e] != group) continue;
    int st = tt_panel_get(p, e, year);
    if (!st) continue;
    g->n_latest++;
    g->latest[st]++;
    if (!s->states[st].ranked) continue;
    double v = s->states[st].value;
    sum += v;
    sum2 += v * v;
    n++;
  }
  g->n_ranked_latest = n;
  g->mean_now = g->mean_lo = g->mean_hi = g->mean_sd = NAN;
  if (!n) return;
  g->mean_now = sum / (double)n;
  if (n < 2) return;
  double var = (sum2 - sum * sum / (double)n) / (double)(n - 1);
  g->mean_sd = sqrt(var > 0 ? var : 0);
  double h = gsl_cdf_tdist_Qinv((1 - level) / 2, (double)(n - 1)) *
             g->mean_sd / sqrt((double)n);
  /* A mean of values in [lo, hi] cannot leave it: with two or three
   * countries the t interval would. */
  double vlo = INFINITY, vhi = -INFINITY;
  for (size_t k = 1; k <= s->n; k++)
    if (s->states[k].ranked) {
      if (s->states[k].value < vlo) vlo = s->states[k].value;
      if (s->states[k].value > vhi) vhi = s->states[k].value;
    }
  g->mean_lo = fmax(g->mean_now - h, vlo);
  g->mean_hi = fmin(g->mean_now + h, vhi);
}

/* OLS of the yearly mean on the year, slope per decade. */
static void trend(const tt_trends *t, double level, tt_compare_group *g) {
  double *x = malloc(t->n_years * sizeof *x), *y = malloc(t->n_years * sizeof *y);
  size_t n = 0;
  g->slope = g->slope_lo = g->slope_hi = g->slope_p = NAN;
  g->trend_years = 0;
  if (!x || !y) goto done;
  for (size_t i = 0; i < t->n_years; i++)
    if (isfinite(t->year[i].mean) && t->year[i].n_ranked > 0) {
      x[n] = t->year[i].year;
      y[n] = t->year[i].mean;
      n++;
    }
  g->trend_years = n;
  if (n < 3) goto done;
  double c0, c1, cov00, cov01, cov11, sumsq;
  gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
  double se = sqrt(cov11);
  g->slope = 10 * c1;
  if (se > 0) {
    double q = gsl_cdf_tdist_Qinv((1 - level) / 2, (double)(n - 2));
    g->slope_lo = 10 * (c1 - q * se);
    g->slope_hi = 10 * (c1 + q * se);
    g->slope_p = 2 * gsl_cdf_tdist_Q(fabs(c1 / se), (double)(n - 2));
  }
done:
  free(x);
  free(y);
}

static int fill_group(const tt_panel *p, tt_compare *c, tt_compare_group *g,
                      const tt_spells *sp, const tt_rules *rules,
                      tt_error *err) {
  int group = g->group;
  for (size_t e = 0; e < p->n_entities; e++) {
    if (group != TT_GROUP_NONE && p->group[e] != group) continue;
    for (int y = c->year_lo; y <= c->year_hi; y++)
      if (tt_panel_get(p, e, y)) {
        g->n_entities++;
        break;
      }
  }
  mean_now(p, group, c->latest, c->level, g);

  tt_trends *t = tt_trends_estimate(p, c->year_lo, c->year_hi, group,
                                    c->level, err);
  if (!t) return err->code;
  trend(t, c->level, g);
  tt_trends_free(t);

  tt_transitions_options o;
  tt_transitions_options_default(&o);
  o.year_lo = c->year_lo;
  o.year_hi = c->year_hi - 1;
  o.group = group;
  o.level = c->level;
  g->p_stay = g->p_stay_lo = g->p_stay_hi = NAN;
  g->p_down = g->p_down_lo = g->p_down_hi = NAN;
  for (size_t k = 0; k <= TT_SCALE_MAX_STATES; k++) g->steady[k] = NAN;
  if (c->year_hi > c->year_lo) {
    tt_transitions *tr = tt_transitions_estimate(p, &o, err);
    if (!tr) return err->code;
    for (size_t i = 0; i < tr->m && c->watch_state; i++) {
      if (tr->state[i] != c->watch_state) continue;
      g->wl_years = tr->row_total[i];
      for (size_t j = 0; j < tr->m; j++) {
        size_t ij = i * tr->m + j;
        if (tr->state[j] == c->watch_state) {
          g->p_stay = tr->prob[ij];
          g->p_stay_lo = tr->lower[ij];
          g->p_stay_hi = tr->upper[ij];
        } else if (tr->state[j] == c->bottom_state) {
          g->p_down = tr->prob[ij];
          g->p_down_lo = tr->lower[ij];
          g->p_down_hi = tr->upper[ij];
        }
      }
    }
    tt_error e2;
    tt_markov *mc = tr->n_pairs ? tt_markov_from_transitions(tr, &e2) : NULL;
    /* A tier entered but never left has no observed row: the chain would
     * make it absorbing by construction, so no steady state is shown. */
    int no_data = 0;
    for (size_t i = 0; mc && i < mc->m; i++) no_data |= mc->no_data[i];
    if (mc && mc->steady_unique && mc->steady && !no_data) {
      g->steady_unique = 1;
      for (size_t i = 0; i < mc->m; i++) g->steady[mc->state[i]] = mc->steady[i];
    }
    tt_markov_free(mc);
    tt_transitions_free(tr);
  }

  g->median = g->median_lo = g->median_hi = NAN;
  if (c->watch_state) {
    tt_km *km = tt_km_estimate(sp, p, c->watch_state, group, c->level, err);
    if (!km) return err->code;
    g->wl_spells = km->n_spells;
    g->median = km->median;
    g->median_lo = km->median_lower;
    g->median_hi = km->median_upper;
    tt_km_free(km);
  }
  if (rules) {
    for (size_t e = 0; e < p->n_entities; e++) {
      if (group != TT_GROUP_NONE && p->group[e] != group) continue;
      for (int y = rules->year_lo; y <= rules->year_hi; y++)
        g->automatic += tt_rules_get(rules, e, y)->automatic != TT_AUTO_NONE;
    }
  }
  return TT_OK;
}

tt_compare *tt_compare_groups(const tt_panel *p, int year_lo, int year_hi,
                              double level, size_t permutations,
                              unsigned long seed, tt_error *err) {
  if (year_lo < p->year_min) year_lo = p->year_min;
  if (year_hi > p->year_max) year_hi = p->year_max;
  if (year_lo > year_hi) {
    tt_error_set(err, TT_EINVAL, "no year to compare");
    return NULL;
  }
  tt_compare *c = calloc(1, sizeof *c);
  if (!c) {
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  c->year_lo = year_lo;
  c->year_hi = year_hi;
  c->level = level;
  c->latest = year_hi;
  while (c->latest > year_lo && !tt_panel_count_year(p, c->latest, -1))
    c->latest--;
  c->n = p->n_groups + 1;
  c->g = calloc(c->n, sizeof *c->g);
  if (!c->g) {
    free(c);
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  /* The Watch List figures and the rule need the TIP states; other
   * scales get the rest. */
  tt_rules_options ro;
  tt_error quiet;
  tt_rules *rules = NULL;
  if (tt_rules_options_default(&ro, p->scale, &quiet) == TT_OK) {
    c->watch_state = ro.watch_state;
    c->bottom_state = ro.bottom_state;
    rules = tt_rules_apply(p, &ro, year_lo, year_hi, err);
    if (!rules && err->code) {
      tt_compare_free(c);
      return NULL;
    }
  }
  tt_spells *sp = tt_spells_find(p, -1, year_lo, year_hi, err);
  int rc = sp ? TT_OK : err->code;
  for (size_t i = 0; i < c->n && !rc; i++) {
    c->g[i].group = i == 0 ? TT_GROUP_NONE : (int)(i - 1);
    rc = fill_group(p, c, &c->g[i], sp, rules, err);
  }
  tt_spells_free(sp);
  tt_rules_free(rules);
  if (!rc && p->n_groups >= 2 && year_hi > year_lo) {
    tt_transitions_options o;
    tt_transitions_options_default(&o);
    o.year_lo = year_lo;
    o.year_hi = year_hi - 1;
    o.level = level;
    c->test = tt_homogeneity_groups(p, &o, permutations, seed, err);
    if (!c->test) rc = err->code;
  }
  if (rc) {
    tt_compare_free(c);
    return NULL;
  }
  return c;
}

void tt_compare_free(tt_compare *c) {
  if (!c) return;
  tt_homogeneity_free(c->test);
  free(c->g);
  free(c);
}
