#include "tt_trends.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int tt_trends_ols(size_t n, const double *t, const double *x,
                  tt_trend_ols *out) {
  out->n = n;
  out->intercept = out->slope = out->se = out->t = out->p = NAN;
  if (n < 2) return TT_OK;
  double tm = gsl_stats_mean(t, 1, n);
  if (gsl_stats_variance_m(t, 1, n, tm) <= 0) return TT_OK;
  /* Centre the years: a fit on 2001..2025 as they are loses digits. */
  double *tc = malloc(n * sizeof *tc);
  if (!tc) return TT_ENOMEM;
  for (size_t i = 0; i < n; i++) tc[i] = t[i] - tm;
  double c0, c1, cov00, cov01, cov11, sumsq;
  gsl_fit_linear(tc, 1, x, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
  free(tc);
  out->slope = c1;
  out->intercept = c0 - c1 * tm;
  if (n < 3) return TT_OK;
  /* gsl_fit_linear scales the covariance by sumsq / (n - 2). */
  out->se = sqrt(cov11 > 0 ? cov11 : 0);
  if (out->se > 0) {
    out->t = c1 / out->se;
    out->p = 2 * gsl_cdf_tdist_Q(fabs(out->t), (double)(n - 2));
  } else if (c1 != 0) {
    out->t = c1 > 0 ? INFINITY : -INFINITY; /* an exact line */
    out->p = 0;
  }
  return TT_OK;
}

static int sgn(double v) { return (v > 0) - (v < 0); }

int tt_trends_mann_kendall(size_t n, const double *t, const double *x,
                           tt_trend_mk *out, tt_error *err) {
  memset(out, 0, sizeof *out);
  out->n = n;
  out->z = out->p = out->tau_b = out->sen = NAN;
  if (n < 2) {
    out->var_s = NAN;
    return TT_OK;
  }
  size_t np = n * (n - 1) / 2;
  double *slopes = malloc(np * sizeof *slopes);
  double *sorted = malloc(n * sizeof *sorted);
  if (!slopes || !sorted) {
    free(slopes);
    free(sorted);
    return tt_error_set(err, TT_ENOMEM, "out of memory");
  }
  double s = 0;
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++) {
      s += sgn(x[j] - x[i]) * sgn(t[j] - t[i]);
      slopes[k++] = (x[j] - x[i]) / (t[j] - t[i]);
    }
  /* Ties among the values: groups of equal x. */
  memcpy(sorted, x, n * sizeof *sorted);
  gsl_sort(sorted, 1, n);
  double tie_var = 0, n2 = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && sorted[j] == sorted[i]) j++;
    double g = (double)(j - i);
    tie_var += g * (g - 1) * (2 * g + 5);
    n2 += g * (g - 1) / 2;
    i = j;
  }
  double dn = (double)n, n0 = dn * (dn - 1) / 2;
  out->s = s;
  out->var_s = (dn * (dn - 1) * (2 * dn + 5) - tie_var) / 18;
  if (out->var_s > 0) {
    out->z = (s - sgn(s)) / sqrt(out->var_s);
    out->p = 2 * gsl_cdf_ugaussian_Q(fabs(out->z));
  }
  if (n0 - n2 > 0) out->tau_b = s / sqrt(n0 * (n0 - n2));
  gsl_sort(slopes, 1, np);
  out->sen = gsl_stats_median_from_sorted_data(slopes, 1, np);
  free(slopes);
  free(sorted);
  return TT_OK;
}

void tt_trends_free(tt_trends *t) {
  if (!t) return;
  free(t->entity);
  free(t->year);
  free(t);
}

static int in_group(const tt_panel *p, size_t e, int group) {
  return group == TT_GROUP_NONE || p->group[e] == group;
}

static int entity_trend(const tt_panel *p, size_t e, int lo, int hi,
                        tt_trend_entity *te, double *ty, double *tx,
                        tt_error *err) {
  const tt_scale *sc = p->scale;
  memset(te, 0, sizeof *te);
  te->entity = e;
  size_t n = 0;
  int run_state = 0, run_len = 0, run_start = 0;
  for (int y = lo; y <= hi; y++) {
    int st = tt_panel_get(p, e, y);
    /* Longest run of one state, any state. */
    if (st && st == run_state) {
      run_len++;
    } else {
      run_state = st;
      run_len = st ? 1 : 0;
      run_start = y;
    }
    if (run_len > te->longest_length) {
      te->longest_length = run_len;
      te->longest_state = run_state;
      te->longest_start = run_start;
    }
    if (!st) continue;
    te->n_present++;
    te->years_in[st]++;
    if (!tt_scale_is_ranked(sc, st)) continue;
    if (!n) {
      te->first_year = y;
      te->first_state = st;
    }
    te->last_year = y;
    te->last_state = st;
    ty[n] = y;
    tx[n] = sc->states[st].value;
    n++;
    int prev = y > lo ? tt_panel_get(p, e, y - 1) : 0;
    if (prev && tt_scale_is_ranked(sc, prev)) {
      double d = sc->states[st].value - sc->states[prev].value;
      te->n_pairs++;
      te->upgrades += d < 0;
      te->downgrades += d > 0;
    }
  }
  te->n_obs = n;
  te->net_change = n ? tx[n - 1] - tx[0] : NAN;
  te->volatility = te->n_pairs ? (double)(te->upgrades + te->downgrades) /
                                     (double)te->n_pairs
                               : NAN;
  if (tt_trends_ols(n, ty, tx, &te->ols))
    return tt_error_set(err, TT_ENOMEM, "out of memory");
  if (tt_trends_mann_kendall(n, ty, tx, &te->mk, err)) return err->code;
  /* Per decade, the unit people read. */
  te->ols.slope *= 10;
  te->ols.se *= 10;
  te->mk.sen *= 10;
  return TT_OK;
}

