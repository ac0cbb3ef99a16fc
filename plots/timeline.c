/* timeline.c — one or several entities' states by year as step lines.
 *
 * Each report year is a step centred on the year; ranked states sit at
 * their ordinal value (so the Watch List falls between Tier 2 and Tier 3),
 * best at the top; unranked states get rows of their own below, and years
 * an entity is missing from the report are hollow dots on a last row. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tt_theme.h"

/* Row positions, in value units, of every state and of "absent" (index
 * 0). Returns the step between neighbouring ranked states. */
static double row_positions(const tt_scale *s, const int *used,
                            int need_absent, double *pos, double *top,
                            double *bottom) {
  double vmin = INFINITY, vmax = -INFINITY;
  size_t nr = 0;
  for (size_t k = 1; k <= s->n; k++)
    if (s->states[k].ranked) {
      vmin = fmin(vmin, s->states[k].value);
      vmax = fmax(vmax, s->states[k].value);
      nr++;
    }
  if (!nr) vmin = vmax = 0;
  double step = nr > 1 && vmax > vmin ? (vmax - vmin) / (double)(nr - 1) : 1;
  double next = vmax + step, last = vmax;
  for (size_t k = 1; k <= s->n; k++) {
    if (s->states[k].ranked) {
      pos[k] = s->states[k].value;
    } else if (used[k]) { /* unranked rows only when someone is there */
      pos[k] = last = next;
      next += step * 0.75;
    } else {
      pos[k] = NAN;
    }
  }
  pos[0] = next;
  if (need_absent) last = next;
  *top = vmin - step * 0.35;
  *bottom = last + step * 0.35;
  return step;
}

static void names_title(const tt_panel *p, const size_t *ent, size_t n,
                        char *buf, size_t size) {
  size_t pos = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    const char *sep = i == 0 ? "" : i + 1 == n ? " and " : ", ";
    int k = snprintf(buf + pos, size - pos, "%s%s", sep, p->names[ent[i]]);
    if (k < 0 || (size_t)k >= size - pos || pos + (size_t)k > 70) {
      snprintf(buf, size, "%zu countries", n);
      return;
    }
    pos += (size_t)k;
  }
}

