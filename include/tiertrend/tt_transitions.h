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

/* Agency-style summary figures of a matrix. Up and down compare the
 * ordinal values of ranked states (lower = better, so an upgrade lowers
 * the value); moves into or out of an unranked state are neither. */
typedef struct {
  double n_pairs, n_same, n_up, n_down, n_other;
  double stability;  /* n_same / n_pairs: share of pairs unchanged       */
  double upgrade;    /* n_up / n_pairs                                   */
  double downgrade;  /* n_down / n_pairs                                 */
  double ratio;      /* n_up / n_down; NaN when there is no downgrade    */
  double shorrocks;  /* (m' - trace P) / (m' - 1) over the m' rows with
                        data; 0 = nobody moves, 1 = no state retains     */
  double prais[TT_SCALE_MAX_STATES]; /* 1 - p_ii per row; NaN no data   */
  /* Interval bounds at the matrix's level: Wilson for the three shares
   * (treating pairs as independent), bootstrap percentiles for all five
   * when bootstrapping; NaN when not available. */
  double stability_lo, stability_hi, upgrade_lo, upgrade_hi;
  double downgrade_lo, downgrade_hi, ratio_lo, ratio_hi;
  double shorrocks_lo, shorrocks_hi;
} tt_mobility;

/* The figures of an m x m count matrix whose rows/columns are the scale
 * codes state[0..m). Point estimates only (intervals set to NaN). */
void tt_transitions_mobility(const tt_scale *s, size_t m, const int *state,
                             const double *count, tt_mobility *out);

/* Wilson score interval for x successes in n trials at `level`; both
 * bounds NaN when n = 0. */
void tt_transitions_wilson(double x, double n, double level, double *lo,
                           double *hi);

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
  /* ADJUST removes moves from ranked row i into unranked states before
   * renormalising; removed[i] counts them (0 otherwise). */
  double removed[TT_SCALE_MAX_STATES];
  size_t row_entities[TT_SCALE_MAX_STATES]; /* entities with a pair
                          from row i: the bootstrap's sample size there  */
  size_t n_resamples; /* bootstrap resamples drawn (0 for Wilson)       */
  tt_mobility mob;    /* stability, up/down rates, Prais, Shorrocks     */
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
