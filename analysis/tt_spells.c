#include "tt_spells.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
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
    tt_error_set(err, TT_ENOMEM, "out of memory");
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
      /* The run may have begun before the window: find its origin. */
      int origin = start;
      while (origin - 1 >= p->year_min && tt_panel_get(p, e, origin - 1) == st)
        origin--;
      tt_spell sp = {e, st, start, y, y - start + 1, TT_SPELL_EXIT, 0, origin};
      int next = y + 1 <= year_hi ? tt_panel_get(p, e, y + 1) : 0;
      if (next)
        sp.exit_state = next;
      else
        sp.how = y >= last_present ? TT_SPELL_CENSOR_END : TT_SPELL_CENSOR_GAP;
      if (push(s, &cap, &sp)) {
        tt_spells_free(s);
        tt_error_set(err, TT_ENOMEM, "out of memory");
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

/* ---- summaries ---------------------------------------------------------- */

void tt_spells_wilson(size_t k, size_t n, double level, double *lower,
                      double *upper) {
  if (!n) {
    *lower = *upper = NAN;
    return;
  }
  double z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0);
  double nn = (double)n, ph = (double)k / nn, z2 = z * z;
  double centre = (ph + z2 / (2 * nn)) / (1 + z2 / nn);
  double half = z * sqrt(ph * (1 - ph) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
  *lower = centre - half < 0 ? 0 : centre - half;
  *upper = centre + half > 1 ? 1 : centre + half;
  /* Exact at the edges (no rounding residue). */
  if (k == 0) *lower = 0;
  if (k == n) *upper = 1;
}

static int keep(const tt_spell *sp, const tt_panel *p, int state, int group) {
  return sp->state == state &&
         (group == TT_GROUP_NONE || p->group[sp->entity] == group);
}

void tt_spells_summary_free(tt_spells_summary *sum) {
  if (!sum) return;
  free(sum->len_total);
  free(sum->len_exit);
  free(sum->len_censored);
  free(sum);
}

/* Pearson X2 and G2 of the 2 x K table (exits, stays) by bucket. */
static void dd_test(tt_spells_summary *m) {
  size_t tot_n = 0, tot_d = 0;
  int k_used = 0;
  for (int b = 0; b < m->n_dd; b++) {
    tot_n += m->dd_at_risk[b];
    tot_d += m->dd_exits[b];
    k_used += m->dd_at_risk[b] > 0;
  }
  m->dd_x2 = m->dd_g2 = m->dd_p_x2 = m->dd_p_g2 = NAN;
  m->dd_df = 0;
  m->dd_small = 0;
  /* Undefined without two buckets, or when nobody (or everybody) left. */
  if (k_used < 2 || tot_d == 0 || tot_d == tot_n) return;
  double share = (double)tot_d / (double)tot_n, x2 = 0, g2 = 0;
  for (int b = 0; b < m->n_dd; b++) {
    double n = (double)m->dd_at_risk[b];
    if (n == 0) continue;
    double obs[2] = {(double)m->dd_exits[b], n - (double)m->dd_exits[b]};
    double exp[2] = {n * share, n * (1 - share)};
    for (int i = 0; i < 2; i++) {
      if (exp[i] < 5) m->dd_small++;
      x2 += (obs[i] - exp[i]) * (obs[i] - exp[i]) / exp[i];
      if (obs[i] > 0) g2 += 2 * obs[i] * log(obs[i] / exp[i]);
    }
  }
  m->dd_df = k_used - 1;
  m->dd_x2 = x2;
  m->dd_g2 = g2;
  m->dd_p_x2 = gsl_cdf_chisq_Q(x2, m->dd_df);
  m->dd_p_g2 = gsl_cdf_chisq_Q(g2 > 0 ? g2 : 0, m->dd_df);
}

tt_spells_summary *tt_spells_summarise(const tt_spells *s,
                                       const tt_panel *p, int state,
                                       int group, int n_dd, double level,
                                       tt_error *err) {
  if (n_dd < 2 || n_dd > TT_SPELLS_DD_MAX) {
    tt_error_set(err, TT_EINVAL, "duration buckets must be 2..%d, not %d",
                 TT_SPELLS_DD_MAX, n_dd);
    return NULL;
  }
  if (!(level > 0 && level < 1)) {
    tt_error_set(err, TT_EINVAL, "interval level must be in (0, 1)");
    return NULL;
  }
  tt_spells_summary *m = calloc(1, sizeof *m);
  if (!m) goto oom;
  m->state = state;
  m->group = group;
  m->level = level;
  m->n_dd = n_dd;
  for (size_t i = 0; i < s->n; i++) {
    const tt_spell *sp = &s->spells[i];
    if (keep(sp, p, state, group) && tt_spell_length(sp) > m->max_length)
      m->max_length = tt_spell_length(sp);
  }
  size_t nl = (size_t)m->max_length + 1;
  m->len_total = calloc(nl, sizeof *m->len_total);
  m->len_exit = calloc(nl, sizeof *m->len_exit);
  m->len_censored = calloc(nl, sizeof *m->len_censored);
  if (!m->len_total || !m->len_exit || !m->len_censored) goto oom;

  size_t last_entity = (size_t)-1;
  for (size_t i = 0; i < s->n; i++) {
    const tt_spell *sp = &s->spells[i];
    if (!keep(sp, p, state, group)) continue;
    int len = tt_spell_length(sp);
    int entry = sp->start - sp->origin + 1; /* spell year first in window */
    m->n_spells++;
    if (sp->entity != last_entity) m->n_entities++;
    last_entity = sp->entity;
    if (entry > 1) m->n_late_entry++;
    if (sp->origin == p->year_min) m->n_data_start++;
    m->len_total[len]++;
    int exited = sp->how == TT_SPELL_EXIT;
    if (exited) {
      m->n_exit++;
      m->len_exit[len]++;
      m->exit_to[sp->exit_state]++;
    } else {
      m->len_censored[len]++;
      if (sp->how == TT_SPELL_CENSOR_END) m->n_censor_end++;
      else m->n_censor_gap++;
    }
    /* Person-years in the window: spell years entry..len-1 are stays,
     * spell year len is an exit when observed, unknown otherwise. */
    for (int j = entry; j <= len; j++) {
      int b = j < n_dd ? j - 1 : n_dd - 1;
      if (j < len) {
        m->dd_at_risk[b]++;
        m->stays++;
        m->pairs++;
      } else if (exited) {
        m->dd_at_risk[b]++;
        m->dd_exits[b]++;
        m->pairs++;
      }
    }
  }
  m->p_stay = m->pairs ? (double)m->stays / (double)m->pairs : NAN;
  tt_spells_wilson(m->stays, m->pairs, level, &m->p_stay_lower,
                   &m->p_stay_upper);
  for (int b = 0; b < n_dd; b++) {
    m->dd_hazard[b] = m->dd_at_risk[b]
                          ? (double)m->dd_exits[b] / (double)m->dd_at_risk[b]
                          : NAN;
    tt_spells_wilson(m->dd_exits[b], m->dd_at_risk[b], level, &m->dd_lower[b],
                     &m->dd_upper[b]);
  }
  dd_test(m);
  return m;
oom:
  tt_spells_summary_free(m);
  tt_error_set(err, TT_ENOMEM, "out of memory");
  return NULL;
}

static int longer_first(const tt_spell *a, const tt_spell *b) {
  int la = tt_spell_length(a), lb = tt_spell_length(b);
  if (la != lb) return la > lb ? -1 : 1;
  if (a->origin != b->origin) return a->origin < b->origin ? -1 : 1;
  if (a->entity != b->entity) return a->entity < b->entity ? -1 : 1;
  return 0;
}

size_t tt_spells_longest(const tt_spells *s, const tt_panel *p, int state,
                         int group, size_t *out, size_t max) {
  /* Insertion into a short sorted list: max is small (a top-N). */
  size_t n = 0;
  for (size_t i = 0; i < s->n && max; i++) {
    const tt_spell *sp = &s->spells[i];
    if (!keep(sp, p, state, group)) continue;
    size_t pos = n;
    while (pos > 0 && longer_first(sp, &s->spells[out[pos - 1]]) < 0) pos--;
    if (pos >= max) continue;
    size_t last = n < max ? n : max - 1;
    for (size_t k = last; k > pos; k--) out[k] = out[k - 1];
    out[pos] = i;
    if (n < max) n++;
  }
  return n;
}
