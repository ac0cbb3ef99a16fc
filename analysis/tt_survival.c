#include "tt_survival.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void tt_km_free(tt_km *km) {
  if (!km) return;
  free(km->time);
  free(km->at_risk);
  free(km->events);
  free(km->censored);
  free(km->surv);
  free(km->lower);
  free(km->upper);
  free(km->se);
  free(km);
}

static tt_km *km_alloc(size_t m) {
  tt_km *km = calloc(1, sizeof *km);
  if (!km) return NULL;
  size_t n = m ? m : 1;
  km->time = calloc(n, sizeof *km->time);
  km->at_risk = calloc(n, sizeof *km->at_risk);
  km->events = calloc(n, sizeof *km->events);
  km->censored = calloc(n, sizeof *km->censored);
  km->surv = calloc(n, sizeof *km->surv);
  km->lower = calloc(n, sizeof *km->lower);
  km->upper = calloc(n, sizeof *km->upper);
  km->se = calloc(n, sizeof *km->se);
  if (!km->time || !km->at_risk || !km->events || !km->censored ||
      !km->surv || !km->lower || !km->upper || !km->se) {
    tt_km_free(km);
    return NULL;
  }
  return km;
}

/* The first time t_j at which curve[j] <= 1/2; when curve is exactly 1/2
 * there, the midpoint to the next time (the usual convention for a flat
 * step at the median). NaN when never. */
static double first_half(const tt_km *km, const double *curve) {
  for (size_t j = 0; j < km->n_times; j++) {
    double v = curve[j];
    if (isnan(v) || v > 0.5 + 1e-12) continue;
    if (fabs(v - 0.5) <= 1e-12 && j + 1 < km->n_times)
      return (km->time[j] + km->time[j + 1]) / 2;
    return km->time[j];
  }
  return NAN;
}

/* Fills surv, se and the log-log band from at_risk and events. */
static void km_finish(tt_km *km) {
  double z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - km->level) / 2.0);
  double s = 1.0, gw = 0.0; /* gw: Greenwood sum of d / (n (n - d)) */
  int dead = 0;             /* S reached 0 */
  for (size_t j = 0; j < km->n_times; j++) {
    double n = km->at_risk[j], d = km->events[j];
    if (d > 0 && n > 0) {
      s *= 1.0 - d / n;
      if (n > d) gw += d / (n * (n - d));
      else dead = 1;
    }
    km->surv[j] = s;
    if (dead || s <= 0) {
      /* Everyone at risk has ended: the lower limit can only be 0; the
       * upper one is not defined on the log-log scale. */
      km->surv[j] = 0;
      km->se[j] = NAN;
      km->lower[j] = 0;
      km->upper[j] = NAN;
    } else if (s >= 1) {
      /* No exit yet: nothing uncertain to show. */
      km->se[j] = 0;
      km->lower[j] = km->upper[j] = 1;
    } else {
      km->se[j] = s * sqrt(gw);
      /* log(-log S) has standard error sqrt(gw) / |log S|. */
      double c = z * sqrt(gw) / fabs(log(s));
      km->lower[j] = pow(s, exp(c));
      km->upper[j] = pow(s, exp(-c));
    }
  }
  km->median = first_half(km, km->surv);
  km->median_lower = first_half(km, km->lower);
  km->median_upper = first_half(km, km->upper);
}