static void year_stats(const tt_panel *p, int y, int lo, int group,
                       double level, tt_trend_year *ty) {
  const tt_scale *sc = p->scale;
  memset(ty, 0, sizeof *ty);
  ty->year = y;
  double sum = 0, sum2 = 0;
  for (size_t e = 0; e < p->n_entities; e++) {
    if (!in_group(p, e, group)) continue;
    int st = tt_panel_get(p, e, y);
    if (!st) continue;
    ty->n_present++;
    ty->count[st]++;
    if (!tt_scale_is_ranked(sc, st)) continue;
    double v = sc->states[st].value;
    ty->n_ranked++;
    sum += v;
    sum2 += v * v;
    int prev = y > lo ? tt_panel_get(p, e, y - 1) : 0;
    if (prev && tt_scale_is_ranked(sc, prev)) {
      double d = v - sc->states[prev].value;
      ty->pairs++;
      ty->upgrades += d < 0;
      ty->downgrades += d > 0;
    }
  }
  double n = (double)ty->n_ranked;
  ty->mean = ty->sd = ty->lower = ty->upper = NAN;
  if (n >= 1) ty->mean = sum / n;
  if (n >= 2) {
    double var = (sum2 - n * ty->mean * ty->mean) / (n - 1);
    ty->sd = sqrt(var > 0 ? var : 0);
    double q = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, n - 1);
    ty->lower = ty->mean - q * ty->sd / sqrt(n);
    ty->upper = ty->mean + q * ty->sd / sqrt(n);
    /* A mean cannot leave the scale's range; with few entities the t
     * interval would. */
    double vmin = INFINITY, vmax = -INFINITY;
    for (size_t k = 1; k <= sc->n; k++)
      if (sc->states[k].ranked) {
        if (sc->states[k].value < vmin) vmin = sc->states[k].value;
        if (sc->states[k].value > vmax) vmax = sc->states[k].value;
      }
    if (ty->lower < vmin) ty->lower = vmin;
    if (ty->upper > vmax) ty->upper = vmax;
  }
  ty->entropy = NAN;
  if (ty->n_present) {
    double h = 0;
    for (size_t k = 1; k <= sc->n; k++)
      if (ty->count[k]) {
        double q = (double)ty->count[k] / (double)ty->n_present;
        h -= q * log2(q);
      }
    ty->entropy = h + 0.0; /* no "-0" for a one-state year */
  }
}

tt_trends *tt_trends_estimate(const tt_panel *p, int year_lo, int year_hi,
                              int group, double level, tt_error *err) {
  if (!(level > 0 && level < 1)) {
    tt_error_set(err, TT_EINVAL, "interval level must be in (0, 1)");
    return NULL;
  }
  if (year_lo < p->year_min) year_lo = p->year_min;
  if (year_hi > p->year_max) year_hi = p->year_max;
  tt_trends *t = calloc(1, sizeof *t);
  if (!t) goto oom;
  t->year_lo = year_lo;
  t->year_hi = year_hi;
  t->group = group;
  t->level = level;
  if (year_hi < year_lo) return t;
  t->n_years = (size_t)(year_hi - year_lo + 1);
  t->year = calloc(t->n_years, sizeof *t->year);
  t->entity = calloc(p->n_entities ? p->n_entities : 1, sizeof *t->entity);
  double *ty = malloc(t->n_years * sizeof *ty);
  double *tx = malloc(t->n_years * sizeof *tx);
  if (!t->year || !t->entity || !ty || !tx) {
    free(ty);
    free(tx);
    goto oom;
  }
  for (size_t e = 0; e < p->n_entities; e++) {
    if (!in_group(p, e, group)) continue;
    tt_trend_entity te;
    if (entity_trend(p, e, year_lo, year_hi, &te, ty, tx, err)) {
      free(ty);
      free(tx);
      tt_trends_free(t);
      return NULL;
    }
    if (te.n_present) t->entity[t->n_entities++] = te;
  }
  free(ty);
  free(tx);
  for (size_t i = 0; i < t->n_years; i++)
    year_stats(p, year_lo + (int)i, year_lo, group, level, &t->year[i]);
  return t;
oom:
  tt_trends_free(t);
  tt_error_set(err, TT_ENOMEM, "out of memory");
  return NULL;
}
