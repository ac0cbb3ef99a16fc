/* tt_theme.h — the house style and the drawing kit the charts share
 * (internal to plots/).
 *
 * A chart draws on a tt_canvas in page pixels with the origin at the top
 * left, y growing downwards (as one reads a page); the kit converts to
 * PLplot's world coordinates. Text sizes are em sizes in pixels at the
 * reference size 1200 x 800 and are scaled with the page (canvas.u).
 */
#ifndef TT_THEME_H
#define TT_THEME_H

#include <stdio.h>

#include "tt_plot.h"

typedef struct {
  unsigned char r, g, b;
} tt_rgb;

/* The palette: dark grey ink on white, light grid. */
#define TT_INK ((tt_rgb){0x33, 0x33, 0x33})
#define TT_MUTED ((tt_rgb){0x66, 0x66, 0x66})
#define TT_FAINT ((tt_rgb){0x8C, 0x8C, 0x8C})
#define TT_GRID ((tt_rgb){0xE3, 0xE3, 0xE3})
#define TT_WHITE ((tt_rgb){0xFF, 0xFF, 0xFF})
#define TT_ABSENT ((tt_rgb){0xF1, 0xF1, 0xF1})

/* Type sizes (pixels at the reference size). */
#define TT_FS_TITLE 30.0
#define TT_FS_SUBTITLE 19.0
#define TT_FS_AXIS 18.0
#define TT_FS_TICK 17.0
#define TT_FS_LEGEND 18.0
#define TT_FS_SOURCE 15.0
#define TT_FS_SMALL 15.0

/* Outer margin of the page. */
#define TT_MARGIN 36.0

/* The colour of state k of scale s: the fixed TIP tier colours when the
 * state's code is one of 1, 2, 2WL, 3, SC; otherwise ranked states along
 * a green-blue-orange-vermillion ramp by rank and unranked ones grey. */
tt_rgb tt_theme_state_colour(const tt_scale *s, int k);
/* Colour i of the series palette (Okabe-Ito, without yellow). */
tt_rgb tt_theme_series_colour(size_t i);
/* A sequential colour for t in [0,1] (light to dark blue, readable in
 * grey and by colour-blind readers), for heat maps. */
tt_rgb tt_theme_sequential(double t);
/* Black or white, whichever reads better on background bg. */
tt_rgb tt_theme_text_on(tt_rgb bg);

/* A darker shade of rgb (f in [0,1]: 0 = as is), for text in a series
 * colour, which needs more contrast than a line. */
tt_rgb tt_theme_darken(tt_rgb rgb, double f);

/* Whether s is the built-in TIP scale (for wording: "tier" vs "rating"). */
int tt_theme_is_tip(const tt_scale *s);
/* "tier" on the TIP scale, "rating" otherwise. */
const char *tt_theme_noun(const tt_scale *s);
/* "countries" on the TIP scale, "entities" otherwise; Who capitalised. */
const char *tt_theme_who(const tt_scale *s);
const char *tt_theme_Who(const tt_scale *s);
/* The display name of group g: on the TIP scale the State Department
 * bureau codes are spelt out ("Africa (AF)"); otherwise the name. */
const char *tt_theme_group_name(const tt_panel *p, int g, char *buf,
                                size_t n);

typedef struct {
  tt_plot_format format;
  int w, h;
  double u;       /* scale of type and strokes: 1 at 1200 x 800 */
  FILE *mem;      /* PLplot writes here; closed by plend1        */
  char *buf;
  size_t size;
  int live;       /* a PLplot stream is open                     */
  int oom;        /* an allocation failed while drawing          */
  char *title;    /* for SVG <title>                             */
  char *desc;     /* for SVG <desc>: subtitle, legend, axes      */
  size_t desc_len, desc_cap;
} tt_canvas;

/* Opens a PLplot stream of the size asked for (def_w x def_h when the
 * options give 0). Returns TT_OK or an error code. */
int tt_canvas_open(tt_canvas *c, const tt_plot_options *o, int def_w,
                   int def_h, tt_error *err);
/* The same with the reference size at which type has its nominal size
 * (tt_canvas_open: 1200 x 800). */
int tt_canvas_open_ref(tt_canvas *c, const tt_plot_options *o, int def_w,
                       int def_h, double ref_w, double ref_h, tt_error *err);
/* Finishes the chart and returns the image (NULL on error; the canvas is
 * released either way). */
tt_plot_image *tt_canvas_close(tt_canvas *c, tt_error *err);
/* Releases a canvas without an image (error paths). */
void tt_canvas_discard(tt_canvas *c);

