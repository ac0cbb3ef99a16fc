/* flow.c — an alluvial (Sankey) chart: a column of state blocks for each
 * year listed, and bands between neighbouring columns whose widths are
 * the number of entities that went from one state to the other. Entities
 * missing from a year's report stand in a "not in the report" block, so
 * every column holds the same entities and nothing silently vanishes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tt_theme.h"

#define MAX_COLS 8
/* "Not in the report": a hollow block with a grey outline, light bands. */
#define ABSENT_LINE ((tt_rgb){0x99, 0x99, 0x99})
#define ABSENT_BAND ((tt_rgb){0xC8, 0xC8, 0xC8})
#define MAX_NODES (TT_SCALE_MAX_STATES + 1)

/* Node order top to bottom: ranked best first, unranked, absent (0). */
static size_t node_order(const tt_scale *s, int *order) {
  size_t n = 0;
  for (size_t k = 1; k <= s->n; k++)
    if (s->states[k].ranked) order[n++] = (int)k;
  for (size_t i = 1; i < n; i++)
    for (size_t j = i;
         j > 0 && s->states[order[j]].value < s->states[order[j - 1]].value;
         j--) {
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  for (size_t k = 1; k <= s->n; k++)
    if (!s->states[k].ranked) order[n++] = (int)k;
  order[n++] = 0;
  return n;
}

static void smooth_edge(double xa, double ya, double xb, double yb, size_t n,
                        double *xs, double *ys) {
  for (size_t i = 0; i < n; i++) {
    double t = (double)i / (double)(n - 1);
    double sm = t * t * (3 - 2 * t); /* smoothstep: flat at both ends */
    xs[i] = xa + (xb - xa) * t;
    ys[i] = ya + (yb - ya) * sm;
  }
}

tt_plot_image *tt_plot_flow(const tt_panel *p, const int *years,
                            size_t n_years, int group,
                            const tt_plot_options *o, tt_error *err) {
  if (n_years < 2 || n_years > MAX_COLS) {
    tt_error_set(err, TT_EINVAL, "a flow chart links 2 to %d years, not %zu",
                 MAX_COLS, n_years);
    return NULL;
  }
  for (size_t i = 0; i < n_years; i++)
    if (years[i] < p->year_min || years[i] > p->year_max ||
        (i && years[i] <= years[i - 1])) {
      tt_error_set(err, TT_EINVAL, "flow years must be ascending and within "
                   "%d-%d", p->year_min, p->year_max);
      return NULL;
    }
  const tt_scale *s = p->scale;
  int order[MAX_NODES];
  size_t nn = node_order(s, order);
  size_t pos_of[MAX_NODES]; /* state -> node index */
  for (size_t i = 0; i < nn; i++) pos_of[order[i]] = i;

  /* Counts per column and per link between neighbouring columns. */
  double cnt[MAX_COLS][MAX_NODES] = {{0}};
  double link[MAX_COLS][MAX_NODES][MAX_NODES];
  memset(link, 0, sizeof link);
  size_t total = 0;
  for (size_t e = 0; e < p->n_entities; e++) {
    if (group != TT_GROUP_NONE && p->group[e] != group) continue;
    int any = 0;
    for (size_t c = 0; c < n_years; c++) any |= tt_panel_get(p, e, years[c]);
    if (!any) continue;
    total++;
    for (size_t c = 0; c < n_years; c++) {
      size_t a = pos_of[tt_panel_get(p, e, years[c])];
      cnt[c][a] += 1;
      if (c + 1 < n_years)
        link[c][a][pos_of[tt_panel_get(p, e, years[c + 1])]] += 1;
    }
  }
  if (!total) {
    tt_error_set(err, TT_EINVAL, "no country is in the report in any of the "
                 "years asked");
    return NULL;
  }

  tt_canvas cv;
  if (tt_canvas_open(&cv, o, 1200, 800, err)) return NULL;
  tt_canvas *c = &cv;
  double u = c->u, m = TT_MARGIN * u;
  const char *noun = tt_theme_noun(s);

  char title[256], sub[512], span[128];
  size_t sp = 0;
  span[0] = '\0';
  for (size_t i = 0; i < n_years && sp < sizeof span; i++) {
    int w = snprintf(span + sp, sizeof span - sp, "%s%d", i ? " \u2192 " : "",
                     years[i]);
    if (w < 0) break;
    sp += (size_t)w;
  }
  if (group == TT_GROUP_NONE)
    snprintf(title, sizeof title, "How %s moved between %ss, %s",
             tt_theme_who(s), noun, span);
  else
    snprintf(title, sizeof title, "How %s in %s moved between %ss, %s",
             tt_theme_who(s), p->group_names[group], noun, span);
  if (n_years == 2)
    snprintf(sub, sizeof sub, "Each band joins %s' %s in %d (left) to "
             "their %s in %d (right); its width is their number (%zu %s in "
             "all).", tt_theme_who(s), noun, years[0], noun, years[1], total,
             tt_theme_who(s));
  else
    snprintf(sub, sizeof sub, "Each band joins %s' %s in one year shown "
             "to their %s in the next; its width is their number (%zu %s in "
             "all).", tt_theme_who(s), noun, noun, total, tt_theme_who(s));
  double top = tt_canvas_header(c, o, title, sub);
  tt_key keys[MAX_NODES];
  size_t nk = 0;
  int used[MAX_NODES] = {0};
  for (size_t cc = 0; cc < n_years; cc++)
    for (size_t i = 0; i < nn; i++) used[i] |= cnt[cc][i] > 0;
  for (size_t i = 0; i < nn; i++)
    if (used[i])
      keys[nk++] = order[i] ? (tt_key){s->states[order[i]].label,
                                       tt_theme_state_colour(s, order[i]),
                                       TT_KEY_BOX}
                            : (tt_key){"Not in the report", ABSENT_LINE,
                                       TT_KEY_HOLLOW};
  top += tt_legend(c, keys, nk, m, top, c->w - 2 * m, 0) + 4 * u;
  char fnote[256];
  snprintf(fnote, sizeof fnote, "Bands take the colour of the earlier "
           "year's %s; the wider ones carry their number of %s.", noun,
           tt_theme_who(s));
  double foot = tt_canvas_footer(c, o, fnote);

  /* Geometry: labels at both sides, columns spread between. */
  double lab_w = 0;
  for (size_t i = 0; i < nn; i++)
    if (used[i])
      lab_w = fmax(lab_w, tt_text_width(order[i] ? s->states[order[i]].label
                                                 : "Not in the report",
                                        TT_FS_TICK * u, 0));
  lab_w += tt_text_width(" (000)", TT_FS_TICK * u, 0) + 14 * u;
  double node_w = 22 * u;
  double x_first = m + lab_w, x_last = c->w - m - lab_w - node_w;
  double head = TT_FS_AXIS * 1.8 * u;
  double y0 = top + head, y1 = foot - 12 * u;
  size_t max_nodes = 0;
  for (size_t cc = 0; cc < n_years; cc++) {
    size_t k = 0;
    for (size_t i = 0; i < nn; i++) k += cnt[cc][i] > 0;
    if (k > max_nodes) max_nodes = k;
  }
  double gap = 14 * u;
  double scale = (y1 - y0 - gap * (double)(max_nodes - 1)) / (double)total;

  /* Node tops per column; columns are centred vertically. */
  double ntop[MAX_COLS][MAX_NODES], colx[MAX_COLS];
  for (size_t cc = 0; cc < n_years; cc++) {
    colx[cc] = x_first + (x_last - x_first) * (double)cc /
                             (double)(n_years - 1);
    size_t k = 0;
    for (size_t i = 0; i < nn; i++) k += cnt[cc][i] > 0;
    double hgt = scale * (double)total + gap * (double)(k ? k - 1 : 0);
    double y = y0 + (y1 - y0 - hgt) / 2;
    for (size_t i = 0; i < nn; i++) {
      ntop[cc][i] = y;
      if (cnt[cc][i] > 0) y += scale * cnt[cc][i] + gap;
    }
    char yb[16];
    snprintf(yb, sizeof yb, "%d", years[cc]);
    tt_draw_text_ex(c, colx[cc] + node_w / 2, top + head * 0.4, TT_FS_AXIS,
                    0.5, 0, 1, TT_INK, yb);
  }

  /* Bands: out of each node in target order, into each node in source
   * order, so bands do not cross inside a node. */
  enum { NS = 40 };
  double ex[2 * NS], ey[2 * NS], bx[NS], by[NS];
  for (size_t cc = 0; cc + 1 < n_years; cc++) {
    double out_off[MAX_NODES] = {0};
    /* Where each source's band enters each target node. */
    double in_start[MAX_NODES][MAX_NODES];
    for (size_t b = 0; b < nn; b++) {
      double off = 0;
      for (size_t a = 0; a < nn; a++) {
        in_start[a][b] = off;
        off += link[cc][a][b] * scale;
      }
    }
    for (size_t a = 0; a < nn; a++)
      for (size_t b = 0; b < nn; b++) {
        double v = link[cc][a][b];
        if (v <= 0) continue;
        double h = v * scale;
        double xa = colx[cc] + node_w, xb = colx[cc + 1];
        double ya = ntop[cc][a] + out_off[a];
        double yb = ntop[cc + 1][b] + in_start[a][b];
        out_off[a] += h;
        smooth_edge(xa, ya, xb, yb, NS, ex, ey);
        smooth_edge(xa, ya + h, xb, yb + h, NS, bx, by);
        for (size_t i = 0; i < NS; i++) {
          ex[NS + i] = bx[NS - 1 - i];
          ey[NS + i] = by[NS - 1 - i];
        }
        tt_rgb col = order[a] ? tt_theme_state_colour(s, order[a])
                              : ABSENT_BAND;
        tt_draw_colour(c, col, 0.5);
        tt_draw_polygon(c, 2 * NS, ex, ey);
        /* The count where the band leaves its block, when it is wide
         * enough to hold the figure. */
        if (h >= TT_FS_SMALL * 1.15 * u) {
          char num[16];
          snprintf(num, sizeof num, "%.0f", v);
          tt_draw_text_ex(c, xa + 8 * u, ya + h / 2, TT_FS_SMALL, 0, 0, 1,
                          tt_theme_darken(col, 0.55), num);
        }
        tt_canvas_note(c, "%d %s to %d %s: %.0f.", years[cc],
                       order[a] ? s->states[order[a]].label : "not in the "
                                                              "report",
                       years[cc + 1],
                       order[b] ? s->states[order[b]].label : "not in the "
                                                              "report",
                       v);
      }
  }

  /* Nodes and their labels. */
  for (size_t cc = 0; cc < n_years; cc++) {
    double ly[MAX_NODES];
    size_t li[MAX_NODES], nl = 0;
    for (size_t i = 0; i < nn; i++) {
      if (cnt[cc][i] <= 0) continue;
      double ya = ntop[cc][i], yb = ya + scale * cnt[cc][i];
      if (order[i]) {
        tt_draw_colour(c, tt_theme_state_colour(s, order[i]), 1);
        tt_draw_rect(c, colx[cc], ya, colx[cc] + node_w, yb);
      } else { /* hollow: not in the report */
        double hx[5] = {colx[cc], colx[cc] + node_w, colx[cc] + node_w,
                        colx[cc], colx[cc]};
        double hy[5] = {ya, ya, fmax(yb, ya + 2 * u), fmax(yb, ya + 2 * u),
                        ya};
        tt_draw_colour(c, TT_WHITE, 1);
        tt_draw_rect(c, hx[0], hy[0], hx[1], hy[2]);
        tt_draw_colour(c, ABSENT_LINE, 1);
        tt_draw_path(c, 5, hx, hy, 1.5, TT_LINE_SOLID);
      }
      ly[nl] = (ya + yb) / 2;
      li[nl++] = i;
    }
    tt_spread_labels(ly, nl, TT_FS_TICK * 1.2 * u, y0, y1);
    for (size_t j = 0; j < nl; j++) {
      size_t i = li[j];
      const char *name = order[i] ? s->states[order[i]].label
                                  : "Not in the report";
      char num[16], both[192];
      snprintf(num, sizeof num, "%.0f", cnt[cc][i]);
      snprintf(both, sizeof both, "%s (%s)", name, num);
      if (cc == 0) {
        tt_draw_text(c, colx[cc] - 10 * u, ly[j], TT_FS_TICK, 1.0, TT_INK,
                     both);
      } else if (cc + 1 == n_years) {
        tt_draw_text(c, colx[cc] + node_w + 10 * u, ly[j], TT_FS_TICK, 0,
                     TT_INK, both);
      }
      /* Middle columns carry no labels: the figures on the bands leaving
       * them add up to each block, and a label would sit on those. */
      tt_canvas_note(c, "%d: %s %s.", years[cc], name, num);
    }
  }
  return tt_canvas_close(c, err);
}
