/* groups.c — one line per group over time: the mean value of the ranked
 * states (best at the top), or the share in chosen states; all entities
 * together as a dashed grey reference line. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tt_theme.h"

/* The measure of year y for group g (TT_GROUP_NONE = all); NaN when no
 * entity counts. */
static double measure(const tt_panel *p, int g, int y, unsigned mask) {
  const tt_scale *s = p->scale;
  double sum = 0;
  size_t n = 0;
  for (size_t e = 0; e < p->n_entities; e++) {
    if (g != TT_GROUP_NONE && p->group[e] != g) continue;
    int st = tt_panel_get(p, e, y);
    if (!st) continue;
    if (mask) {
      sum += (mask >> st) & 1u;
      n++;
    } else if (s->states[st].ranked) {
      sum += s->states[st].value;
      n++;
    }
  }
  return n ? sum / (double)n : NAN;
}

static void mask_names(const tt_scale *s, unsigned mask, char *buf,
                       size_t size) {
  size_t pos = 0, n = 0, total = 0;
  buf[0] = '\0';
  for (size_t k = 1; k <= s->n; k++) total += (mask >> k) & 1u;
  for (size_t k = 1; k <= s->n && pos < size; k++) {
    if (!((mask >> k) & 1u)) continue;
    const char *sep = n == 0 ? "" : n + 1 == total ? " or " : ", ";
    int w = snprintf(buf + pos, size - pos, "%s%s", sep, s->states[k].label);
    if (w < 0) break;
    pos += (size_t)w;
    n++;
  }
}

