/* tt_load.h — building a panel from CSV files.
 *
 * Long layout: one row per entity-period, columns found by header name
 * (case-insensitive) unless named in the options:
 *   entity  country | entity | name
 *   code    iso3 | code | id            (optional; the key when present)
 *   year    year | period               (required)
 *   state   tier | state | rating       (required)
 *   group   region | group              (optional)
 * Wide layout: one row per entity, one column per year (headers that are
 * whole years), entity/code/group columns as above.
 *
 * Files are streamed (never held whole). Every rejection is a TT_EDATA
 * error naming FILE:LINE and the column; warnings go to the tt_diag.
 */
#ifndef TT_LOAD_H
#define TT_LOAD_H

#include <stddef.h>

#include "tt_error.h"
#include "tt_panel.h"
#include "tt_scale.h"

/* Bounds on what one CSV file may hold, checked while streaming, so that
 * a hostile file ends in an error naming FILE:LINE, not in a huge
 * allocation. Every reader of the library (data, groups, scale, sources)
 * applies them. */
typedef struct {
  size_t max_field;   /* bytes in one field            (default 64 KiB)  */
  size_t max_row;     /* bytes in one row, all lines   (default 1 MiB)   */
  size_t max_columns; /* fields in one row             (default 10 000)  */
} tt_csv_limits;

#define TT_CSV_DEFAULT_MAX_FIELD ((size_t)64 * 1024)
#define TT_CSV_DEFAULT_MAX_ROW ((size_t)1024 * 1024)
#define TT_CSV_DEFAULT_MAX_COLUMNS ((size_t)10000)

/* Sets the defaults above. */
void tt_csv_limits_default(tt_csv_limits *l);

typedef enum { TT_LAYOUT_AUTO, TT_LAYOUT_LONG, TT_LAYOUT_WIDE } tt_layout;

typedef struct {
  tt_layout layout;
  const char *col_entity; /* NULL: found by the names above */
  const char *col_code;
  const char *col_year;
  const char *col_state;
  const char *col_group;
  int year_lo, year_hi;   /* accepted years      (default 1800..2200) */
  size_t max_entities;    /* distinct entities   (default 10 000 000) */
  tt_csv_limits csv;      /* field, row and column limits             */
} tt_load_options;

void tt_load_options_default(tt_load_options *o);

/* Loads path into a new panel over the given scale (borrowed). o may be
 * NULL for the defaults; diag may be NULL. NULL on error. */
tt_panel *tt_panel_load_csv(const char *path, const tt_scale *scale,
                            const tt_load_options *o, tt_diag *diag,
                            tt_error *err);

/* The same from memory (tests, fuzzing); name is used in messages. */
tt_panel *tt_panel_load_buffer(const char *name, const char *buf, size_t size,
                               const tt_scale *scale,
                               const tt_load_options *o, tt_diag *diag,
                               tt_error *err);

/* Assigns groups from a CSV with an entity column (iso3/code, or
 * country/entity/name) and a group column (region/group). Replaces any
 * groups the panel had. Rows naming an unknown entity are warnings;
 * entities left without a group keep TT_GROUP_NONE. */
int tt_panel_load_groups(tt_panel *p, const char *path,
                         const tt_load_options *o, tt_diag *diag,
                         tt_error *err);

/* The same from memory (tests, fuzzing). */
int tt_panel_load_groups_buffer(tt_panel *p, const char *name, const char *buf,
                                size_t size, const tt_load_options *o,
                                tt_diag *diag, tt_error *err);

#endif
