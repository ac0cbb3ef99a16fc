/* tt_plot.h — charts of ratings panels and their analyses (PLplot, cairo).
 *
 * Every chart function takes results (a panel, a transition matrix, a
 * Kaplan-Meier estimate, a projection), draws one chart in the house style
 * (DESIGN.md section 6) and returns the finished file in memory as a
 * tt_plot_image: PNG or SVG bytes. The library never touches the file
 * system, so the caller decides where and how the bytes are written (the
 * command line writes them atomically).
 *
 * The same input gives the same bytes: the cairo drivers write no dates,
 * and nothing here depends on the clock or on random numbers.
 */
#ifndef TT_PLOT_H
#define TT_PLOT_H

#include <stddef.h>

#include "tt_error.h"
#include "tt_markov.h"
#include "tt_panel.h"
#include "tt_scale.h"
#include "tt_survival.h"
#include "tt_transitions.h"

typedef enum { TT_PLOT_PNG, TT_PLOT_SVG } tt_plot_format;

/* Limits on --width/--height: small enough for memory, large enough for
 * a poster. */
#define TT_PLOT_MIN_SIZE 300
#define TT_PLOT_MAX_SIZE 8000

/* Most series one chart draws in distinct colours (countries on a
 * timeline, curves on a survival chart, groups on a trajectory chart). */
#define TT_PLOT_MAX_SERIES 8

typedef struct {
  tt_plot_format format;
  int width, height;    /* pixels (SVG: points); 0 = the chart's default */
  const char *title;    /* NULL = the chart's own title                  */
  const char *subtitle; /* NULL = the chart's own subtitle, "" = none    */
  const char *source;   /* the source line at the foot; NULL = none      */
} tt_plot_options;

void tt_plot_options_default(tt_plot_options *o);

/* The format a file name asks for (".png" or ".svg", any case); -1 when
 * the extension is neither. */
int tt_plot_format_from_path(const char *path);

/* A finished chart. For SVG the title and the legend texts are also
 * written as the document's <title> and <desc>, since cairo draws the
 * letters as outlines. */
typedef struct {
  tt_plot_format format;
  int width, height;
  unsigned char *data;
  size_t size;
} tt_plot_image;

void tt_plot_image_free(tt_plot_image *img);

/* The name charts give group g of p: on the TIP scale the State
 * Department bureau codes spelt out ("Africa (AF)"), otherwise the name.
 * Writes at most n bytes to buf and returns it. */
const char *tt_plot_group_label(const tt_panel *p, int g, char *buf,
                                size_t n);

/* ---- the charts --------------------------------------------------------
 * Each returns a new image, or NULL with err set (TT_EINVAL for a request
 * the data cannot serve, TT_ENOMEM for no memory). Year arguments are
 * inclusive and clipped to the panel. */

/* 1. One or several entities' states over time as step lines, the best
 * state at the top; unranked states in their own row below, absent years
 * as gaps. n <= TT_PLOT_MAX_SERIES. */
tt_plot_image *tt_plot_timeline(const tt_panel *p, const size_t *entities,
                                size_t n, int year_lo, int year_hi,
                                const tt_plot_options *o, tt_error *err);

/* 2. A transition matrix as a heat map: rows "from", columns "to", the
 * probability, its interval and the counts printed in each cell. */
tt_plot_image *tt_plot_heatmap(const tt_transitions *t, const tt_scale *s,
                               const tt_plot_options *o, tt_error *err);

/* 3. Shares of each state by year as stacked bars, for all entities or
 * one group (TT_GROUP_NONE = all); the number of entities above each
 * bar. */
tt_plot_image *tt_plot_distribution(const tt_panel *p, int group,
                                    int year_lo, int year_hi,
                                    const tt_plot_options *o, tt_error *err);
/* The same as small multiples, one panel per group. */
tt_plot_image *tt_plot_distribution_by_group(const tt_panel *p, int year_lo,
                                             int year_hi,
                                             const tt_plot_options *o,
                                             tt_error *err);

/* 4. One line per group over time: the mean value of the ranked states
 * (share_mask == 0), or the share of entities in the states whose bit
 * (1u << k) is set in share_mask. */
tt_plot_image *tt_plot_groups(const tt_panel *p, unsigned share_mask,
                              int year_lo, int year_hi,
                              const tt_plot_options *o, tt_error *err);

/* 5. Sequence index plot: one row per entity, one column per year,
 * coloured by state; rows grouped by group (alphabetical) and sorted
 * within each by mean value, best first. group = TT_GROUP_NONE: all.
 * The default height grows with the number of rows. */
tt_plot_image *tt_plot_index(const tt_panel *p, int group, int year_lo,
                             int year_hi, const tt_plot_options *o,
                             tt_error *err);

/* 6. Kaplan-Meier curves with their interval bands: n curves (n <=
 * TT_PLOT_MAX_SERIES), labels[i] names curve i; state_label names the
 * state whose spells they are ("Tier 2 Watch List"). */
tt_plot_image *tt_plot_survival(const tt_km *const *km,
                                const char *const *labels, size_t n,
                                const char *state_label,
                                const tt_plot_options *o, tt_error *err);

/* 7. A Markov projection: the observed shares for the years hist_lo to
 * pr->year0 (from p, when p is not NULL: entities of `group`, or all, in
 * the chain's states), then the projected distribution, with the steady
 * state marked when the chain has a unique one. */
tt_plot_image *tt_plot_projection(const tt_projection *pr,
                                  const tt_markov *mc, const tt_scale *s,
                                  const tt_panel *p, int group, int hist_lo,
                                  const tt_plot_options *o, tt_error *err);

/* 8. Flow (alluvial) chart of moves between states from one listed year
 * to the next (years ascending, 2 <= n_years <= 8), band widths
 * proportional to the number of entities; entities absent in a year are
 * shown as "not in the report". group = TT_GROUP_NONE: all. */
tt_plot_image *tt_plot_flow(const tt_panel *p, const int *years,
                            size_t n_years, int group,
                            const tt_plot_options *o, tt_error *err);

#endif
