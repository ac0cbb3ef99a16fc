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

#endif
