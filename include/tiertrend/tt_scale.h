/* tt_scale.h — an ordered scale of states (tiers, ratings).
 *
 * States are numbered 1..n in the order given, best first; 0 means
 * "absent" (the entity is not in that period's report). Ranked states carry
 * an ordinal value used by means and trends (lower = better on the TIP
 * scale); unranked states (Special Case, a rating agency's NR) take part in
 * transition tables only.
 */
#ifndef TT_SCALE_H
#define TT_SCALE_H

#include <stddef.h>
#include <stdint.h>

#include "tt_error.h"

#define TT_SCALE_MAX_STATES 32
#define TT_STATE_ABSENT 0
#define TT_STATE_UNKNOWN (-1)

typedef struct {
  char *code;      /* short code printed in tables and CSV: "2WL" */
  char *label;     /* display label: "Tier 2 Watch List"          */
  double value;    /* ordinal value; meaningful only when ranked  */
  int ranked;      /* 1 = has a value, 0 = unranked               */
  char **aliases;  /* accepted spellings, normalised (see below)  */
  size_t n_aliases;
} tt_state;

/* Words a scale lends to every output, so that a credit panel speaks of
 * issuers and ratings, and the TIP data of countries and tiers. */
typedef enum {
  TT_WORD_ENTITY,   /* "country"   | "entity"   */
  TT_WORD_ENTITIES, /* "countries" | "entities" */
  TT_WORD_STATE,    /* "tier"      | "state"    */
  TT_WORD_STATES,   /* "tiers"     | "states"   */
  TT_WORD_CODE,     /* "iso3"      | "code": the column of entity codes */
  TT_WORD_GROUP,    /* "region"    | "group"    */
  TT_WORD_GROUPS,   /* "regions"   | "groups"   */
  TT_WORD_SOURCE,   /* the data's source line for charts; "" = none known */
  TT_N_WORDS
} tt_scale_word;

typedef struct {
  char *name;                 /* "TIP tiers", or the file name */
  size_t n;                   /* number of states, 1..TT_SCALE_MAX_STATES */
  tt_state states[TT_SCALE_MAX_STATES + 1]; /* index 1..n; [0] unused */
  /* Roles: what scale-specific analyses key on, never the scale's name.
   * 0 = the scale has no such state. */
  int watch;   /* the watch state a statutory streak rule applies to    */
  int bottom;  /* the bottom state a rule's automatic downgrade leads to */
  char *words[TT_N_WORDS];    /* NULL = the generic word             */
} tt_scale;

#define TT_SCALE_TIP_NAME "TIP tiers"

/* The built-in TIP scale: 1, 2, 2WL, 3 (ranked) and SC (unranked). */
tt_scale *tt_scale_alloc_tip(void);

/* Whether s is the built-in TIP scale (outputs then speak of tiers and the
 * Watch List). Deprecated: key on roles (watch, bottom) and words. */
int tt_scale_is_tip(const tt_scale *s);

/* The word w for this scale: its own when set, else the generic one
 * ("entity", "state", "code", "group", ""). Never NULL. */
const char *tt_scale_word_get(const tt_scale *s, tt_scale_word w);

/* Sets word w (copied; NULL restores the generic word). 0, or -1 when
 * out of memory. */
int tt_scale_word_set(tt_scale *s, tt_scale_word w, const char *text);

/* Whether the scale has both roles a statutory watch-list rule needs. */
static inline int tt_scale_has_watch_rule(const tt_scale *s) {
  return s->watch > 0 && s->bottom > 0;
}

/* A scale from a CSV file with the header code,label,value,aliases (value
 * blank = unranked; aliases separated by ';' or '|'). Rows best first. */
tt_scale *tt_scale_load_csv(const char *path, tt_error *err);

/* The same from memory (tests, fuzzing); name is used in messages. */
tt_scale *tt_scale_load_buffer(const char *name, const char *buf, size_t size,
                               tt_error *err);

void tt_scale_free(tt_scale *s);

/* The state a label names, 1..n; TT_STATE_ABSENT for an empty cell or
 * NA, N/A, "-"; TT_STATE_UNKNOWN when nothing matches. Case and white
 * space are ignored ("tier 2 watch list" = "Tier2WatchList"). */
int tt_scale_lookup(const tt_scale *s, const char *label, size_t len);

/* The accepted labels as one readable line ("1 (Tier 1, T1), 2 (...)"),
 * for error messages. Writes at most size bytes; returns buf. */
char *tt_scale_describe(const tt_scale *s, char *buf, size_t size);

/* Number of ranked states, and whether state k is ranked. */
size_t tt_scale_n_ranked(const tt_scale *s);
static inline int tt_scale_is_ranked(const tt_scale *s, int k) {
  return k >= 1 && (size_t)k <= s->n && s->states[k].ranked;
}

/* Normalises a label into out (ASCII lower case, spaces and tabs removed);
 * returns the length written (out must hold len+1 bytes). */
size_t tt_scale_normalise(const char *label, size_t len, char *out);

#endif