tt_plot_image *tt_plot_timeline(const tt_panel *p, const size_t *ent,
                                size_t n, int lo, int hi,
                                const tt_plot_options *o, tt_error *err) {
  if (n < 1 || n > TT_PLOT_MAX_SERIES) {
    tt_error_set(err, TT_EINVAL,
                 "a timeline shows 1 to %d countries, not %zu",
                 TT_PLOT_MAX_SERIES, n);
    return NULL;
  }
  for (size_t i = 0; i < n; i++)
    if (ent[i] >= p->n_entities) {
      tt_error_set(err, TT_EINVAL, "no entity %zu in the panel", ent[i]);
      return NULL;
    }
  if (lo < p->year_min) lo = p->year_min;
  if (hi > p->year_max) hi = p->year_max;
  if (lo > hi) {
    tt_error_set(err, TT_EINVAL, "no year of the data in the range asked");
    return NULL;
  }
  const tt_scale *s = p->scale;
  int need_absent = 0, used[TT_SCALE_MAX_STATES + 1] = {0};
  for (size_t i = 0; i < n; i++)
    for (int y = lo; y <= hi; y++) {
      int st = tt_panel_get(p, ent[i], y);
      used[st] = 1;
      need_absent |= !st;
    }

  tt_canvas cv;
  if (tt_canvas_open(&cv, o, 1200, 800, err)) return NULL;
  tt_canvas *c = &cv;
  double u = c->u, m = TT_MARGIN * u;

  char names[256], title[384], sub[384];
  names_title(p, ent, n, names, sizeof names);
  snprintf(title, sizeof title, "%s: %s by year, %d\u2013%d", names,
           tt_theme_noun(s), lo, hi);
  if (tt_theme_is_tip(s))
    snprintf(sub, sizeof sub,
             "Tier in each Trafficking in Persons Report, the best at the "
             "top; the Watch List sits between Tier 2 and Tier 3.");
  else
    snprintf(sub, sizeof sub, "Rating in each period, the best at the top.");
  double top = tt_canvas_header(c, o, title, sub);

  tt_key keys[TT_PLOT_MAX_SERIES];
  for (size_t i = 0; i < n; i++)
    keys[i] = (tt_key){p->names[ent[i]], tt_theme_series_colour(i),
                       TT_KEY_LINE};
  if (n > 1) top += tt_legend(c, keys, n, m, top, c->w - 2 * m, 0) + 8 * u;

  char note[192];
  if (n > 1)
    snprintf(note, sizeof note, "Where %s share a %s their lines are drawn "
             "slightly apart; each dot is one %s.", tt_theme_who(s),
             tt_theme_noun(s), tt_theme_is_tip(s) ? "report" : "period");
  else
    snprintf(note, sizeof note, "Each dot is one %s.",
             tt_theme_is_tip(s) ? "report" : "period");
  double foot = tt_canvas_footer(c, o, note);

  double pos[TT_SCALE_MAX_STATES + 1], vtop, vbottom;
  row_positions(s, used, need_absent, pos, &vtop, &vbottom);

  /* Left margin: the longest row label. */
  const char *absent_label = "Not in the report";
  double lw = need_absent ? tt_text_width(absent_label, TT_FS_TICK * u, 0)
                          : 0;
  for (size_t k = 1; k <= s->n; k++)
    if (!isnan(pos[k]))
      lw = fmax(lw, tt_text_width(s->states[k].label, TT_FS_TICK * u, 0));
  tt_frame f = {m + lw + 16 * u, top + 10 * u, c->w - m - 8 * u,
                foot - 6 * u - TT_FS_TICK * 1.5 * u - TT_FS_AXIS * 1.8 * u,
                lo - 0.6, hi + 0.6, vbottom, vtop};

  /* Row labels and grid, skipping labels that would touch. */
  double last_y = -1e9;
  /* Rows top to bottom: ranked by value, then the unranked, then absent. */
  size_t order[TT_SCALE_MAX_STATES + 1], no = 0;
  for (size_t k = 1; k <= s->n; k++)
    if (!isnan(pos[k])) order[no++] = k;
  if (need_absent) order[no++] = 0;
  for (size_t i = 1; i < no; i++)
    for (size_t j = i; j > 0 && pos[order[j]] < pos[order[j - 1]]; j--) {
      size_t t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  for (size_t i = 0; i < no; i++) {
    size_t k = order[i];
    double y = tt_fy(&f, pos[k]);
    int unranked = k == 0 || !s->states[k].ranked;
    tt_draw_colour(c, TT_GRID, 1);
    double gx[2] = {f.x0, f.x1}, gy[2] = {y, y};
    tt_draw_path(c, 2, gx, gy, unranked ? 1.2 : 1.5,
                 unranked ? TT_LINE_DASHED : TT_LINE_SOLID);
    if (y - last_y >= TT_FS_TICK * 1.2 * u) {
      tt_draw_text(c, f.x0 - 12 * u, y, TT_FS_TICK, 1.0,
                   k ? TT_INK : TT_MUTED,
                   k ? s->states[k].label : absent_label);
      last_y = y;
    }
  }
  tt_axis_years(c, &f, lo, hi, 0, TT_FS_TICK);
  tt_axis_title_x(c, &f, tt_theme_is_tip(s) ? "Report year" : "Period");

  /* Lines: shifted apart by a few pixels so shared stretches show. */
  double shift = fmin(7 * u, (f.y1 - f.y0) / 60);
  size_t cap = 4 * (size_t)(hi - lo + 1) + 4;
  double *xs = malloc(cap * sizeof *xs), *ys = malloc(cap * sizeof *ys);
  if (!xs || !ys) {
    free(xs);
    free(ys);
    tt_canvas_discard(c);
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  double xw = tt_fx(&f, 1) - tt_fx(&f, 0); /* pixels per year */
  double dot = fmin(5 * u, xw / 4);
  for (size_t i = 0; i < n; i++) {
    size_t e = ent[i];
    double off = (i - (n - 1) / 2.0) * shift;
    tt_rgb col = tt_theme_series_colour(i);
    size_t np = 0;
    for (int y = lo; y <= hi + 1; y++) {
      int st = y <= hi ? tt_panel_get(p, e, y) : 0;
      if (!st) { /* a gap or the end: draw the run so far */
        tt_draw_colour(c, col, 1);
        tt_draw_path(c, np, xs, ys, 4, TT_LINE_SOLID);
        np = 0;
        continue;
      }
      double yy = tt_fy(&f, pos[st]) + off;
      xs[np] = tt_fx(&f, y - 0.5);
      ys[np++] = yy;
      xs[np] = tt_fx(&f, y + 0.5);
      ys[np++] = yy;
    }
    for (int y = lo; y <= hi; y++) {
      int st = tt_panel_get(p, e, y);
      double cx = tt_fx(&f, y);
      double cy = tt_fy(&f, pos[st]) + off;
      tt_draw_colour(c, col, 1);
      tt_draw_circle(c, cx, cy, dot);
      if (!st) { /* hollow: absent from the report */
        tt_draw_colour(c, TT_WHITE, 1);
        tt_draw_circle(c, cx, cy, dot * 0.55);
      }
    }
  }
  free(xs);
  free(ys);
  /* For the SVG description: each history as runs of one state. */
  for (size_t i = 0; i < n; i++) {
    char line[1536];
    size_t at = 0;
    int y = lo;
    line[0] = '\0';
    while (y <= hi && at < sizeof line) {
      int st = tt_panel_get(p, ent[i], y), y1 = y;
      while (y1 < hi && tt_panel_get(p, ent[i], y1 + 1) == st) y1++;
      const char *lab = st ? s->states[st].label : "not in the report";
      int k = y1 > y ? snprintf(line + at, sizeof line - at,
                                "%s%s %d\u2013%d", at ? "; " : "", lab, y,
                                y1)
                     : snprintf(line + at, sizeof line - at, "%s%s %d",
                                at ? "; " : "", lab, y);
      if (k < 0) break;
      at += (size_t)k;
      y = y1 + 1;
    }
    tt_canvas_note(c, "%s: %s.", p->names[ent[i]], line);
  }
  return tt_canvas_close(c, err);
}
