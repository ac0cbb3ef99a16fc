/* tt_trends.h — trends of ordinal ratings, per entity and per year.
 *
 * Numbers use the ordinal value of ranked states (TIP: Tier 1 = 1,
 * Tier 2 = 2, Watch List = 2.5, Tier 3 = 3); unranked states (Special
 * Case) and absent years are left out. Lower is better, so a negative
 * change or slope is an improvement.
 *
 * Per entity, over its ranked years in the window:
 *  - net change = last value - first value;
 *  - upgrades/downgrades: pairs of consecutive years (both ranked) whose
 *    value fell/rose; volatility = (upgrades + downgrades) / pairs;
 *  - OLS slope of value on year (gsl_fit_linear), in tiers per decade,
 *    with its standard error and a two-sided p from Student's t on n-2
 *    degrees of freedom (needs n >= 3);
 *  - Mann-Kendall S = sum over i<j of sign(x_j - x_i), its variance with
 *    the tie correction [n(n-1)(2n+5) - sum t(t-1)(2t+5)] / 18, the
 *    continuity-corrected z = (S - sign S) / sqrt(var) and a two-sided
 *    normal p; Kendall's tau-b of value against year,
 *    S / sqrt(n0 (n0 - n2)) with n0 = n(n-1)/2 and n2 = sum t(t-1)/2 over
 *    tied values (years never tie); Sen's slope, the median of the
 *    pairwise slopes, per decade.
 * These p-values treat the years as independent; ratings are strongly
 * autocorrelated, so they overstate the evidence. Read them as a guide.
 *
 * Per year: counts per state, the mean ranked value with a t interval
 * (treating the entities as a sample; clipped to the range of the scale's
 * values, which a mean cannot leave), upgrades and downgrades from the
 * year before (both in the window), and the Shannon entropy (bits) of the
 * distribution over all present states.
 */
#ifndef TT_TRENDS_H
#define TT_TRENDS_H

#include <stddef.h>

#include "tt_error.h"
#include "tt_panel.h"

typedef struct {
  size_t n;
  double intercept, slope; /* value = intercept + slope * year (per year) */
  double se;               /* standard error of slope; NaN when n < 3    */
  double t, p;             /* slope / se and two-sided p; NaN when
                              undefined (no variation at all)            */
} tt_trend_ols;

typedef struct {
  size_t n;
  double s;      /* Mann-Kendall S                                       */
  double var_s;  /* tie-corrected variance of S                          */
  double z, p;   /* NaN when var_s = 0 (all values tied) or n < 2        */
  double tau_b;  /* NaN when all values tie                              */
  double sen;    /* Sen's slope, per year                                */
} tt_trend_mk;

/* OLS of x on t (n points). Returns TT_OK; slope NaN when n < 2 or the
 * t are all equal. */
int tt_trends_ols(size_t n, const double *t, const double *x,
                  tt_trend_ols *out);

/* Mann-Kendall, tau-b and Sen's slope of x against t (t strictly
 * increasing). TT_ENOMEM on no memory. */
int tt_trends_mann_kendall(size_t n, const double *t, const double *x,
                           tt_trend_mk *out, tt_error *err);

typedef struct {
  size_t entity;
  size_t n_obs;                   /* ranked years in the window          */
  size_t n_present;               /* present years (any state)           */
  int first_year, last_year;      /* first and last ranked year          */
  int first_state, last_state;
  double net_change;              /* last - first value                  */
  int upgrades, downgrades, n_pairs;
  double volatility;              /* NaN when no pair                    */
  int years_in[TT_SCALE_MAX_STATES + 1]; /* present years per state      */
  int longest_length, longest_state, longest_start; /* any state         */
  tt_trend_ols ols;               /* slope and se per decade             */
  tt_trend_mk mk;                 /* Sen's slope per decade              */
} tt_trend_entity;

typedef struct {
  int year;
  size_t n_present, n_ranked;
  size_t count[TT_SCALE_MAX_STATES + 1];
  double mean, sd, lower, upper;  /* ranked values; NaN when too few     */
  size_t pairs, upgrades, downgrades; /* from the year before            */
  double entropy;                 /* bits; NaN when nobody is present    */
} tt_trend_year;

typedef struct {
  int year_lo, year_hi;
  int group;                      /* TT_GROUP_NONE = all                 */
  double level;
  size_t n_entities;              /* entities present in the window      */
  tt_trend_entity *entity;
  size_t n_years;                 /* year_hi - year_lo + 1               */
  tt_trend_year *year;
} tt_trends;

tt_trends *tt_trends_estimate(const tt_panel *p, int year_lo, int year_hi,
                              int group, double level, tt_error *err);
void tt_trends_free(tt_trends *t);

#endif
