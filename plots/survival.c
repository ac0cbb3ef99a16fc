/* survival.c — Kaplan-Meier curves of spell durations with their
 * pointwise interval bands, censoring ticks and (for one curve) the
 * median marked. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tt_theme.h"

/* Step path of S (or a bound) from t = 0: (0,1), (t1,1), (t1,v1), ...,
 * ending at t_end. An undefined bound (NaN, e.g. the upper limit where S
 * reaches 0) falls back to S itself: the band closes rather than claims
 * a width nobody estimated. xs/ys need 2 * n_times + 2 places. */
static size_t step_path(const tt_km *km, const double *v, double t_end,
                        const tt_frame *f, double *xs, double *ys) {
  size_t np = 0;
  double prev = 1;
  xs[np] = tt_fx(f, 0);
  ys[np++] = tt_fy(f, 1);
  for (size_t j = 0; j < km->n_times; j++) {
    double val = isnan(v[j]) ? km->surv[j] : v[j];
    xs[np] = tt_fx(f, km->time[j]);
    ys[np++] = tt_fy(f, prev);
    xs[np] = tt_fx(f, km->time[j]);
    ys[np++] = tt_fy(f, val);
    prev = val;
  }
  xs[np] = tt_fx(f, t_end);
  ys[np++] = tt_fy(f, prev);
  return np;
}

