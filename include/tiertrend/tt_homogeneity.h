/* tt_homogeneity.h — do several sets of moves share one transition
 * matrix? Anderson–Goodman tests across groups, across periods, and of
 * first against second order.
 *
 * Counts n[h][i][j] for parts h = 0..H-1 (groups, periods, or the state
 * before i for the order test). Under the null hypothesis every part has
 * the pooled row probabilities n_ij / n_i, so the expected count is
 * e_hij = n_hi * n_ij / n_i, and
 *   G2 = 2 sum n_hij ln(n_hij / e_hij)     (likelihood ratio)
 *   X2 = sum (n_hij - e_hij)^2 / e_hij     (Pearson)
 * For each row i the parts x columns table keeps only the parts with
 * n_hi > 0 and the columns with n_ij > 0 (a_i and b_i of them); the
 * degrees of freedom are sum_i (a_i - 1)(b_i - 1). p from the chi-square
 * upper tail.
 */
#ifndef TT_HOMOGENEITY_H
#define TT_HOMOGENEITY_H

#include <stddef.h>

#include "tt_error.h"
#include "tt_panel.h"
#include "tt_transitions.h"

/* The statistic of one test. */
typedef struct {
  double g2, x2;
  size_t df;
  double p_g2, p_x2;   /* NaN when df = 0                               */
  double n;            /* pairs in the test                             */
  size_t n_parts;      /* parts with at least one pair                  */
  size_t n_cells;      /* expected counts in the tables tested          */
  size_t n_small;      /* of them below 5                               */
  double min_expected;
  int small_expected;  /* 1 when over 20% of them are below 5 or any is
                          below 1 (Cochran's rule): trust the chi-square
                          p less, prefer the permutation p              */
  size_t permutations; /* 0 when not run                                */
  size_t perm_reached; /* shuffles whose G2 reached the observed one    */
  double p_perm;       /* (1 + #{G2* >= G2}) / (1 + permutations); NaN  */
} tt_homogeneity_stat;

/* The test on a plain H x m x m count array (row-major in h, i, j). */
int tt_homogeneity_test(size_t H, size_t m, const double *n,
                        tt_homogeneity_stat *out, tt_error *err);

typedef enum {
  TT_HOMOG_GROUPS,  /* one part per group of the panel                  */
  TT_HOMOG_PERIODS, /* moves into reports before / from `split`         */
  TT_HOMOG_ORDER    /* parts = the state the year before the move       */
} tt_homogeneity_kind;

typedef struct {
  tt_homogeneity_kind kind;
  size_t m;
  int state[TT_SCALE_MAX_STATES]; /* scale code of row/column i          */
  size_t H;
  char **label;       /* H part names ("EAP", "before 2009", "from 2WL")  */
  size_t *entities;   /* H: entities contributing to each part            */
  double *count;      /* H*m*m                                            */
  tt_homogeneity_stat stat;
  size_t skipped_entities; /* with pairs but no group (groups test)      */
  int split;          /* TT_HOMOG_PERIODS                                */
  int year_lo, year_hi; /* first years of the pairs used                 */
} tt_homogeneity;

/* Groups: the panel's groups, moves selected by o (o->group must be
 * TT_GROUP_NONE). permutations > 0 adds a permutation p-value that
 * shuffles the group labels among entities (GSL RNG seeded with seed). */
tt_homogeneity *tt_homogeneity_groups(const tt_panel *p,
                                      const tt_transitions_options *o,
                                      size_t permutations,
                                      unsigned long seed, tt_error *err);

/* Periods: a move y -> y+k belongs to the later period when its second
 * year y+k >= split (the report that made the move was issued from split
 * on). */
tt_homogeneity *tt_homogeneity_periods(const tt_panel *p,
                                       const tt_transitions_options *o,
                                       int split, tt_error *err);

/* Markov order: triples (y-1, y, y+1) of consecutive reports with y in
 * [o->year_lo, o->year_hi]; first order (the move y -> y+1 ignores the
 * state in y-1) against second order. Needs o->horizon = 1. With
 * EXCLUDE or ADJUST, triples touching an unranked state are dropped. */
tt_homogeneity *tt_homogeneity_order(const tt_panel *p,
                                     const tt_transitions_options *o,
                                     tt_error *err);

void tt_homogeneity_free(tt_homogeneity *h);

#endif
