/* heatmap.c — a transition matrix as a grid of cells: rows "from",
 * columns "to", shaded by probability, with the probability, its
 * interval and the count printed in each cell. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tt_theme.h"

static void fmt_count(char *buf, size_t n, double v) {
  if (v == floor(v) && v < 1e15)
    snprintf(buf, n, "%.0f", v);
  else
    snprintf(buf, n, "%.1f", v);
}

/* An interval bound in percent: a decimal below 1% so that "(0-0.4%)"
 * does not read as "(0-0%)". */
static void fmt_bound(char *buf, size_t n, double v) {
  double pc = 100 * v;
  if (pc > 0 && pc < 0.95)
    snprintf(buf, n, "%.1f", pc);
  else
    snprintf(buf, n, "%.0f", pc);
}

/* "1,234" */
static void fmt_thousands(char *buf, size_t n, size_t v) {
  if (v >= 1000)
    snprintf(buf, n, "%zu,%03zu", v / 1000, v % 1000);
  else
    snprintf(buf, n, "%zu", v);
}

tt_plot_image *tt_plot_heatmap(const tt_transitions *t, const tt_scale *s,
                               const tt_plot_options *o, tt_error *err) {
  size_t m = t->m;
  if (m < 1) {
    tt_error_set(err, TT_EINVAL, "the transition matrix has no states");
    return NULL;
  }
  tt_canvas cv;
  if (tt_canvas_open(&cv, o, 1200, 800, err)) return NULL;
  tt_canvas *c = &cv;
  double u = c->u, m_px = TT_MARGIN * u;
  const char *noun = tt_theme_noun(s);
  int k = t->opt.horizon > 0 ? t->opt.horizon : 1;
  int y0 = t->opt.year_lo, y1 = t->opt.year_hi + k;

  /* How much text a cell holds depends on its size, estimated here (the
   * subtitle must say whether intervals are printed): the page less the
   * header, scale, labels and footer, shared among m rows and columns. */
  double lab_e = 0;
  for (size_t i = 0; i < m; i++)
    lab_e = fmax(lab_e, tt_text_width(s->states[t->state[i]].label,
                                      TT_FS_TICK * u, 0));
  double ch_e = (c->h - 390 * u) / (double)m;
  double cw_e = (c->w - 2 * m_px - lab_e - 150 * u) / (double)m;
  if (cw_e > ch_e * 1.9) cw_e = ch_e * 1.9;
  double big = fmin(26, fmax(14, ch_e / u * 0.26));
  double small = fmin(TT_FS_SMALL, fmax(11.5, big * 0.72));
  int lines = 1;
  if ((big * 1.25 + small * 1.3) * u <= ch_e * 0.92 &&
      tt_text_width("n = 0000", small * u, 0) + 8 * u <= cw_e)
    lines = 2;
  if (lines == 2 && (big * 1.25 + 2 * small * 1.3) * u <= ch_e * 0.92 &&
      tt_text_width("(100\u2013100%)", small * u, 0) + 8 * u <= cw_e)
    lines = 3;

  char title[256], sub[512], pairs[32], ivl_txt[128];
  const char *who = tt_theme_who(s);
  snprintf(title, sizeof title, "How %s move between %ss, %d\u2013%d", who,
           noun, y0, y1);
  fmt_thousands(pairs, sizeof pairs, t->n_pairs);
  const char *ivl = t->opt.interval == TT_INTERVAL_BOOTSTRAP
                        ? "bootstrap (countries resampled)"
                        : "Wilson";
  char later[64];
  if (k == 1)
    snprintf(later, sizeof later, "in the next report");
  else
    snprintf(later, sizeof later, "%d reports later", k);
  if (lines == 3)
    snprintf(ivl_txt, sizeof ivl_txt, "%.0f%% %s intervals in brackets",
             100 * t->opt.level, ivl);
  else
    snprintf(ivl_txt, sizeof ivl_txt, "a larger chart (--width, --height) "
             "has room for the %.0f%% intervals", 100 * t->opt.level);
  snprintf(sub, sizeof sub,
           "Of the %s in each row's %s, the share in each column's %s %s. "
           "%s pairs of reports from %zu %s; %s.",
           who, noun, noun, later, pairs, t->n_entities, who, ivl_txt);
  double top = tt_canvas_header(c, o, title, sub);

  /* The colour scale, as a legend row. */
  double fs = TT_FS_LEGEND * u;
  const char *scale_label = "Probability";
  double bx = m_px + tt_text_width(scale_label, fs, 0) + 14 * u;
  double bw = fmin(360 * u, c->w * 0.3), bh = 16 * u;
  tt_draw_text(c, m_px, top + bh / 2, TT_FS_LEGEND, 0, TT_INK, scale_label);
  for (int i = 0; i < 100; i++) {
    tt_draw_colour(c, tt_theme_sequential((i + 0.5) / 100.0), 1);
    tt_draw_rect(c, bx + bw * i / 100.0, top, bx + bw * (i + 1) / 100.0 + 0.5,
                 top + bh);
  }
  tt_draw_colour(c, TT_FAINT, 1);
  for (int i = 0; i <= 4; i++) {
    double x = bx + bw * i / 4.0;
    tt_draw_line(c, x, top + bh, x, top + bh + 5 * u, 1);
    char b[8];
    snprintf(b, sizeof b, "%d%%", i * 25);
    tt_draw_text(c, x, top + bh + 5 * u + TT_FS_SMALL * 0.8 * u,
                 TT_FS_SMALL, 0.5, TT_MUTED, b);
  }
  tt_canvas_note(c, "Colour scale: probability from 0%% (light) to 100%% "
                 "(dark blue).");
  top += bh + 5 * u + TT_FS_SMALL * 1.6 * u + 18 * u;

  char note[256];
  /* n counts moves (one per entity and pair of reports), not entities. */
  snprintf(note, sizeof note, "Outlined cells: staying in the same %s. "
           "n: moves from the row's %s to the column's (one per %s and "
           "pair of reports); row totals at the right.",
           noun, noun, tt_theme_is_tip(s) ? "country" : "entity");
  double foot = tt_canvas_footer(c, o, note);

  /* Geometry: labels left and above, totals at the right. */
  double lab_w = 0;
  for (size_t i = 0; i < m; i++)
    lab_w = fmax(lab_w, tt_text_width(s->states[t->state[i]].label,
                                      TT_FS_TICK * u, 0));
  double chip = 14 * u;
  double gx0 = m_px + lab_w + chip + 22 * u;
  double tot_w = tt_text_width("n = 0000", TT_FS_TICK * u, 0) + 20 * u;
  double head_h = TT_FS_AXIS * 1.6 * u + TT_FS_TICK * 2.6 * u;
  double gy0 = top + head_h;
  double cw = (c->w - m_px - tot_w - gx0) / (double)m;
  double ch = (foot - 10 * u - gy0) / (double)m;
  /* Square-ish cells read best; do not stretch them too wide. */
  if (cw > ch * 1.9) cw = ch * 1.9;
  double gx1 = gx0 + cw * (double)m, gy1 = gy0 + ch * (double)m;

  /* Headers: "To ..." over the columns, "From ..." over the row labels. */
  char to_lab[96], from_lab[96];
  snprintf(from_lab, sizeof from_lab, "From this %s \u2193", noun);
  snprintf(to_lab, sizeof to_lab, "To this %s %s \u2192", noun, later);
  /* Both headers on one line: "From" over the row labels at the left,
   * "To" centred over the columns. */
  tt_draw_text(c, (gx0 + gx1) / 2, top + TT_FS_AXIS * 0.6 * u, TT_FS_AXIS,
               0.5, TT_MUTED, to_lab);
  tt_draw_text(c, m_px, top + TT_FS_AXIS * 0.6 * u, TT_FS_AXIS, 0, TT_MUTED,
               from_lab);
  tt_canvas_note(c, "Rows: %s. Columns: %s.", from_lab, to_lab);

  /* Column labels: wrap a long label onto two lines when it does not fit
   * the cell (e.g. "Tier 2 Watch List"). */
  for (size_t j = 0; j < m; j++) {
    const int st = t->state[j];
    double x = gx0 + cw * ((double)j + 0.5);
    char buf[256];
    size_t nl = tt_text_wrap(s->states[st].label, TT_FS_TICK * u,
                             cw - 10 * u, 2, buf, sizeof buf);
    char *nlp = strchr(buf, '\n');
    double ly = gy0 - 10 * u - (nl > 1 ? TT_FS_TICK * 1.25 * u : 0);
    if (nlp) *nlp = '\0';
    tt_draw_text(c, x, ly - TT_FS_TICK * 0.55 * u, TT_FS_TICK, 0.5, TT_INK,
                 buf);
    if (nlp)
      tt_draw_text(c, x, ly + TT_FS_TICK * 0.7 * u, TT_FS_TICK, 0.5, TT_INK,
                   nlp + 1);
    tt_draw_colour(c, tt_theme_state_colour(s, st), 1);
    tt_draw_rect(c, gx0 + cw * (double)j + 2 * u, gy0 - 6 * u,
                 gx0 + cw * (double)(j + 1) - 2 * u, gy0 - 2 * u);
  }

  (void)cw_e;

  for (size_t i = 0; i < m; i++) {
    const int st = t->state[i];
    double yc = gy0 + ch * ((double)i + 0.5);
    tt_draw_text(c, gx0 - chip - 12 * u, yc, TT_FS_TICK, 1.0, TT_INK,
                 s->states[st].label);
    tt_draw_colour(c, tt_theme_state_colour(s, st), 1);
    tt_draw_rect(c, gx0 - chip - 4 * u, yc - chip / 2, gx0 - 4 * u,
                 yc + chip / 2);
    char tot[48], num[32];
    fmt_count(num, sizeof num, t->row_total[i]);
    snprintf(tot, sizeof tot, "n = %s", num);
    tt_draw_text(c, gx1 + 12 * u, yc, TT_FS_TICK, 0, TT_MUTED, tot);
    for (size_t j = 0; j < m; j++) {
      double x0 = gx0 + cw * (double)j, x1 = x0 + cw;
      double ya = gy0 + ch * (double)i, yb = ya + ch;
      double pr = t->prob[i * m + j];
      if (t->row_total[i] <= 0 || isnan(pr)) {
        tt_draw_colour(c, TT_ABSENT, 1);
        tt_draw_rect(c, x0, ya, x1, yb);
        if (j == 0 || m < 4)
          tt_draw_text(c, (x0 + x1) / 2, (ya + yb) / 2, small, 0.5, TT_FAINT,
                       "no data");
        continue;
      }
      tt_rgb bg = tt_theme_sequential(pr);
      /* Empty cells in grey ink, so the eye goes to the moves that happen. */
      tt_rgb fg = t->count[i * m + j] > 0 ? tt_theme_text_on(bg) : TT_FAINT;
      tt_draw_colour(c, bg, 1);
      tt_draw_rect(c, x0, ya, x1, yb);
      char p1[32], p2[64], p3[48], lo[16], hi[16];
      tt_fmt_pct(p1, sizeof p1, pr, pr > 0 && pr < 0.01 ? 1 : 0);
      fmt_bound(lo, sizeof lo, t->lower[i * m + j]);
      fmt_bound(hi, sizeof hi, t->upper[i * m + j]);
      snprintf(p2, sizeof p2, "(%s\u2013%s%%)", lo, hi);
      fmt_count(num, sizeof num, t->count[i * m + j]);
      snprintf(p3, sizeof p3, "n = %s", num);
      /* Lines stacked around the cell's centre: the figure (big), then the
       * interval and the count (small), each line 1.25-1.3 em. */
      double cy = (ya + yb) / 2;
      if (lines == 3) {
        double top3 = cy - (big * 1.25 + 2 * small * 1.3) * u / 2;
        tt_draw_text_ex(c, (x0 + x1) / 2, top3 + big * 0.62 * u, big, 0.5, 0,
                        1, fg, p1);
        tt_draw_text(c, (x0 + x1) / 2, top3 + (big * 1.25 + small * 0.65) * u,
                     small, 0.5, fg, p2);
        tt_draw_text(c, (x0 + x1) / 2, top3 + (big * 1.25 + small * 1.95) * u,
                     small, 0.5, fg, p3);
      } else if (lines == 2) {
        double top2 = cy - (big * 1.25 + small * 1.3) * u / 2;
        tt_draw_text_ex(c, (x0 + x1) / 2, top2 + big * 0.62 * u, big, 0.5, 0,
                        1, fg, p1);
        tt_draw_text(c, (x0 + x1) / 2, top2 + (big * 1.25 + small * 0.65) * u,
                     small, 0.5, fg, p3);
      } else {
        tt_draw_text_ex(c, (x0 + x1) / 2, cy, big, 0.5, 0, 1, fg, p1);
      }
      tt_canvas_note(c, "From %s to %s: %s %s, %s.", s->states[st].label,
                     s->states[t->state[j]].label, p1, p2, p3);
    }
  }
  /* Thin white rules between cells, then the diagonal outlined. */
  tt_draw_colour(c, TT_WHITE, 1);
  for (size_t i = 1; i < m; i++) {
    tt_draw_line(c, gx0 + cw * (double)i, gy0, gx0 + cw * (double)i, gy1, 2);
    tt_draw_line(c, gx0, gy0 + ch * (double)i, gx1, gy0 + ch * (double)i, 2);
  }
  tt_draw_colour(c, TT_INK, 1);
  for (size_t i = 0; i < m; i++) {
    double x0 = gx0 + cw * (double)i + 1.5 * u, ya = gy0 + ch * (double)i + 1.5 * u;
    double xs[5] = {x0, x0 + cw - 3 * u, x0 + cw - 3 * u, x0, x0};
    double ys[5] = {ya, ya, ya + ch - 3 * u, ya + ch - 3 * u, ya};
    tt_draw_path(c, 5, xs, ys, 2.5, TT_LINE_SOLID);
  }
  return tt_canvas_close(c, err);
}
