/* tt_panel.h — entities x periods, one state code per cell.
 *
 * The panel is the one data structure every analysis reads. Cells are one
 * byte each (the state 1..n of the panel's scale, 0 = absent), stored
 * entity-major in one contiguous array, so an entity's history is a row:
 * cells[e * n_years + (year - year_min)].
 *
 * Entities are sorted by name (accents folded) once loading is done, so
 * every listing comes out in the same order.
 */
#ifndef TT_PANEL_H
#define TT_PANEL_H

#include <stddef.h>
#include <stdint.h>

#include "tt_error.h"
#include "tt_scale.h"

#define TT_GROUP_NONE (-1)

typedef struct {
  size_t n_entities;
  int year_min, year_max; /* inclusive; n_years = year_max - year_min + 1 */
  size_t n_years;
  uint8_t *cells;         /* n_entities * n_years, entity-major          */

  char **names;           /* display names, UTF-8                        */
  char **codes;           /* entity codes (ISO3), or NULL per entity     */
  int *group;             /* index into group_names, or TT_GROUP_NONE    */
  char **group_names;
  size_t n_groups;

  const tt_scale *scale;  /* borrowed: must outlive the panel            */
  char *source;           /* the file it was read from, for messages     */
} tt_panel;

/* An empty panel for n_entities x [year_min, year_max]; names and codes
 * are NULL until set. Mostly for tests and generators; the loader builds
 * panels itself. */
tt_panel *tt_panel_alloc(const tt_scale *scale, size_t n_entities,
                         int year_min, int year_max);
void tt_panel_free(tt_panel *p);

/* Sets entity e's name and code (copied; code may be NULL). 0 or -1. */
int tt_panel_set_entity(tt_panel *p, size_t e, const char *name,
                        const char *code);

/* Adds (or finds) a group by name; returns its index, or -1 on no memory. */
int tt_panel_add_group(tt_panel *p, const char *name);

static inline uint8_t tt_panel_get(const tt_panel *p, size_t e, int year) {
  if (year < p->year_min || year > p->year_max) return 0;
  return p->cells[e * p->n_years + (size_t)(year - p->year_min)];
}
static inline void tt_panel_set(tt_panel *p, size_t e, int year,
                                uint8_t state) {
  p->cells[e * p->n_years + (size_t)(year - p->year_min)] = state;
}
static inline const uint8_t *tt_panel_row(const tt_panel *p, size_t e) {
  return p->cells + e * p->n_years;
}

/* Sorts entities by folded name (then code), and group names
 * alphabetically. */
int tt_panel_sort(tt_panel *p);

/* Finds an entity by code (exact, case-insensitive) or name (case- and
 * accent-insensitive), or failing those, by unique name prefix.
 * Returns the index, -1 when nothing matches, -2 when the prefix is
 * ambiguous (then *n_match, when non-NULL, is the number of matches). */
long tt_panel_find(const tt_panel *p, const char *query, size_t *n_match);

/* Whether entity e matches query as a name prefix (for listing the
 * candidates of an ambiguous query). */
int tt_panel_matches_prefix(const tt_panel *p, size_t e, const char *query);

/* Finds a group by name (case-insensitive); -1 when absent. */
int tt_panel_find_group(const tt_panel *p, const char *name);

/* First and last year with a present cell for entity e; 0 when none. */
int tt_panel_entity_span(const tt_panel *p, size_t e, int *first, int *last);

/* Number of present cells in year y, and of state k in year y. */
size_t tt_panel_count_year(const tt_panel *p, int year, int state);

/* Folds a UTF-8 string for comparison: ASCII lower case, Latin-1 letters
 * with accents to their base letter ("Côte" -> "cote"). out needs
 * strlen(s)+1 bytes. */
void tt_fold(const char *s, char *out);

#endif