/* Appends a sentence to the SVG description. */
void tt_canvas_note(tt_canvas *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Draws the title (options' title, else def_title) and the subtitle
 * (options' subtitle, else def_sub; "" = none) at the top, wrapping what
 * does not fit; returns the y below them. */
double tt_canvas_header(tt_canvas *c, const tt_plot_options *o,
                        const char *def_title, const char *def_sub);
/* Draws the source line (and an optional note on the line above it) at
 * the foot; returns the y above them. */
double tt_canvas_footer(tt_canvas *c, const tt_plot_options *o,
                        const char *note);

/* ---- drawing in page pixels ------------------------------------------- */

typedef enum { TT_LINE_SOLID, TT_LINE_DASHED, TT_LINE_DOTTED } tt_line_style;

void tt_draw_colour(tt_canvas *c, tt_rgb rgb, double alpha);
void tt_draw_line(tt_canvas *c, double x0, double y0, double x1, double y1,
                  double width);
void tt_draw_path(tt_canvas *c, size_t n, const double *x, const double *y,
                  double width, tt_line_style style);
void tt_draw_rect(tt_canvas *c, double x0, double y0, double x1, double y1);
void tt_draw_polygon(tt_canvas *c, size_t n, const double *x,
                     const double *y);
void tt_draw_circle(tt_canvas *c, double x, double y, double r);

/* Text centred vertically on y (the middle of the capitals); just 0 =
 * left, 0.5 = centre, 1 = right; angle in degrees counter-clockwise. */
void tt_draw_text(tt_canvas *c, double x, double y, double size, double just,
                  tt_rgb rgb, const char *text);
void tt_draw_text_ex(tt_canvas *c, double x, double y, double size,
                     double just, double angle, int bold, tt_rgb rgb,
                     const char *text);

/* Estimated width in pixels of text at em size `size` (DejaVu Sans
 * advance widths), for layout: placing labels so they do not collide. */
double tt_text_width(const char *text, double size, int bold);

/* Greedy word wrap of text into at most max_lines lines of max_w pixels,
 * written into out separated by '\n'; returns the number of lines.
 * tt_text_wrap_even does the same with lines of even length (no lone
 * word on the last line). */
size_t tt_text_wrap(const char *text, double size, double max_w,
                    size_t max_lines, char *out, size_t out_size);
size_t tt_text_wrap_even(const char *text, double size, double max_w,
                         size_t max_lines, char *out, size_t out_size);

/* ---- frames and axes --------------------------------------------------- */

/* A plot area: pixel box and the data values at its edges (ymin at the
 * bottom, ymax at the top; give ymin > ymax to turn the axis over). */
typedef struct {
  double x0, y0, x1, y1;
  double xmin, xmax, ymin, ymax;
} tt_frame;

static inline double tt_fx(const tt_frame *f, double v) {
  return f->x0 + (v - f->xmin) / (f->xmax - f->xmin) * (f->x1 - f->x0);
}
static inline double tt_fy(const tt_frame *f, double v) {
  return f->y1 - (v - f->ymin) / (f->ymax - f->ymin) * (f->y1 - f->y0);
}

/* The year step whose labels do not collide at px_per_year pixels per
 * year (1, 2, 5, 10, ...). */
int tt_year_step(const tt_canvas *c, double px_per_year, double size);
/* Year labels under the frame at x = tt_fx(f, year + offset), every
 * step-th year (multiples of the step), with tick marks. */
void tt_axis_years(tt_canvas *c, const tt_frame *f, int lo, int hi,
                   double offset, double size);
/* Horizontal grid lines and right-aligned labels left of the frame. */
void tt_axis_y(tt_canvas *c, const tt_frame *f, size_t n, const double *v,
               const char *const *labels, int grid);
/* The bottom axis line of a frame. */
void tt_axis_base(tt_canvas *c, const tt_frame *f);
/* Axis titles: x centred under the year labels, y above the frame's
 * top-left corner (read horizontally, as newspapers do). */
void tt_axis_title_x(tt_canvas *c, const tt_frame *f, const char *text);
void tt_axis_title_y(tt_canvas *c, const tt_frame *f, const char *text);
/* The same, lifted by `lift` pixels (above a row of labels). */
void tt_axis_title_y_lift(tt_canvas *c, const tt_frame *f, double lift,
                          const char *text);

/* ---- legends ----------------------------------------------------------- */

typedef enum {
  TT_KEY_BOX,   /* filled square                        */
  TT_KEY_LINE,  /* solid line                           */
  TT_KEY_DASH,  /* dashed line                          */
  TT_KEY_BAND,  /* line on a light band (an interval)   */
  TT_KEY_HOLLOW /* outlined empty square (absent)       */
} tt_key_kind;

typedef struct {
  const char *label;
  tt_rgb rgb;
  tt_key_kind kind;
} tt_key;

/* Lays the keys out in rows from (x, y) (y = top), wrapping at max_w;
 * draws them unless dry; returns the height used. Labels go to the SVG
 * description when drawn. */
double tt_legend(tt_canvas *c, const tt_key *keys, size_t n, double x,
                 double y, double max_w, int dry);

/* Moves label centres y[0..n) (in any order) apart so that neighbours are
 * at least gap apart, staying within [lo, hi] where possible; keeps the
 * order of the original positions. */
void tt_spread_labels(double *y, size_t n, double gap, double lo, double hi);

/* "57%" style percentage of a share in [0,1] (decimals places). */
char *tt_fmt_pct(char *buf, size_t n, double share, int decimals);

#endif
