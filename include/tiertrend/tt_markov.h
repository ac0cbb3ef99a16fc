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
  size_t n_closed;   /* closed classes (recurrent or absorbing)           */
  int period;        /* period of the closed class when unique (1 =
                        aperiodic, so projections converge); 0 otherwise */
} tt_markov;

/* Builds the chain from an estimated matrix (the probabilities). States
 * with no pair at all (neither from nor to them) are left out of the
 * chain; a state entered but never left (no data in its row) is set to
 * stay put and flagged in no_data. */
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

/* out (m*m) = P^k, k >= 0. */
int tt_markov_power(const tt_markov *mc, size_t k, double *out,
                    tt_error *err);

/* Expected steps spent in each state during the next k steps:
 * out[i*m+j] = sum over t = 1..k of (P^t)_ij (rows sum to k). */
int tt_markov_occupation_horizon(const tt_markov *mc, size_t k, double *out,
                                 tt_error *err);

/* Expected steps spent in each transient state before absorption
 * (fundamental matrix N = (I - Q)^-1), for chains with absorbing states;
 * out is m*m with NaN outside transient rows/columns. */
int tt_markov_occupation(const tt_markov *mc, double *out, tt_error *err);

#endif
