/* tt_spells.h — spells: maximal runs of one state in consecutive years.
 *
 * A spell ends when the next year holds another state (an observed exit
 * to that state) or holds nothing (right-censored: the entity's last year,
 * or a gap after which we do not know what happened).
 */
#ifndef TT_SPELLS_H
#define TT_SPELLS_H

#include <stddef.h>

#include "tt_error.h"
#include "tt_panel.h"

typedef enum {
  TT_SPELL_EXIT = 0,     /* next year holds another state: exit_state   */
  TT_SPELL_CENSOR_END,   /* still running in the entity's last year     */
  TT_SPELL_CENSOR_GAP    /* followed by an absent year, data later      */
} tt_spell_end;

typedef struct {
  size_t entity;
  int state;       /* 1..n */
  int start, end;  /* first and last year, inclusive */
  int length;      /* end - start + 1 */
  tt_spell_end how;
  int exit_state;  /* the state of year end+1 when how == TT_SPELL_EXIT */
  int origin;      /* first year of the run in the whole panel: before
                      start when the window cut a run that began earlier */
} tt_spell;

typedef struct {
  tt_spell *spells; /* ordered by entity, then start year */
  size_t n;
} tt_spells;

/* Every spell of the panel whose years overlap [year_lo, year_hi];
 * runs are cut at the window (a spell reaching past year_hi is censored
 * there, as if the data ended). entity < 0 means all entities. */
tt_spells *tt_spells_find(const tt_panel *p, long entity, int year_lo,
                          int year_hi, tt_error *err);
void tt_spells_free(tt_spells *s);

/* The 1-based position of year y within its spell (1 = first year in the
 * state), or 0 when the entity is absent in y. Counts back from y only. */
int tt_spells_streak(const tt_panel *p, size_t entity, int year);

/* ---- summaries of the spells of one state ------------------------------
 *
 * Lengths count from the run's origin (its first year in the panel), so a
 * run cut by the window keeps its true length; it enters the risk sets at
 * the spell year of the window's first year (delayed entry).
 *
 * Person-years: spell year j of a spell is "at risk" when the next year's
 * state is known (inside the window and present): it is a stay (still in
 * the state) or an exit. One-year persistence P(stay) = stays / at-risk
 * person-years; it equals the diagonal of the transition matrix over the
 * same window. The hazard by spell year is the same count split by j. */

#define TT_SPELLS_DD_MAX 16

typedef struct {
  int state;
  int group;                   /* TT_GROUP_NONE = all entities          */
  double level;                /* interval level                        */
  size_t n_spells, n_entities;
  size_t n_exit, n_censor_end, n_censor_gap;
  size_t n_late_entry;         /* began before the window               */
  size_t n_data_start;         /* began in the data's first year, so may
                                  have begun before it (length unknown) */
  size_t pairs, stays;         /* at-risk person-years, and stays       */
  double p_stay, p_stay_lower, p_stay_upper; /* Wilson score interval   */
  int max_length;
  size_t *len_total;           /* [1..max_length]: spells of that length */
  size_t *len_exit;            /* ... that ended (exit observed)         */
  size_t *len_censored;        /* ... still running or before a gap      */
  size_t exit_to[TT_SCALE_MAX_STATES + 1]; /* exits by destination       */
  /* Duration dependence: bucket b = 0..n_dd-1 is spell year b+1, the last
   * bucket pooling spell years n_dd and later. */
  int n_dd;
  size_t dd_at_risk[TT_SPELLS_DD_MAX], dd_exits[TT_SPELLS_DD_MAX];
  double dd_hazard[TT_SPELLS_DD_MAX];  /* NaN when nobody is at risk     */
  double dd_lower[TT_SPELLS_DD_MAX], dd_upper[TT_SPELLS_DD_MAX]; /* Wilson */
  /* Test that the hazard is the same in every bucket: 2 x K table of
   * exits and stays, Pearson X2 and likelihood-ratio G2 on K-1 degrees of
   * freedom (K = buckets with someone at risk); p from the chi-square. */
  double dd_x2, dd_g2, dd_p_x2, dd_p_g2;
  int dd_df;                   /* 0 when the test is not defined         */
  size_t dd_small;             /* cells with expected count below 5      */
} tt_spells_summary;

/* Summarises the spells of `state` (entities of `group`, or all) among
 * s, found by tt_spells_find over the window. n_dd: 2..TT_SPELLS_DD_MAX
 * duration buckets (4 gives 1st, 2nd, 3rd, 4th+). */
tt_spells_summary *tt_spells_summarise(const tt_spells *s,
                                       const tt_panel *p, int state,
                                       int group, int n_dd, double level,
                                       tt_error *err);
void tt_spells_summary_free(tt_spells_summary *sum);

/* Length of a spell counted from its origin. */
static inline int tt_spell_length(const tt_spell *sp) {
  return sp->end - sp->origin + 1;
}

/* Indices into s->spells of the longest spells of `state` (group filter
 * as above), longest first, then earlier origin, then entity order.
 * Writes at most max; returns the number written. */
size_t tt_spells_longest(const tt_spells *s, const tt_panel *p, int state,
                         int group, size_t *out, size_t max);

/* The Wilson score interval for k successes in n trials at `level`;
 * NaN bounds when n = 0. */
void tt_spells_wilson(size_t k, size_t n, double level, double *lower,
                      double *upper);

#endif
