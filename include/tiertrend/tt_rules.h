/* tt_rules.h — the statutory Watch List rule of the TIP Report.
 *
 * 22 U.S.C. 7107(b)(2)(D), added in December 2008: a country on the
 * special watch list (the Tier 2 Watch List) for 2 consecutive years,
 * counted from the 2009 report, is placed on Tier 3 unless the President
 * waives the downgrade; waivers were allowed for up to 2 years under the
 * 2008 text and up to 1 year under the amended text (reports from 2019).
 * (F): a country downgraded under (D) after using up its waivers, and
 * then put back on the Watch List, may stay there only 1 year. The
 * defaults apply (F) from the 2019 report, with the amended waiver limit:
 * applied from 2009 it would make the bundled data's China 2015-16,
 * Malaysia 2016, Thailand 2017, Haiti and Suriname 2018 inconsistent,
 * which they were not under the law of the time. Both are schedules a
 * user can change.
 *
 * The model, per entity, walking the reports from the first counted year:
 *  - streak: consecutive Watch List years. Another ranked tier ends it. A
 *    year off the list (absent from the report, or a Special Case, i.e.
 *    any unranked state) also ends it by default, because the statute
 *    counts consecutive years on the list; with gaps = HOLD such a year
 *    neither counts nor ends the streak.
 *  - In year y a regular streak of s years is within the rule when
 *    s <= streak_limit + waiver_limit(y); years streak_limit+1.. are
 *    waiver years (waiver number s - streak_limit).
 *  - A reinstated streak (it follows, through Tier 3 years only, an
 *    automatic downgrade that came after the waivers were used up — or
 *    after any automatic downgrade, with reinstate_any) is within the rule
 *    when s <= reinstatement_limit(y); no waiver applies. Where the
 *    reinstatement limit is not in force (NONE) the regular rule applies.
 *  - Limits are year-dependent schedules: the limit in force for report y
 *    is that of the last step with from_year <= y.
 *  - Next report: for a Watch List year y, may it stay on the list in
 *    y+1? FREE (within the streak limit), WAIVER (only with a waiver,
 *    number k of the waiver limit of y+1), LEAVE (must leave: upgrade or
 *    Tier 3).
 *  - Automatic downgrade: Tier 3 in y, right after a Watch List year whose
 *    next-report status was WAIVER (no waiver granted) or LEAVE (waivers,
 *    or the reinstatement year, used up). The rule required the move; the
 *    report itself says whether that was its reason.
 *  - Inconsistent: a Watch List year beyond what the rule allows.
 * Years before the first counted year are not assessed (status NONE).
 */
#ifndef TT_RULES_H
#define TT_RULES_H

#include <stddef.h>

#include "tt_error.h"
#include "tt_panel.h"

#define TT_RULES_MAX_STEPS 16
#define TT_RULES_NO_LIMIT (-1)

typedef struct {
  int from_year; /* in force from this report on                       */
  int limit;     /* years; TT_RULES_NO_LIMIT = the provision is absent */
} tt_rules_step;

typedef struct {
  size_t n;
  tt_rules_step step[TT_RULES_MAX_STEPS]; /* ascending from_year;
                                             step[0] applies before all */
} tt_rules_schedule;

typedef enum { TT_RULES_GAP_RESET = 0, TT_RULES_GAP_HOLD } tt_rules_gaps;

typedef struct {
  int first_year;                 /* first counted report: 2009           */
  int streak_limit;               /* 2                                    */
  tt_rules_schedule waiver;       /* 2, and 1 from 2019                   */
  tt_rules_schedule reinstatement;/* none, and 1 from 2019                */
  int reinstate_any;              /* 0: only after waivers were used up   */
  tt_rules_gaps gaps;             /* RESET                                */
  int watch_state;                /* scale codes: the Watch List ...      */
  int bottom_state;               /* ... and Tier 3                       */
} tt_rules_options;

/* The defaults above, with watch/bottom found in the scale by the codes
 * "2WL" and "3". Returns TT_EINVAL (with a message) when the scale has no
 * such states. */
int tt_rules_options_default(tt_rules_options *o, const tt_scale *s,
                             tt_error *err);

/* Parses a schedule "2,2019:1" (the first value applies before any year;
 * then YEAR:LIMIT steps in ascending order; a limit may be "none").
 * TT_EINVAL with a message on error. */
int tt_rules_schedule_parse(tt_rules_schedule *sch, const char *text,
                            tt_error *err);
/* The limit in force in report `year`. */
int tt_rules_schedule_at(const tt_rules_schedule *sch, int year);
/* "2 (1 from 2019)", for notes. */
char *tt_rules_schedule_describe(const tt_rules_schedule *sch, char *buf,
                                 size_t size);

typedef enum {
  TT_NEXT_NONE = 0, /* not on the Watch List (or not assessed)          */
  TT_NEXT_FREE,     /* may stay on the list in the next report          */
  TT_NEXT_WAIVER,   /* may stay only with a waiver                       */
  TT_NEXT_LEAVE     /* must leave: upgrade or Tier 3                     */
} tt_rules_next;

typedef enum {
  TT_AUTO_NONE = 0,
  TT_AUTO_NO_WAIVER,   /* a waiver was possible but not granted          */
  TT_AUTO_EXHAUSTED,   /* the waivers were used up                       */
  TT_AUTO_REINSTATED   /* the reinstatement year was used up             */
} tt_rules_auto;

typedef struct {
  unsigned char assessed;   /* 1 from the first counted year on           */
  unsigned char watch;      /* on the Watch List                          */
  unsigned char reinstated; /* the streak is a reinstated one (limit in
                               force or not)                              */
  unsigned char inconsistent; /* on the list beyond the rule             */
  int streak;               /* counted consecutive Watch List years       */
  int waiver;               /* waiver year number (0: none)               */
  int waiver_limit;         /* the limit in force this year               */
  int reinstatement_limit;  /* in force this year, or TT_RULES_NO_LIMIT   */
  tt_rules_next next;       /* what the next report may do                */
  int next_waiver;          /* next == WAIVER: its waiver number          */
  int next_waiver_limit;    /* ... of this many                           */
  tt_rules_auto automatic;  /* Tier 3 this year as an automatic downgrade */
  int prior_streak;         /* automatic: the streak it ended             */
  int prior_waivers;        /* automatic: waiver years in that streak     */
} tt_rules_cell;

typedef struct {
  tt_rules_options opt;
  const tt_panel *panel;  /* borrowed                                     */
  int year_lo, year_hi;   /* years assessed: max(first_year, lo)..hi      */
  size_t n_years;         /* year_hi - year_lo + 1 (0 when none)          */
  tt_rules_cell *cell;    /* n_entities * n_years, entity-major           */
  size_t n_watch, n_waiver, n_automatic, n_inconsistent;
} tt_rules;

/* Applies the rule to every entity over [first_year, year_hi] (reports
 * before year_lo are still walked, so streaks are right, but only
 * year_lo.. are kept). NULL on error. */
tt_rules *tt_rules_apply(const tt_panel *p, const tt_rules_options *o,
                         int year_lo, int year_hi, tt_error *err);
void tt_rules_free(tt_rules *r);

static inline const tt_rules_cell *tt_rules_get(const tt_rules *r, size_t e,
                                                int year) {
  return &r->cell[e * r->n_years + (size_t)(year - r->year_lo)];
}

#endif
