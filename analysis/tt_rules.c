#include "tt_rules.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LIMIT_MAX 100

int tt_rules_options_default(tt_rules_options *o, const tt_scale *s,
                             tt_error *err) {
  memset(o, 0, sizeof *o);
  o->first_year = 2009;
  o->streak_limit = 2;
  o->waiver.n = 2;
  o->waiver.step[0] = (tt_rules_step){INT_MIN, 2};
  o->waiver.step[1] = (tt_rules_step){2019, 1};
  o->reinstatement.n = 2;
  o->reinstatement.step[0] = (tt_rules_step){INT_MIN, TT_RULES_NO_LIMIT};
  o->reinstatement.step[1] = (tt_rules_step){2019, 1};
  o->reinstate_any = 0;
  o->gaps = TT_RULES_GAP_RESET;
  o->watch_state = tt_scale_lookup(s, "2WL", 3);
  o->bottom_state = tt_scale_lookup(s, "3", 1);
  if (o->watch_state <= 0 || o->bottom_state <= 0 ||
      !tt_scale_is_ranked(s, o->watch_state) ||
      !tt_scale_is_ranked(s, o->bottom_state))
    return tt_error_set(err, TT_EINVAL,
                        "the Watch List rule needs a scale with the ranked "
                        "states 2WL (Watch List) and 3 (Tier 3); %s has "
                        "%s", s->name,
                        o->watch_state <= 0 ? "no 2WL" : "no ranked 3");
  return TT_OK;
}

