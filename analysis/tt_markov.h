/* tt_markov.h — a first-order Markov chain from a transition matrix:
 * classes, steady state, projections, first-passage and occupation times.
 */
#ifndef TT_MARKOV_H
#define TT_MARKOV_H

#include <stddef.h>

#include "tt_error.h"
#include "tt_panel.h"
#include "tt_transitions.h"

typedef enum {
  TT_CLASS_RECURRENT, /* closed communicating class                       */
  TT_CLASS_ABSORBING, /* closed class of one state with p_ii = 1          */
  TT_CLASS_TRANSIENT  /* can be left for good                             */
} tt_class_kind;

typedef struct {
  size_t m;
  int state[TT_SCALE_MAX_STATES]; /* scale codes, as in tt_transitions  */
  double *P;        /* m*m row-stochastic matrix (rows with no data are
                       set to stay put, and flagged in no_data)          */
  int no_data[TT_SCALE_MAX_STATES];
  size_t n_classes;
  int class_of[TT_SCALE_MAX_STATES];          /* class index per state   */
  tt_class_kind class_kind[TT_SCALE_MAX_STATES];
  int steady_unique; /* 1 when exactly one closed class                  */
  double *steady;    /* m, the stationary distribution when unique,
                        else NULL                                         */
} tt_markov;

/* Builds the chain from an estimated matrix (the probabilities). */
tt_markov *tt_markov_from_transitions(const tt_transitions *t,
                                      tt_error *err);
/* From a plain row-stochastic matrix (tests). */
tt_markov *tt_markov_alloc(size_t m, const int *state, const double *P,
                           tt_error *err);
void tt_markov_free(tt_markov *mc);

/* Projection of a start distribution k steps ahead: out is (k+1) x m,
 * row 0 the start. */
typedef struct {
  size_t m, k;
  int year0;         /* year of the start distribution */
  double *dist;      /* (k+1) * m */
} tt_projection;

tt_projection *tt_markov_project(const tt_markov *mc, const double *start,
                                 size_t k, int year0, tt_error *err);
void tt_projection_free(tt_projection *pr);

/* Mean first-passage times: out[i*m+j] = expected steps from i to reach j
 * (i != j; the diagonal holds the mean return time). INFINITY where j
 * cannot be reached from i. */
int tt_markov_passage(const tt_markov *mc, double *out, tt_error *err);

/* Expected steps spent in each transient state before absorption
 * (fundamental matrix N = (I - Q)^-1), for chains with absorbing states;
 * out is m*m with NaN outside transient rows/columns. */
int tt_markov_occupation(const tt_markov *mc, double *out, tt_error *err);

#endif
