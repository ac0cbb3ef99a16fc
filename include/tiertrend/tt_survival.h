/* tt_survival.h — Kaplan-Meier survival of spells in one state.
 *
 * Time is the spell length in years; an observed exit is an event, a
 * censored spell (still running, or followed by a gap) is censored at its
 * length. S(t) is the probability that a spell lasts more than t years.
 * Intervals: Greenwood variance on the log-log scale (they stay in [0,1]).
 *
 * Two conventions for a censoring at the same time as events:
 *  - continuous (tt_km_from_data, the textbook one): a time censored at t_j
 *    is in the risk set at t_j, as if it ended just after the events;
 *  - discrete (tt_km_estimate, tt_km_from_discrete): yearly spells. A
 *    spell seen for k years and still running is known to last at least k
 *    years, but whether year k is its last is unknown (the next report
 *    decides), so it is at risk at 1..k-1 and NOT at k. An exit after k
 *    years is an event at k. This is the person-period (discrete-time
 *    hazard) count: the hazard d_j / n_j at t_j is the share of spells in
 *    their t_j-th year whose next report moved them, among those whose
 *    next report is known. Spells first seen in a later year of the run
 *    (the window began inside it) enter the risk set at that year
 *    (delayed entry), so runs cut by --from are not mistaken for short.
 *
 * Where S reaches 0 the lower limit is 0 and the upper one undefined
 * (NaN); where S is still 1 (no exit yet) both are 1.
 *
 * Median: the smallest t with S(t) <= 1/2 (the midpoint to the next time
 * when S is exactly 1/2 on a step). Its interval inverts the pointwise
 * band, in the manner of Brookmeyer and Crowley: the lower limit is the
 * first time the lower band reaches 1/2, the upper limit the first time
 * the upper band does. NaN means "not reached" (too few exits).
 */
#ifndef TT_SURVIVAL_H
#define TT_SURVIVAL_H

#include <stddef.h>

#include "tt_error.h"
#include "tt_spells.h"

typedef struct {
  size_t n_times;   /* distinct event or censoring times, ascending     */
  double *time;     /* t_j                                               */
  double *at_risk;  /* n_j: spells lasting at least t_j                  */
  double *events;   /* d_j: exits at t_j                                 */
  double *censored; /* c_j: censored at t_j                              */
  double *surv;     /* S(t_j) just after t_j                             */
  double *lower, *upper; /* pointwise interval at `level`                */
  double level;
  size_t n_spells, n_events;
  double median, median_lower, median_upper; /* NaN when not reached    */
  int discrete;     /* 1: the discrete convention above                  */
  double *se;       /* Greenwood standard error of S(t_j); NaN at S = 0  */
} tt_km;

/* Kaplan-Meier over the spells of `state` (group: TT_GROUP_NONE for all,
 * else only entities of that group; p gives the groups), with the discrete
 * convention. Spell length counts from the run's first year in the panel
 * (tt_spell.origin), entry from the first year in the window. */
tt_km *tt_km_estimate(const tt_spells *s, const tt_panel *p, int state,
                      int group, double level, tt_error *err);
/* From raw (time, event) pairs (tests). event: 1 exit, 0 censored. */
tt_km *tt_km_from_data(size_t n, const double *time, const int *event,
                       double level, tt_error *err);
/* Discrete yearly spells: length[i] >= 1 years, event[i] 1 = exit after
 * the last year, 0 = still running; entry[i] (NULL: all 1) is the spell
 * year in which it was first observed (1 <= entry <= length). */
tt_km *tt_km_from_discrete(size_t n, const int *length, const int *event,
                           const int *entry, double level, tt_error *err);
void tt_km_free(tt_km *km);

/* S(t) for any t >= 0 (step function). */
double tt_km_at(const tt_km *km, double t);

#endif
