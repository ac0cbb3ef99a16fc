/* projection.c — the distribution over states projected by a Markov
 * chain: observed shares up to the start year (solid), projected shares
 * after it (dashed), and the chain's steady state in a "long run" column
 * at the right. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tt_theme.h"

tt_plot_image *tt_plot_projection(const tt_projection *pr,
                                  const tt_markov *mc, const tt_scale *s,
                                  const tt_panel *p, int group, int hist_lo,
                                  const tt_plot_options *o, tt_error *err) {
  size_t m = pr->m, k = pr->k;
  if (m < 1 || m != mc->m || k < 1) {
    tt_error_set(err, TT_EINVAL, "the projection and the chain do not "
                 "match (%zu and %zu states, %zu steps)", m, mc->m, k);
    return NULL;
  }
  int y0 = pr->year0, yk = y0 + (int)k;
  if (!p || hist_lo > y0) hist_lo = y0;
  if (p && hist_lo < p->year_min) hist_lo = p->year_min;
  size_t nh = (size_t)(y0 - hist_lo + 1);
  double *hist = calloc(nh * m, sizeof *hist);
  if (!hist) {
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  /* Observed shares over the chain's states. */
  for (size_t h = 0; p && h < nh; h++) {
    double tot = 0;
    for (size_t e = 0; e < p->n_entities; e++) {
      if (group != TT_GROUP_NONE && p->group[e] != group) continue;
      int st = tt_panel_get(p, e, hist_lo + (int)h);
      for (size_t i = 0; i < m; i++)
        if (mc->state[i] == st) {
          hist[h * m + i] += 1;
          tot += 1;
        }
    }
    for (size_t i = 0; i < m; i++)
      hist[h * m + i] = tot > 0 ? hist[h * m + i] / tot : NAN;
  }
  int steady = mc->steady_unique && mc->steady;
  double vmax = 0;
  for (size_t i = 0; i < m; i++) {
    for (size_t h = 0; h < nh; h++)
      if (!isnan(hist[h * m + i])) vmax = fmax(vmax, hist[h * m + i]);
    for (size_t j = 0; j <= k; j++) vmax = fmax(vmax, pr->dist[j * m + i]);
    if (steady) vmax = fmax(vmax, mc->steady[i]);
  }

  tt_canvas cv;
  if (tt_canvas_open(&cv, o, 1200, 800, err)) {
    free(hist);
    return NULL;
  }
  tt_canvas *c = &cv;
  double u = c->u, mg = TT_MARGIN * u;
  const char *noun = tt_theme_noun(s);

  char title[256], sub[512];
  snprintf(title, sizeof title, "Where the %ss are heading: a projection "
           "to %d", noun, yk);
  snprintf(sub, sizeof sub, "Share of %s on each %s: observed to %d "
           "(solid), then projected (dashed) by a Markov chain of past "
           "year-to-year moves, starting from %d.%s", tt_theme_who(s), noun,
           y0, y0, steady ? " Right: the chain's long-run (steady-state) "
                            "shares."
                          : "");
  double top = tt_canvas_header(c, o, title, sub);
  tt_key keys[TT_SCALE_MAX_STATES + 2];
  size_t nk = 0;
  for (size_t i = 0; i < m; i++)
    keys[nk++] = (tt_key){s->states[mc->state[i]].label,
                          tt_theme_state_colour(s, mc->state[i]),
                          TT_KEY_LINE};
  top += tt_legend(c, keys, nk, mg, top, c->w - 2 * mg, 0) + 6 * u;
  const char *note =
      steady ? "A projection assumes that moves keep their past "
               "frequencies; it is a what-if, not a forecast."
             : "The chain has no single long-run distribution (its classes "
               "do not allow one); a projection assumes that moves keep "
               "their past frequencies.";
  double foot = tt_canvas_footer(c, o, note);

  /* y axis in nice steps of 10% (20% when tall). */
  double step = vmax > 0.6 ? 0.2 : 0.1;
  double b = ceil(vmax / step - 1e-9) * step;
  if (b <= 0) b = step;
  size_t nt = (size_t)lround(b / step) + 1;
  double tv[16];
  char tl[16][8];
  const char *tlp[16];
  if (nt > 16) nt = 16;
  for (size_t i = 0; i < nt; i++) {
    tv[i] = step * (double)i;
    snprintf(tl[i], sizeof tl[i], "%.0f%%", 100 * tv[i]);
    tlp[i] = tl[i];
  }
  /* Right side: the long-run column and the labels. */
  double lab_w = 0;
  for (size_t i = 0; i < m; i++)
    lab_w = fmax(lab_w, tt_text_width(s->states[mc->state[i]].label,
                                      TT_FS_TICK * u, 0));
  lab_w += tt_text_width(" 100%", TT_FS_TICK * u, 1) + 16 * u;
  double lr_w = steady ? tt_text_width("Long run", TT_FS_TICK * u, 0) + 30 * u
                       : 0;
  tt_frame f = {mg + tt_text_width("100%", TT_FS_TICK * u, 0) + 14 * u,
                top + TT_FS_AXIS * 2.0 * u, c->w - mg - lab_w - lr_w,
                foot - 6 * u - TT_FS_TICK * 1.5 * u - TT_FS_AXIS * 1.8 * u,
                hist_lo - 0.4, yk + 0.4, 0, b * 1.02};
  tt_axis_y(c, &f, nt, tv, tlp, 1);
  char yt[64];
  snprintf(yt, sizeof yt, "Share of %s", tt_theme_who(s));
  tt_axis_title_y(c, &f, yt);
  tt_axis_base(c, &f);
  tt_axis_years(c, &f, hist_lo, yk, 0, TT_FS_TICK);
  tt_axis_title_x(c, &f, tt_theme_is_tip(s) ? "Report year" : "Period");

  /* The start year: a rule and two words either side. */
  double xs0 = tt_fx(&f, y0);
  tt_draw_colour(c, TT_FAINT, 1);
  tt_draw_line(c, xs0, f.y0 - 4 * u, xs0, f.y1, 1.5);
  if (y0 > hist_lo)
    tt_draw_text(c, xs0 - 8 * u, f.y0 + TT_FS_SMALL * 0.2 * u, TT_FS_SMALL, 1.0,
                 TT_MUTED, "observed");
  tt_draw_text(c, xs0 + 8 * u, f.y0 + TT_FS_SMALL * 0.2 * u, TT_FS_SMALL, 0,
               TT_MUTED, "projected \u2192");

  size_t cap = nh + k + 2;
  double *xs = malloc(cap * sizeof *xs), *ys = malloc(cap * sizeof *ys);
  if (!xs || !ys) {
    free(xs);
    free(ys);
    free(hist);
    tt_canvas_discard(c);
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  double lx = f.x1 + lr_w / 2;
  double ly[TT_SCALE_MAX_STATES];
  for (size_t i = 0; i < m; i++) {
    tt_rgb col = tt_theme_state_colour(s, mc->state[i]);
    size_t np = 0;
    for (size_t h = 0; h < nh; h++) {
      double v = hist[h * m + i];
      if (isnan(v)) continue;
      xs[np] = tt_fx(&f, hist_lo + (int)h);
      ys[np++] = tt_fy(&f, v);
    }
    tt_draw_colour(c, col, 1);
    tt_draw_path(c, np, xs, ys, 3.5, TT_LINE_SOLID);
    np = 0;
    for (size_t j = 0; j <= k; j++) {
      xs[np] = tt_fx(&f, y0 + (int)j);
      ys[np++] = tt_fy(&f, pr->dist[j * m + i]);
    }
    tt_draw_path(c, np, xs, ys, 3.5, TT_LINE_DASHED);
    double endv = steady ? mc->steady[i] : pr->dist[k * m + i];
    if (steady) { /* the long-run share as a short bar */
      double y = tt_fy(&f, endv);
      tt_draw_line(c, lx - 12 * u, y, lx + 12 * u, y, 5);
    }
    ly[i] = tt_fy(&f, endv);
    char a[16], bb[16];
    tt_fmt_pct(a, sizeof a, pr->dist[k * m + i], 0);
    tt_fmt_pct(bb, sizeof bb, steady ? mc->steady[i] : NAN, 0);
    tt_canvas_note(c, "%s: %s in %d%s%s.", s->states[mc->state[i]].label, a,
                   yk, steady ? ", long run " : "", steady ? bb : "");
  }
  if (steady)
    tt_draw_text(c, lx, f.y0 - TT_FS_SMALL * 0.3 * u, TT_FS_SMALL, 0.5,
                 TT_MUTED, "Long run");
  double ly0[TT_SCALE_MAX_STATES];
  memcpy(ly0, ly, m * sizeof *ly);
  tt_spread_labels(ly, m, TT_FS_TICK * 1.25 * u, f.y0, f.y1);
  for (size_t i = 0; i < m; i++) {
    if (steady && fabs(ly[i] - ly0[i]) > 2 * u) { /* a leader to its bar */
      tt_draw_colour(c, TT_FAINT, 1);
      tt_draw_line(c, lx + 13 * u, ly0[i], lx + 21 * u, ly[i], 1);
    }
    char b2[160], pc[16];
    tt_fmt_pct(pc, sizeof pc, steady ? mc->steady[i] : pr->dist[k * m + i],
               0);
    snprintf(b2, sizeof b2, "%s %s", s->states[mc->state[i]].label, pc);
    tt_draw_text(c, steady ? lx + 24 * u : f.x1 + 12 * u, ly[i], TT_FS_TICK, 0,
                 TT_INK, b2);
  }
  free(xs);
  free(ys);
  free(hist);
  return tt_canvas_close(c, err);
}
