#include "tt_spells.h"

#include <stdlib.h>

static int push(tt_spells *s, size_t *cap, const tt_spell *sp) {
  if (s->n == *cap) {
    size_t c = *cap ? *cap * 2 : 64;
    tt_spell *q = realloc(s->spells, c * sizeof *q);
    if (!q) return -1;
    s->spells = q;
    *cap = c;
  }
  s->spells[s->n++] = *sp;
  return 0;
}

tt_spells *tt_spells_find(const tt_panel *p, long entity, int year_lo,
                          int year_hi, tt_error *err) {
  tt_spells *s = calloc(1, sizeof *s);
  if (!s) {
    tt_error_set(err, TT_ESOFTWARE, "out of memory");
    return NULL;
  }
  if (year_lo < p->year_min) year_lo = p->year_min;
  if (year_hi > p->year_max) year_hi = p->year_max;
  size_t cap = 0;
  size_t e0 = entity < 0 ? 0 : (size_t)entity;
  size_t e1 = entity < 0 ? p->n_entities : (size_t)entity + 1;
  for (size_t e = e0; e < e1 && e < p->n_entities; e++) {
    int last_present = 0, first, last;
    if (tt_panel_entity_span(p, e, &first, &last))
      last_present = last < year_hi ? last : year_hi;
    int y = year_lo;
    while (y <= year_hi) {
      int st = tt_panel_get(p, e, y);
      if (!st) {
        y++;
        continue;
      }
      int start = y;
      while (y + 1 <= year_hi && tt_panel_get(p, e, y + 1) == st) y++;
      tt_spell sp = {e, st, start, y, y - start + 1, TT_SPELL_EXIT, 0};
      int next = y + 1 <= year_hi ? tt_panel_get(p, e, y + 1) : 0;
      if (next)
        sp.exit_state = next;
      else
        sp.how = y >= last_present ? TT_SPELL_CENSOR_END : TT_SPELL_CENSOR_GAP;
      if (push(s, &cap, &sp)) {
        tt_spells_free(s);
        tt_error_set(err, TT_ESOFTWARE, "out of memory");
        return NULL;
      }
      y++;
    }
  }
  return s;
}

void tt_spells_free(tt_spells *s) {
  if (!s) return;
  free(s->spells);
  free(s);
}

int tt_spells_streak(const tt_panel *p, size_t entity, int year) {
  int st = tt_panel_get(p, entity, year);
  if (!st) return 0;
  int k = 1;
  while (year - k >= p->year_min && tt_panel_get(p, entity, year - k) == st)
    k++;
  return k;
}
