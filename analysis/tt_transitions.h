/* tt_transitions.h — cohort transition matrices with intervals.
 *
 * A pair is (state in year y, state in year y+k) for one entity, both
 * present and, for k = 1, consecutive; a gap (an absent year) breaks the
 * chain, so no pair spans it (for k > 1 every year between must be
 * present too). p_ij = n_ij / n_i.
 *
 * Matrices are m x m over the states kept (all of the scale's, or the
 * ranked ones when unranked states are excluded or adjusted away);
 * state[i] maps row/column i to the scale's state code 1..n.
 */
#ifndef TT_TRANSITIONS_H
#define TT_TRANSITIONS_H

#include <stddef.h>

#include "tt_error.h"
#include "tt_panel.h"

typedef enum {
  TT_UNRANKED_INCLUDE, /* unranked states are states like the others     */
  TT_UNRANKED_EXCLUDE, /* pairs touching an unranked state are dropped   */
  TT_UNRANKED_ADJUST   /* moves into unranked states are removed and the
                          row renormalised over the ranked states (as
                          agencies do with withdrawn ratings)             */
} tt_unranked;

typedef enum { TT_INTERVAL_WILSON, TT_INTERVAL_BOOTSTRAP } tt_interval;

typedef struct {
  int year_lo, year_hi; /* first years of pairs: y in [year_lo, year_hi] */
  int horizon;          /* k >= 1                                         */
  int group;            /* TT_GROUP_NONE = all entities                   */
  tt_unranked unranked;
  tt_interval interval;
  double level;         /* interval level, default 0.95                   */
  size_t bootstrap;     /* resamples when interval == BOOTSTRAP           */
  unsigned long seed;
} tt_transitions_options;

void tt_transitions_options_default(tt_transitions_options *o);

typedef struct {
  size_t m;                          /* states in the matrix          */
  int state[TT_SCALE_MAX_STATES];    /* scale code of row/column i    */
  tt_transitions_options opt;        /* as computed (clipped years)   */
  double *count;      /* m*m, n_ij (row-major)                         */
  double *row_total;  /* m,   n_i                                      */
  double *prob;       /* m*m, p_ij; NaN where n_i = 0                  */
  double *lower;      /* m*m, interval bounds; NaN where n_i = 0       */
  double *upper;
  size_t n_pairs;     /* pairs counted                                 */
  size_t n_entities;  /* entities contributing at least one pair       */
} tt_transitions;

/* Counts and estimates the matrix with intervals. NULL on error. */
tt_transitions *tt_transitions_estimate(const tt_panel *p,
                                        const tt_transitions_options *o,
                                        tt_error *err);
void tt_transitions_free(tt_transitions *t);

static inline double tt_transitions_p(const tt_transitions *t, size_t i,
                                      size_t j) {
  return t->prob[i * t->m + j];
}

#endif