tt_plot_image *tt_plot_survival(const tt_km *const *km,
                                const char *const *labels, size_t n,
                                const char *state_label,
                                const tt_plot_options *o, tt_error *err) {
  if (n < 1 || n > TT_PLOT_MAX_SERIES) {
    tt_error_set(err, TT_EINVAL, "a survival chart draws 1 to %d curves, "
                 "not %zu", TT_PLOT_MAX_SERIES, n);
    return NULL;
  }
  double tmax = 1, level = km[0]->level > 0 ? km[0]->level : 0.95;
  size_t maxn = 0;
  for (size_t i = 0; i < n; i++) {
    if (km[i]->n_times)
      tmax = fmax(tmax, km[i]->time[km[i]->n_times - 1]);
    maxn = km[i]->n_times > maxn ? km[i]->n_times : maxn;
  }
  tt_canvas cv;
  if (tt_canvas_open(&cv, o, 1200, 800, err)) return NULL;
  tt_canvas *c = &cv;
  double u = c->u, m = TT_MARGIN * u;
  const char *sl = state_label ? state_label : "the state";
  /* Bands for up to two curves; more would bury the lines. */
  int bands = n <= 2;

  char title[256], sub[640], lv[48];
  snprintf(lv, sizeof lv, ", with %.0f%% intervals", 100 * level);
  snprintf(title, sizeof title, "How long %s spells last", sl);
  snprintf(sub, sizeof sub,
           "Share of %s spells still running after each number of years "
           "(Kaplan\u2013Meier estimate)%s. Spells still running in the "
           "last report, or followed by a gap, are censored (ticks).", sl,
           bands ? lv : "");
  double top = tt_canvas_header(c, o, title, sub);

  tt_key keys[TT_PLOT_MAX_SERIES + 1];
  char kl[TT_PLOT_MAX_SERIES + 1][192];
  size_t nk = 0;
  for (size_t i = 0; i < n; i++) {
    snprintf(kl[nk], sizeof kl[nk], "%s (%zu spells, %zu ended)", labels[i],
             km[i]->n_spells, km[i]->n_events);
    keys[nk] = (tt_key){kl[nk], tt_theme_series_colour(i),
                        bands ? TT_KEY_BAND : TT_KEY_LINE};
    nk++;
  }
  top += tt_legend(c, keys, nk, m, top, c->w - 2 * m, 0) + 6 * u;

  char note[256] = "";
  if (n == 1) {
    const tt_km *k = km[0];
    if (isnan(k->median))
      snprintf(note, sizeof note, "The median is not reached: more than "
               "half of the spells outlast the longest observed one.");
    else if (!isnan(k->median_lower) && !isnan(k->median_upper))
      snprintf(note, sizeof note, "Median spell: %g year%s (%.0f%% interval "
               "%g\u2013%g).", k->median, k->median == 1 ? "" : "s",
               100 * level, k->median_lower, k->median_upper);
    else
      snprintf(note, sizeof note, "Median spell: %g year%s.", k->median,
               k->median == 1 ? "" : "s");
  } else if (bands) {
    snprintf(note, sizeof note, "Bands: pointwise %.0f%% intervals; where "
             "they overlap, the curves are hard to tell apart.", 100 * level);
  } else {
    snprintf(note, sizeof note, "With more than two curves the %.0f%% "
             "interval bands are left out for legibility: plot one group "
             "(--group) to see its band.", 100 * level);
  }
  double foot = tt_canvas_footer(c, o, note);

  static const double yv[5] = {0, 0.25, 0.5, 0.75, 1};
  static const char *const yl[5] = {"0%", "25%", "50%", "75%", "100%"};
  double risk_row = n == 1 ? TT_FS_SMALL * 2.0 * u : 0;
  double left = fmax(tt_text_width("100%", TT_FS_TICK * u, 0),
                     n == 1 ? tt_text_width("At risk", TT_FS_SMALL * u, 0) +
                                  26 * u
                            : 0);
  tt_frame f = {m + left + 14 * u,
                top + TT_FS_AXIS * 2.0 * u, c->w - m - 10 * u,
                foot - 6 * u - TT_FS_TICK * 1.5 * u - TT_FS_AXIS * 1.8 * u -
                    risk_row,
                0, tmax + 0.5, 0, 1.02};
  tt_axis_y(c, &f, 5, yv, yl, 1);
  tt_axis_title_y(c, &f, "Spells still running");
  tt_axis_base(c, &f);
  /* Integer ticks: every year, or a coarser step when crowded. */
  double ppy = tt_fx(&f, 1) - tt_fx(&f, 0);
  int step = tt_year_step(c, ppy, TT_FS_TICK);
  if (step > 1 && step < 5) step = step <= 2 ? 2 : 5;
  for (int t = 0; t <= (int)tmax; t += step) {
    double x = tt_fx(&f, t);
    tt_draw_colour(c, TT_MUTED, 1);
    tt_draw_line(c, x, f.y1, x, f.y1 + 6 * u, 1);
    char b[16];
    snprintf(b, sizeof b, "%d", t);
    tt_draw_text(c, x, f.y1 + 6 * u + TT_FS_TICK * 0.75 * u, TT_FS_TICK, 0.5,
                 TT_INK, b);
  }
  tt_axis_title_x(c, &f, "Length of the spell (years)");
  if (n == 1) { /* spells at risk under the axis, as KM charts show */
    double ry = f.y1 + 6 * u + TT_FS_TICK * 1.5 * u + TT_FS_AXIS * 1.8 * u +
                TT_FS_SMALL * 0.5 * u;
    tt_draw_text(c, f.x0 - 26 * u, ry, TT_FS_SMALL, 1.0, TT_MUTED,
                 "At risk");
    const tt_km *k = km[0];
    double prev_x = -1e9;
    for (int t = 0; t <= (int)tmax; t += step) {
      /* The estimate's risk set at t (t = 0: all spells); nothing where
       * no spell ends or is censored at t. */
      double r = t == 0 ? (double)k->n_spells : NAN;
      for (size_t j = 0; j < k->n_times && t > 0; j++)
        if (k->time[j] == t) r = k->at_risk[j];
      if (isnan(r)) continue;
      char b[24];
      snprintf(b, sizeof b, "%.0f", r);
      double x = tt_fx(&f, t);
      if (x - prev_x < tt_text_width(b, TT_FS_SMALL * u, 0) + 8 * u) continue;
      tt_draw_text(c, x, ry, TT_FS_SMALL, 0.5, TT_MUTED, b);
      prev_x = x;
    }
  }

  size_t cap = 2 * maxn + 2;
  /* [0, 2cap): the band polygon; [2cap, 3cap): the lower bound's path. */
  double *xs = malloc(3 * cap * sizeof *xs), *ys = malloc(3 * cap * sizeof *ys);
  if (!xs || !ys) {
    free(xs);
    free(ys);
    tt_canvas_discard(c);
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  /* Bands first, under every line. */
  for (size_t i = 0; bands && i < n; i++) {
    const tt_km *k = km[i];
    if (!k->n_times) continue;
    double t_end = k->time[k->n_times - 1];
    size_t nu = step_path(k, k->upper, t_end, &f, xs, ys);
    size_t nl = step_path(k, k->lower, t_end, &f, xs + 2 * cap, ys + 2 * cap);
    /* Upper left to right, then lower right to left: one polygon. */
    for (size_t j = 0; j < nl; j++) {
      xs[nu + j] = xs[2 * cap + nl - 1 - j];
      ys[nu + j] = ys[2 * cap + nl - 1 - j];
    }
    tt_draw_colour(c, tt_theme_series_colour(i), n == 1 ? 0.22 : 0.13);
    tt_draw_polygon(c, nu + nl, xs, ys);
  }
  for (size_t i = 0; i < n; i++) {
    const tt_km *k = km[i];
    if (!k->n_times) continue;
    tt_rgb col = tt_theme_series_colour(i);
    double t_end = k->time[k->n_times - 1];
    size_t np = step_path(k, k->surv, t_end, &f, xs, ys);
    tt_draw_colour(c, col, 1);
    tt_draw_path(c, np, xs, ys, 3.5, TT_LINE_SOLID);
    for (size_t j = 0; j < k->n_times; j++) {
      if (k->censored[j] > 0) {
        /* A censoring tick just after t on the flat step: a spell
         * censored at t lasted at least t years; at t itself it would
         * hide in the drop. */
        double x = tt_fx(&f, k->time[j]) + fmin(10 * u, ppy * 0.15);
        double y = tt_fy(&f, k->surv[j]);
        tt_draw_line(c, x, y - 8 * u, x, y + 8 * u, 2.5);
      }
      char ivl[64] = "";
      if (!isnan(k->lower[j]) && !isnan(k->upper[j]))
        snprintf(ivl, sizeof ivl, " (%.0f%%\u2013%.0f%%)", 100 * k->lower[j],
                 100 * k->upper[j]);
      tt_canvas_note(c, "%s: %.0f%% of spells last more than %g year%s%s.",
                     labels[i], 100 * k->surv[j], k->time[j],
                     k->time[j] == 1 ? "" : "s", ivl);
    }
  }
  if (n == 1 && !isnan(km[0]->median)) {
    double x = tt_fx(&f, km[0]->median), y = tt_fy(&f, 0.5);
    double hx[3] = {f.x0, x, x}, hy[3] = {y, y, f.y1};
    tt_draw_colour(c, TT_INK, 1);
    tt_draw_path(c, 3, hx, hy, 1.5, TT_LINE_DASHED);
    char b[64];
    snprintf(b, sizeof b, "median %g %s", km[0]->median,
             km[0]->median == 1 ? "year" : "years");
    tt_draw_text(c, x + 8 * u, y - TT_FS_TICK * 0.8 * u, TT_FS_TICK, 0,
                 TT_INK, b);
  }
  free(xs);
  free(ys);
  return tt_canvas_close(c, err);
}