static int parse_limit(const char *s, size_t len, int *out) {
  if (len == 4 && !strncasecmp(s, "none", 4)) {
    *out = TT_RULES_NO_LIMIT;
    return 0;
  }
  if (!len || len > 3) return -1;
  int v = 0;
  for (size_t i = 0; i < len; i++) {
    if (!isdigit((unsigned char)s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  if (v > LIMIT_MAX) return -1;
  *out = v;
  return 0;
}

int tt_rules_schedule_parse(tt_rules_schedule *sch, const char *text,
                            tt_error *err) {
  tt_rules_schedule out;
  memset(&out, 0, sizeof out);
  const char *p = text;
  int first = 1;
  for (;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    const char *colon = memchr(p, ':', len);
    tt_rules_step st;
    if (first) {
      if (colon || parse_limit(p, len, &st.limit))
        return tt_error_set(err, TT_EINVAL,
                            "'%s' is not a schedule: it starts with a limit "
                            "(0..%d or none), then YEAR:LIMIT steps, e.g. "
                            "'2,2019:1'", text, LIMIT_MAX);
      st.from_year = INT_MIN;
    } else {
      char *end;
      errno = 0;
      long y = colon ? strtol(p, &end, 10) : 0;
      if (!colon || errno || end != colon || y < -100000 || y > 100000 ||
          parse_limit(colon + 1, len - (size_t)(colon + 1 - p), &st.limit))
        return tt_error_set(err, TT_EINVAL,
                            "'%s': '%.*s' is not YEAR:LIMIT (e.g. 2019:1)",
                            text, (int)len, p);
      st.from_year = (int)y;
      if (st.from_year <= out.step[out.n - 1].from_year)
        return tt_error_set(err, TT_EINVAL,
                            "'%s': the years of a schedule must increase",
                            text);
    }
    if (out.n == TT_RULES_MAX_STEPS)
      return tt_error_set(err, TT_EINVAL, "'%s': more than %d steps", text,
                          TT_RULES_MAX_STEPS);
    out.step[out.n++] = st;
    first = 0;
    if (!comma) break;
    p = comma + 1;
  }
  *sch = out;
  return TT_OK;
}

int tt_rules_schedule_at(const tt_rules_schedule *sch, int year) {
  int v = TT_RULES_NO_LIMIT;
  for (size_t i = 0; i < sch->n && sch->step[i].from_year <= year; i++)
    v = sch->step[i].limit;
  return v;
}

char *tt_rules_schedule_describe(const tt_rules_schedule *sch, char *buf,
                                 size_t size) {
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < sch->n && used < size; i++) {
    char lim[16];
    if (sch->step[i].limit == TT_RULES_NO_LIMIT) snprintf(lim, sizeof lim, "none");
    else snprintf(lim, sizeof lim, "%d", sch->step[i].limit);
    int k;
    if (i == 0)
      k = snprintf(buf + used, size - used, "%s", lim);
    else
      k = snprintf(buf + used, size - used, "%s%s from %d", i == 1 ? " (" : ", ",
                   lim, sch->step[i].from_year);
    if (k < 0) break;
    used += (size_t)k;
  }
  if (sch->n > 1 && used < size) snprintf(buf + used, size - used, ")");
  return buf;
}

void tt_rules_free(tt_rules *r) {
  if (!r) return;
  free(r->cell);
  free(r);
}

/* What a Watch List year of streak s (reinstated or not) allows in the
 * report of year y (the next one). */
static tt_rules_next next_status(const tt_rules_options *o, int s, int rein,
                                 int y, int *waiver, int *waiver_limit) {
  int r = tt_rules_schedule_at(&o->reinstatement, y);
  *waiver = 0;
  *waiver_limit = 0;
  if (rein && r != TT_RULES_NO_LIMIT)
    return s + 1 > r ? TT_NEXT_LEAVE : TT_NEXT_FREE;
  if (s + 1 <= o->streak_limit) return TT_NEXT_FREE;
  int w = tt_rules_schedule_at(&o->waiver, y), k = s + 1 - o->streak_limit;
  if (w == TT_RULES_NO_LIMIT || k <= w) {
    *waiver = k;
    *waiver_limit = w;
    return TT_NEXT_WAIVER;
  }
  return TT_NEXT_LEAVE;
}

tt_rules *tt_rules_apply(const tt_panel *p, const tt_rules_options *o,
                         int year_lo, int year_hi, tt_error *err) {
  if (o->streak_limit < 1 || o->streak_limit > LIMIT_MAX) {
    tt_error_set(err, TT_EINVAL, "streak limit must be 1..%d", LIMIT_MAX);
    return NULL;
  }
  if (o->watch_state < 1 || (size_t)o->watch_state > p->scale->n ||
      o->bottom_state < 1 || (size_t)o->bottom_state > p->scale->n ||
      o->watch_state == o->bottom_state) {
    tt_error_set(err, TT_EINVAL, "the rule's Watch List and Tier 3 states "
                 "are not two states of the scale");
    return NULL;
  }
  tt_rules *r = calloc(1, sizeof *r);
  if (!r) {
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  r->opt = *o;
  r->panel = p;
  if (year_hi > p->year_max) year_hi = p->year_max;
  r->year_lo = year_lo > o->first_year ? year_lo : o->first_year;
  r->year_hi = year_hi;
  r->n_years = r->year_hi >= r->year_lo ? (size_t)(r->year_hi - r->year_lo + 1)
                                        : 0;
  if (r->n_years) {
    r->cell = calloc(p->n_entities * r->n_years, sizeof *r->cell);
    if (!r->cell) {
      tt_rules_free(r);
      tt_error_set(err, TT_ENOMEM, "out of memory");
      return NULL;
    }
  }
  const tt_scale *sc = p->scale;
  for (size_t e = 0; e < p->n_entities && r->n_years; e++) {
    int s = 0, rein = 0, w_count = 0;
    int t3_auto = 0;                 /* in a Tier 3 run begun by a
                                        qualifying automatic downgrade */
    tt_rules_next prev_next = TT_NEXT_NONE;
    int prev_rein_limited = 0, prev_streak = 0, prev_waivers = 0;
    for (int y = o->first_year; y <= r->year_hi; y++) {
      tt_rules_cell dummy, *c = &dummy;
      if (y >= r->year_lo)
        c = &r->cell[e * r->n_years + (size_t)(y - r->year_lo)];
      memset(c, 0, sizeof *c);
      c->assessed = 1;
      c->waiver_limit = tt_rules_schedule_at(&o->waiver, y);
      c->reinstatement_limit = tt_rules_schedule_at(&o->reinstatement, y);
      int st = tt_panel_get(p, e, y);
      if (!st || !tt_scale_is_ranked(sc, st)) {
        if (o->gaps == TT_RULES_GAP_RESET) {
          s = rein = w_count = t3_auto = 0;
          prev_next = TT_NEXT_NONE;
        }
        continue;
      }
      if (st == o->watch_state) {
        if (s == 0) rein = t3_auto;
        s++;
        t3_auto = 0;
        c->watch = 1;
        c->streak = s;
        c->reinstated = (unsigned char)rein;
        int rl = c->reinstatement_limit;
        if (rein && rl != TT_RULES_NO_LIMIT) {
          c->inconsistent = s > rl;
        } else if (s > o->streak_limit) {
          int k = s - o->streak_limit;
          if (c->waiver_limit != TT_RULES_NO_LIMIT && k > c->waiver_limit)
            c->inconsistent = 1;
          else {
            c->waiver = k;
            w_count++;
          }
        }
        c->next = next_status(o, s, rein, y + 1, &c->next_waiver,
                              &c->next_waiver_limit);
        prev_next = c->next;
        prev_rein_limited =
            rein && tt_rules_schedule_at(&o->reinstatement, y + 1) !=
                        TT_RULES_NO_LIMIT;
        prev_streak = s;
        prev_waivers = w_count;
        if (y >= r->year_lo) {
          r->n_watch++;
          r->n_waiver += c->waiver > 0;
          r->n_inconsistent += c->inconsistent;
        }
        continue;
      }
      /* Another ranked tier: the streak ends here. */
      if (st == o->bottom_state &&
          (prev_next == TT_NEXT_WAIVER || prev_next == TT_NEXT_LEAVE)) {
        c->automatic = prev_next == TT_NEXT_WAIVER ? TT_AUTO_NO_WAIVER
                       : prev_rein_limited         ? TT_AUTO_REINSTATED
                                                   : TT_AUTO_EXHAUSTED;
        c->prior_streak = prev_streak;
        c->prior_waivers = prev_waivers;
        t3_auto = o->reinstate_any || c->automatic == TT_AUTO_EXHAUSTED;
        if (y >= r->year_lo) r->n_automatic++;
      } else if (st != o->bottom_state) {
        t3_auto = 0;
      }
      s = rein = w_count = 0;
      prev_next = TT_NEXT_NONE;
    }
  }
  return r;
}
