/* tt_survival.h — Kaplan-Meier survival of spells in one state.
 *
 * Time is the spell length in years; an observed exit is an event, a
 * censored spell (still running, or followed by a gap) is censored at its
 * length. S(t) is the probability that a spell lasts more than t years.
 * Intervals: Greenwood variance on the log-log scale (they stay in [0,1]).
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
} tt_km;

/* Kaplan-Meier over the spells of `state` (group: TT_GROUP_NONE for all,
 * else only entities of that group; p gives the groups). */
tt_km *tt_km_estimate(const tt_spells *s, const tt_panel *p, int state,
                      int group, double level, tt_error *err);
/* From raw (time, event) pairs (tests). event: 1 exit, 0 censored. */
tt_km *tt_km_from_data(size_t n, const double *time, const int *event,
                       double level, tt_error *err);
void tt_km_free(tt_km *km);

/* S(t) for any t >= 0 (step function). */
double tt_km_at(const tt_km *km, double t);

#endif
