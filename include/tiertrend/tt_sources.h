/* tt_sources.h — per-year provenance counts from a sources file.
 *
 * A sources file (for the bundled data, tip_tiers_sources.csv) gives for
 * every entity-year the basis of the value: read, compiled, derived or
 * assumed. Analyses ignore it; `summary` reports how much of each year is
 * derived or assumed rather than read.
 */
#ifndef TT_SOURCES_H
#define TT_SOURCES_H

#include <stddef.h>

#include "tt_error.h"

enum {
  TT_BASIS_READ,
  TT_BASIS_COMPILED,
  TT_BASIS_DERIVED,
  TT_BASIS_ASSUMED,
  TT_BASIS_OTHER,
  TT_BASIS_N
};

typedef struct {
  int year_min, year_max;
  size_t n_years;
  size_t (*count)[TT_BASIS_N]; /* count[year - year_min][basis] */
} tt_sources;

/* Reads a CSV with columns year and basis (others ignored). */
tt_sources *tt_sources_load(const char *path, tt_error *err);
void tt_sources_free(tt_sources *s);

/* Rows of a basis in a year (0 outside the file's years). */
size_t tt_sources_get(const tt_sources *s, int year, int basis);

/* The conventional sources file beside a data file: "dir/stem.csv" gives
 * "dir/stem_sources.csv". Returns a new string or NULL. */
char *tt_sources_path_for(const char *data_path);

#endif