tt_plot_image *tt_plot_groups(const tt_panel *p, unsigned mask, int lo,
                              int hi, const tt_plot_options *o,
                              tt_error *err) {
  if (lo < p->year_min) lo = p->year_min;
  if (hi > p->year_max) hi = p->year_max;
  if (lo > hi) {
    tt_error_set(err, TT_EINVAL, "no year of the data in the range asked");
    return NULL;
  }
  size_t ng = p->n_groups;
  if (ng < 1 || ng > TT_PLOT_MAX_SERIES - 1) {
    tt_error_set(err, TT_EINVAL, "a group chart draws 1 to %d groups, the "
                 "data has %zu", TT_PLOT_MAX_SERIES - 1, ng);
    return NULL;
  }
  const tt_scale *s = p->scale;
  size_t ny = (size_t)(hi - lo + 1);
  double *v = malloc((ng + 1) * ny * sizeof *v);
  if (!v) {
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  /* Row ng holds all entities together. */
  double vmin = INFINITY, vmax = -INFINITY;
  for (size_t g = 0; g <= ng; g++)
    for (size_t i = 0; i < ny; i++) {
      double x = measure(p, g == ng ? TT_GROUP_NONE : (int)g, lo + (int)i,
                         mask);
      v[g * ny + i] = x;
      if (!isnan(x)) {
        vmin = fmin(vmin, x);
        vmax = fmax(vmax, x);
      }
    }
  if (!isfinite(vmin)) {
    free(v);
    tt_error_set(err, TT_EINVAL, "no ranked country in %d-%d", lo, hi);
    return NULL;
  }
  tt_canvas cv;
  if (tt_canvas_open(&cv, o, 1200, 800, err)) {
    free(v);
    return NULL;
  }
  tt_canvas *c = &cv;
  double u = c->u, m = TT_MARGIN * u;
  const char *noun = tt_theme_noun(s);
  const char *gw = tt_theme_is_tip(s) ? "region" : "group";

  char title[512], sub[768], names[256], ytitle[384];
  if (mask) {
    mask_names(s, mask, names, sizeof names);
    snprintf(title, sizeof title, "Share of %s on %s by %s, %d\u2013%d",
             tt_theme_who(s), names, gw, lo, hi);
    snprintf(sub, sizeof sub, "Share of each %s's %s in the report placed "
             "on %s, by year.", gw, tt_theme_who(s), names);
    snprintf(ytitle, sizeof ytitle, "Share on %s", names);
  } else {
    snprintf(title, sizeof title, "Average %s by %s, %d\u2013%d", noun, gw,
             lo, hi);
    if (tt_theme_is_tip(s))
      snprintf(sub, sizeof sub, "Mean tier value of each region's ranked "
               "countries (Tier 1 = 1, Tier 2 = 2, Watch List = 2.5, Tier 3 "
               "= 3). Lower is better: up on the chart is better.");
    else
      snprintf(sub, sizeof sub, "Mean value of each group's ranked "
               "ratings. Lower is better: up on the chart is better.");
    snprintf(ytitle, sizeof ytitle, "Mean %s value (better \u2191)", noun);
  }
  double top = tt_canvas_header(c, o, title, sub);
  tt_key keys[TT_PLOT_MAX_SERIES];
  char gnames[TT_PLOT_MAX_SERIES][160];
  for (size_t g = 0; g < ng; g++)
    keys[g] = (tt_key){tt_theme_group_name(p, (int)g, gnames[g],
                                           sizeof gnames[g]),
                       tt_theme_series_colour(g), TT_KEY_LINE};
  char all[32];
  snprintf(all, sizeof all, "All %s", tt_theme_who(s));
  keys[ng] = (tt_key){all, TT_MUTED, TT_KEY_DASH};
  top += tt_legend(c, keys, ng + 1, m, top, c->w - 2 * m, 0) + 6 * u;
  /* Early reports covered fewer countries: say so when it matters. */
  size_t n_lo = 0, n_hi = 0;
  for (size_t e = 0; e < p->n_entities; e++) {
    n_lo += tt_panel_get(p, e, lo) != 0;
    n_hi += tt_panel_get(p, e, hi) != 0;
  }
  char note[256] = "";
  if (n_lo * 5 < n_hi * 4)
    snprintf(note, sizeof note, "Early years rest on fewer %s: %zu in %d, "
             "%zu in %d; a %s's line then moves with a few %s.",
             tt_theme_who(s), n_lo, lo, n_hi, hi, gw, tt_theme_who(s));
  double foot = tt_canvas_footer(c, o, note);

  /* Axis range: nice steps around the data. */
  double step, a, b;
  if (mask) {
    step = vmax > 0.5 ? 0.2 : vmax > 0.2 ? 0.1 : 0.05;
    a = 0;
    b = ceil(vmax / step - 1e-9) * step;
    if (b <= 0) b = step;
  } else {
    step = vmax - vmin > 2 ? 0.5 : 0.25;
    a = floor(vmin / step + 1e-9) * step;
    b = ceil(vmax / step - 1e-9) * step;
    if (b <= a) b = a + step;
  }
  size_t nt = (size_t)lround((b - a) / step) + 1;
  double tv[64];
  char tl[64][16];
  const char *tlp[64];
  if (nt > 64) nt = 64;
  for (size_t i = 0; i < nt; i++) {
    tv[i] = a + step * (double)i;
    if (mask)
      snprintf(tl[i], sizeof tl[i], "%.0f%%", 100 * tv[i]);
    else
      snprintf(tl[i], sizeof tl[i], "%.2f", tv[i]);
    tlp[i] = tl[i];
  }
  double lab_w = 0;
  for (size_t g = 0; g < ng; g++)
    lab_w = fmax(lab_w, tt_text_width(p->group_names[g], TT_FS_TICK * u, 1));
  lab_w = fmax(lab_w, tt_text_width("All", TT_FS_TICK * u, 1));
  lab_w += tt_text_width(" 2.00", TT_FS_TICK * u, 0) + 20 * u;
  double pad = (b - a) * 0.03;
  tt_frame f = {m + tt_text_width(tl[nt - 1], TT_FS_TICK * u, 0) + 14 * u,
                top + TT_FS_AXIS * 2.0 * u, c->w - m - lab_w,
                foot - 6 * u - TT_FS_TICK * 1.5 * u - TT_FS_AXIS * 1.8 * u,
                lo - 0.3, hi + 0.3, mask ? a : b + pad, mask ? b : a - pad};
  if (mask) f.ymax = b + pad;
  tt_axis_y(c, &f, nt, tv, tlp, 1);
  tt_axis_title_y(c, &f, ytitle);
  tt_axis_years(c, &f, lo, hi, 0, TT_FS_TICK);
  tt_axis_title_x(c, &f, tt_theme_is_tip(s) ? "Report year" : "Period");

  double *xs = malloc(ny * sizeof *xs), *ys = malloc(ny * sizeof *ys);
  double endy[TT_PLOT_MAX_SERIES];
  int endok[TT_PLOT_MAX_SERIES] = {0};
  if (!xs || !ys) {
    free(xs);
    free(ys);
    free(v);
    tt_canvas_discard(c);
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  /* All countries first, underneath; then the groups. */
  for (size_t gg = 0; gg <= ng; gg++) {
    size_t g = gg == 0 ? ng : gg - 1;
    tt_rgb col = g == ng ? TT_MUTED : tt_theme_series_colour(g);
    size_t np = 0;
    for (size_t i = 0; i <= ny; i++) {
      double x = i < ny ? v[g * ny + i] : NAN;
      if (isnan(x)) {
        tt_draw_colour(c, col, 1);
        tt_draw_path(c, np, xs, ys, g == ng ? 3 : 3.5,
                     g == ng ? TT_LINE_DASHED : TT_LINE_SOLID);
        np = 0;
        continue;
      }
      xs[np] = tt_fx(&f, lo + (int)i);
      ys[np++] = tt_fy(&f, x);
    }
    double last = v[g * ny + ny - 1];
    if (!isnan(last)) {
      endy[g] = tt_fy(&f, last);
      endok[g] = 1;
    }
  }
  /* Direct labels at the right end, spread apart. */
  double ly[TT_PLOT_MAX_SERIES];
  size_t li[TT_PLOT_MAX_SERIES], nl = 0;
  for (size_t g = 0; g <= ng; g++)
    if (endok[g]) {
      ly[nl] = endy[g];
      li[nl++] = g;
    }
  tt_spread_labels(ly, nl, TT_FS_TICK * 1.2 * u, f.y0, f.y1);
  for (size_t i = 0; i < nl; i++) {
    size_t g = li[i];
    double val = v[g * ny + ny - 1];
    char b2[128], num[16];
    if (mask)
      tt_fmt_pct(num, sizeof num, val, 0);
    else
      snprintf(num, sizeof num, "%.2f", val);
    snprintf(b2, sizeof b2, "%s %s", g == ng ? "All" : p->group_names[g],
             num);
    /* Text in a darker shade of the line's colour: light colours such
     * as orange and sky blue are too faint as letters on white. */
    tt_draw_text_ex(c, f.x1 + 12 * u, ly[i], TT_FS_TICK, 0, 0, g != ng,
                    g == ng ? TT_MUTED
                            : tt_theme_darken(tt_theme_series_colour(g), 0.3),
                    b2);
    tt_canvas_note(c, "%d: %s.", hi, b2);
  }
  free(xs);
  free(ys);
  free(v);
  return tt_canvas_close(c, err);
}