static int check_level(double level, tt_error *err) {
  if (!(level > 0 && level < 1))
    return tt_error_set(err, TT_EINVAL,
                        "interval level must be in (0, 1), not %g", level);
  return TT_OK;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

tt_km *tt_km_from_data(size_t n, const double *time, const int *event,
                       double level, tt_error *err) {
  if (check_level(level, err)) return NULL;
  for (size_t i = 0; i < n; i++)
    if (!(time[i] >= 0) || !isfinite(time[i])) {
      tt_error_set(err, TT_EDATA, "survival time %zu is not a finite "
                   "non-negative number", i + 1);
      return NULL;
    }
  double *t = malloc((n ? n : 1) * sizeof *t);
  if (!t) {
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  if (n) memcpy(t, time, n * sizeof *t);
  qsort(t, n, sizeof *t, cmp_double);
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (i == 0 || t[i] != t[i - 1]) t[m++] = t[i];
  tt_km *km = km_alloc(m);
  if (!km) {
    free(t);
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  km->n_times = m;
  km->level = level;
  km->n_spells = n;
  if (m) memcpy(km->time, t, m * sizeof *t);
  free(t);
  /* Continuous convention: a time censored at t_j is at risk at t_j. */
  for (size_t i = 0; i < n; i++) {
    size_t lo = 0, hi = m; /* binary search for time[i] */
    while (hi - lo > 1) {
      size_t mid = (lo + hi) / 2;
      if (km->time[mid] <= time[i]) lo = mid;
      else hi = mid;
    }
    for (size_t j = 0; j <= lo; j++) km->at_risk[j] += 1;
    if (event[i]) {
      km->events[lo] += 1;
      km->n_events++;
    } else {
      km->censored[lo] += 1;
    }
  }
  km_finish(km);
  return km;
}

tt_km *tt_km_from_discrete(size_t n, const int *length, const int *event,
                           const int *entry, double level, tt_error *err) {
  if (check_level(level, err)) return NULL;
  int max_len = 0;
  for (size_t i = 0; i < n; i++) {
    int en = entry ? entry[i] : 1;
    if (length[i] < 1 || en < 1 || en > length[i]) {
      tt_error_set(err, TT_EDATA, "spell %zu: length %d and entry year %d "
                   "are not 1 <= entry <= length", i + 1, length[i], en);
      return NULL;
    }
    if (length[i] > max_len) max_len = length[i];
  }
  /* Per spell year t = 1..max_len: at risk, exits, censorings. */
  size_t L = (size_t)max_len + 1;
  double *nr = calloc(L, sizeof *nr), *d = calloc(L, sizeof *d),
         *c = calloc(L, sizeof *c);
  if (!nr || !d || !c) {
    free(nr), free(d), free(c);
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  size_t n_events = 0;
  for (size_t i = 0; i < n; i++) {
    int en = entry ? entry[i] : 1, len = length[i];
    for (int t = en; t < len; t++) nr[t] += 1; /* survived year t */
    if (event[i]) {
      nr[len] += 1;
      d[len] += 1;
      n_events++;
    } else {
      c[len] += 1; /* year len's outcome unknown: not at risk there */
    }
  }
  size_t m = 0;
  for (size_t t = 1; t < L; t++) m += d[t] > 0 || c[t] > 0;
  tt_km *km = km_alloc(m);
  if (!km) {
    free(nr), free(d), free(c);
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  km->discrete = 1;
  km->level = level;
  km->n_spells = n;
  km->n_events = n_events;
  size_t j = 0;
  for (size_t t = 1; t < L; t++) {
    if (d[t] == 0 && c[t] == 0) continue;
    km->time[j] = (double)t;
    km->at_risk[j] = nr[t];
    km->events[j] = d[t];
    km->censored[j] = c[t];
    j++;
  }
  km->n_times = m;
  free(nr), free(d), free(c);
  km_finish(km);
  return km;
}

tt_km *tt_km_estimate(const tt_spells *s, const tt_panel *p, int state,
                      int group, double level, tt_error *err) {
  size_t n = 0;
  for (size_t i = 0; i < s->n; i++)
    n += s->spells[i].state == state &&
         (group == TT_GROUP_NONE || p->group[s->spells[i].entity] == group);
  size_t cap = n ? n : 1;
  int *len = malloc(cap * sizeof *len), *ev = malloc(cap * sizeof *ev),
      *en = malloc(cap * sizeof *en);
  if (!len || !ev || !en) {
    free(len), free(ev), free(en);
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  size_t k = 0;
  for (size_t i = 0; i < s->n; i++) {
    const tt_spell *sp = &s->spells[i];
    if (sp->state != state ||
        (group != TT_GROUP_NONE && p->group[sp->entity] != group))
      continue;
    len[k] = tt_spell_length(sp);
    ev[k] = sp->how == TT_SPELL_EXIT;
    en[k] = sp->start - sp->origin + 1;
    k++;
  }
  tt_km *km = tt_km_from_discrete(n, len, ev, en, level, err);
  free(len), free(ev), free(en);
  return km;
}

double tt_km_at(const tt_km *km, double t) {
  double s = 1.0;
  for (size_t j = 0; j < km->n_times && km->time[j] <= t; j++)
    s = km->surv[j];
  return s;
}
