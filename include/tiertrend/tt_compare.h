/* tt_compare.h — groups side by side.
 *
 * For each group (and for all entities together): who is in it, the latest
 * distribution, the mean tier value now and its trend, one-year Watch List
 * persistence and the fall to the bottom tier, the median Watch List spell,
 * the automatic downgrades of the statutory rule and the steady state of
 * the group's own chain. Then the homogeneity test of the groups'
 * transition matrices. Every figure comes with its interval or test; the
 * formatting and the words are the command line's.
 */
#ifndef TT_COMPARE_H
#define TT_COMPARE_H

#include <stddef.h>

#include "tt_error.h"
#include "tt_homogeneity.h"
#include "tt_panel.h"
#include "tt_trends.h"

typedef struct {
  int group;               /* index, or TT_GROUP_NONE for everyone       */
  size_t n_entities;       /* with a state in the window                 */
  size_t n_latest;         /* with a state in the latest year            */
  size_t latest[TT_SCALE_MAX_STATES + 1];
  /* Mean ordinal value of the ranked states in the latest year, with a
   * t interval over its countries. */
  size_t n_ranked_latest;
  double mean_now, mean_lo, mean_hi, mean_sd;
  /* Trend of the yearly mean: OLS of the group's yearly mean on the
   * year, per decade, with a t interval. */
  size_t trend_years;
  double slope, slope_lo, slope_hi, slope_p;
  /* One-year moves from the watch state (when the scale has one). */
  double wl_years;         /* watch-state years followed by a report      */
  double p_stay, p_stay_lo, p_stay_hi;   /* to the watch state again     */
  double p_down, p_down_lo, p_down_hi;   /* to the bottom state          */
  /* Kaplan-Meier median of watch-state spells, years. */
  size_t wl_spells;
  double median, median_lo, median_hi;
  /* Automatic downgrades under the statutory rule (TIP scales only). */
  size_t automatic;
  /* Steady state of the group's one-year chain (m = scale states); not
   * given when unique only because a tier without observed moves out is
   * absorbing by construction. */
  int steady_unique;
  double steady[TT_SCALE_MAX_STATES + 1]; /* by scale code; NaN if none  */
} tt_compare_group;

typedef struct {
  int year_lo, year_hi, latest;
  int watch_state, bottom_state; /* scale codes, 0 when absent          */
  double level;
  size_t n;                      /* groups + 1: [0] is everyone          */
  tt_compare_group *g;
  tt_homogeneity *test;          /* across groups; NULL with < 2 groups  */
} tt_compare;

/* Compares the panel's groups over [year_lo, year_hi]. permutations (0 =
 * none) and seed drive the permutation p of the homogeneity test. */
tt_compare *tt_compare_groups(const tt_panel *p, int year_lo, int year_hi,
                              double level, size_t permutations,
                              unsigned long seed, tt_error *err);
void tt_compare_free(tt_compare *c);

/* Welch's t test of two means given their sd and n: two-sided p. NaN when
 * a group has fewer than 2 values. */
double tt_compare_welch_p(double m1, double sd1, size_t n1, double m2,
                          double sd2, size_t n2);

#endif
