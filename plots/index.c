/* index.c — sequence index plot: every entity a row, every year a column,
 * each cell coloured by the state. Rows come in blocks by group (group
 * name at the side) and within a block by mean value, best first, so
 * similar histories sit together. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tt_theme.h"

typedef struct {
  size_t e;
  int group;   /* TT_GROUP_NONE sorts last */
  double mean; /* mean value of ranked years; NaN when none */
  size_t rank; /* position in the panel (already sorted by name) */
} row;

static int row_cmp(const void *a, const void *b) {
  const row *x = a, *y = b;
  int gx = x->group == TT_GROUP_NONE ? 1 << 30 : x->group;
  int gy = y->group == TT_GROUP_NONE ? 1 << 30 : y->group;
  if (gx != gy) return gx < gy ? -1 : 1;
  int nx = isnan(x->mean), ny = isnan(y->mean);
  if (nx != ny) return nx - ny; /* unranked-only histories last */
  if (!nx && x->mean != y->mean) return x->mean < y->mean ? -1 : 1;
  return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* Rows of the chart: entities with a report in [lo, hi]. */
static size_t collect(const tt_panel *p, int group, int lo, int hi,
                      row *rows) {
  size_t n = 0;
  for (size_t e = 0; e < p->n_entities; e++) {
    if (group != TT_GROUP_NONE && p->group[e] != group) continue;
    double sum = 0;
    size_t k = 0, present = 0;
    for (int y = lo; y <= hi; y++) {
      int st = tt_panel_get(p, e, y);
      present += st != 0;
      if (st && p->scale->states[st].ranked) {
        sum += p->scale->states[st].value;
        k++;
      }
    }
    if (!present) continue;
    rows[n++] = (row){e, p->group[e], k ? sum / (double)k : NAN, e};
  }
  qsort(rows, n, sizeof *rows, row_cmp);
  return n;
}

/* Row pitch and gap between blocks at type scale 1, when the height is
 * left to the chart; the space above and below the rows (header, legend,
 * year labels, footer). */
#define ROW_PX 16.0
#define BLOCK_GAP 14.0
#define CHROME_PX 330.0
/* More rows than this go in two columns, on a wider page. */
#define ONE_COLUMN_MAX 80

/* Block breaks (group changes) inside rows [a, b). */
static size_t breaks(const row *rows, size_t a, size_t b) {
  size_t k = 0;
  for (size_t i = a + 1; i < b; i++) k += rows[i].group != rows[i - 1].group;
  return k;
}

tt_plot_image *tt_plot_index(const tt_panel *p, int group, int lo, int hi,
                             const tt_plot_options *o, tt_error *err) {
  if (lo < p->year_min) lo = p->year_min;
  if (hi > p->year_max) hi = p->year_max;
  if (lo > hi) {
    tt_error_set(err, TT_EINVAL, "no year of the data in the range asked");
    return NULL;
  }
  row *rows = malloc((p->n_entities ? p->n_entities : 1) * sizeof *rows);
  if (!rows) {
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  size_t n = collect(p, group, lo, hi, rows);
  if (!n) {
    free(rows);
    tt_error_set(err, TT_EINVAL, "no country in the report in %d-%d", lo, hi);
    return NULL;
  }
  /* Columns: the rows split evenly, a block running on into the next
   * column when it must ("continued"). */
  size_t cols = n > ONE_COLUMN_MAX ? 2 : 1;
  size_t per = (n + cols - 1) / cols;
  size_t max_breaks = 0;
  for (size_t cc = 0; cc < cols; cc++) {
    size_t a = cc * per, b = a + per < n ? a + per : n;
    size_t k = breaks(rows, a, b);
    if (k > max_breaks) max_breaks = k;
  }
  double ref_w = cols == 2 ? 1600 : 1200;
  int w = o->width > 0 ? o->width : (int)ref_w;
  double uw = w / ref_w;
  if (uw < 0.5) uw = 0.5;
  double def_h = (CHROME_PX + ROW_PX * (double)per +
                  BLOCK_GAP * (double)max_breaks) * uw;
  if (def_h < 800) def_h = 800;
  if (def_h > TT_PLOT_MAX_SIZE) def_h = TT_PLOT_MAX_SIZE;

  tt_canvas cv;
  /* Type scales with the width only: a short page gets thinner rows, not
   * smaller letters everywhere. */
  if (tt_canvas_open_ref(&cv, o, (int)ref_w, (int)lround(def_h), ref_w, 800,
                         err)) {
    free(rows);
    return NULL;
  }
  tt_canvas *c = &cv;
  double u = c->u, m = TT_MARGIN * u;
  const tt_scale *s = p->scale;
  const char *noun = tt_theme_noun(s);

  char title[512], sub[512], gn[160];
  if (group == TT_GROUP_NONE)
    snprintf(title, sizeof title, "Every %s's %s, %d\u2013%d",
             tt_theme_is_tip(s) ? "country" : "entity", noun, lo, hi);
  else
    snprintf(title, sizeof title, "Every %s's %s in %s, %d\u2013%d",
             tt_theme_is_tip(s) ? "country" : "entity", noun,
             tt_theme_group_name(p, group, gn, sizeof gn), lo, hi);
  snprintf(sub, sizeof sub, "One row per %s, one column per %s. Within "
           "each %s, %s are sorted by their average %s, best first.",
           tt_theme_is_tip(s) ? "country" : "entity",
           tt_theme_is_tip(s) ? "report" : "period",
           !p->n_groups ? "block" : tt_theme_is_tip(s) ? "region" : "group",
           tt_theme_who(s), noun);
  double top = tt_canvas_header(c, o, title, sub);

  /* Legend: ranked states best first, then unranked, then absent. */
  int ks[TT_SCALE_MAX_STATES];
  size_t nr = 0;
  for (size_t k = 1; k <= s->n; k++)
    if (s->states[k].ranked) ks[nr++] = (int)k;
  for (size_t i = 1; i < nr; i++)
    for (size_t j = i;
         j > 0 && s->states[ks[j]].value < s->states[ks[j - 1]].value; j--) {
      int t = ks[j];
      ks[j] = ks[j - 1];
      ks[j - 1] = t;
    }
  for (size_t k = 1; k <= s->n; k++)
    if (!s->states[k].ranked) ks[nr++] = (int)k;
  tt_key keys[TT_SCALE_MAX_STATES + 1];
  size_t nk = 0;
  for (size_t i = 0; i < nr; i++)
    keys[nk++] = (tt_key){s->states[ks[i]].label,
                          tt_theme_state_colour(s, ks[i]), TT_KEY_BOX};
  keys[nk++] = (tt_key){"Not in the report", TT_ABSENT, TT_KEY_BOX};
  top += tt_legend(c, keys, nk, m, top, c->w - 2 * m, 0) + 4 * u;
  double foot = tt_canvas_footer(c, o, NULL);

  /* Vertical budget: year labels above and below the rows. */
  double ylab = TT_FS_TICK * 1.7 * u;
  double gy0 = top + ylab, gy1 = foot - ylab - 4 * u;
  double gap = BLOCK_GAP * u;
  double pitch = (gy1 - gy0 - gap * (double)max_breaks) / (double)per;
  /* Names only when a row is tall enough to read one. */
  double name_fs = fmin(TT_FS_SMALL, pitch / u * 0.8);
  int names = pitch >= 7.5;
  double name_w = 0;
  if (names)
    for (size_t i = 0; i < n; i++)
      name_w = fmax(name_w,
                    tt_text_width(p->names[rows[i].e], name_fs * u, 0));
  double grp_w = p->n_groups ? TT_FS_AXIS * 1.6 * u : 0;
  double col_gap = 48 * u;
  double col_w = (c->w - 2 * m - col_gap * (double)(cols - 1)) / (double)cols;
  int ny = hi - lo + 1;

  for (size_t cc = 0; cc < cols; cc++) {
    size_t a = cc * per, b = a + per < n ? a + per : n;
    double cx0 = m + (col_w + col_gap) * (double)cc;
    double gx0 = cx0 + grp_w + (names ? name_w + 8 * u : 0);
    double gx1 = cx0 + col_w;
    double cw = (gx1 - gx0) / ny;
    tt_frame f = {gx0, gy0, gx1, gy1, lo - 0.5, hi + 0.5, 0, 1};
    int ystep = tt_year_step(c, cw, TT_FS_TICK);
    for (int y = lo; y <= hi; y++) {
      if (y % ystep) continue;
      char yb[16];
      snprintf(yb, sizeof yb, "%d", y);
      double x = tt_fx(&f, y);
      tt_draw_text(c, x, gy0 - ylab * 0.5, TT_FS_TICK, 0.5, TT_INK, yb);
      double yl = gy0 + pitch * (double)(b - a) +
                  gap * (double)breaks(rows, a, b);
      tt_draw_text(c, x, yl + ylab * 0.6, TT_FS_TICK, 0.5, TT_INK, yb);
    }
    double yy = gy0;
    size_t seg = a;
    for (size_t i = a; i < b; i++) {
      if (i > a && rows[i].group != rows[i - 1].group) {
        yy += gap;
        seg = i;
      }
      size_t e = rows[i].e;
      for (int y = lo; y <= hi; y++) {
        int st = tt_panel_get(p, e, y);
        tt_draw_colour(c, st ? tt_theme_state_colour(s, st) : TT_ABSENT, 1);
        double x0 = gx0 + cw * (y - lo);
        /* A hairline of white between cells keeps the grid legible. */
        tt_draw_rect(c, x0 + 0.5 * u, yy + (pitch > 6 ? 0.5 * u : 0),
                     x0 + cw - 0.5 * u, yy + pitch);
      }
      if (names)
        tt_draw_text(c, gx0 - 6 * u, yy + pitch / 2, name_fs, 1.0, TT_INK,
                     p->names[e]);
      yy += pitch;
      if (!p->n_groups || !(i + 1 == b || rows[i + 1].group != rows[i].group))
        continue;
      /* The group's name at the side, along a bar spanning its rows. */
      int g = rows[i].group;
      double ya = yy - pitch * (double)(i + 1 - seg), yb2 = yy;
      double bx = cx0 + grp_w * 0.5;
      size_t members = 0;
      for (size_t j = 0; j < n; j++) members += rows[j].group == g;
      int cont = seg > 0 && rows[seg - 1].group == g;
      const char *name = g == TT_GROUP_NONE
                             ? "no group"
                             : tt_theme_group_name(p, g, gn, sizeof gn);
      /* The longest label that fits along the block: name with code and
       * count, then shorter forms. */
      const char *code = g == TT_GROUP_NONE ? "none" : p->group_names[g];
      char lab[256];
      double room = yb2 - ya - 8 * u;
      for (int form = 0; form < 4; form++) {
        if (form == 0 && cont)
          snprintf(lab, sizeof lab, "%s, continued", name);
        else if (form == 0)
          snprintf(lab, sizeof lab, "%s, %zu", name, members);
        else if (form == 1)
          snprintf(lab, sizeof lab, "%s%s", name, cont ? " (cont.)" : "");
        else if (form == 2 && !cont)
          snprintf(lab, sizeof lab, "%s, %zu", code, members);
        else
          snprintf(lab, sizeof lab, "%s", code);
        if (tt_text_width(lab, TT_FS_AXIS * u, 1) <= room) break;
      }
      double mid = (ya + yb2) / 2, tw = tt_text_width(lab, TT_FS_AXIS * u, 1);
      tt_draw_colour(c, TT_FAINT, 1);
      if (tw + 16 * u < yb2 - ya) { /* the bar, broken around the label */
        tt_draw_line(c, bx, ya + 1 * u, bx, mid - tw / 2 - 6 * u, 2);
        tt_draw_line(c, bx, mid + tw / 2 + 6 * u, bx, yb2 - 1 * u, 2);
      }
      if (tw <= yb2 - ya + 4 * u)
        tt_draw_text_ex(c, bx, mid, TT_FS_AXIS, 0.5, 90, 1, TT_INK, lab);
    }
  }
  /* For the SVG description: each block's rows in order. */
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && rows[j].group == rows[i].group) j++;
    char list[4096];
    size_t pos = 0;
    list[0] = '\0';
    for (size_t k = i; k < j && pos < sizeof list; k++) {
      int w2 = snprintf(list + pos, sizeof list - pos, "%s%s",
                        k > i ? ", " : "", p->names[rows[k].e]);
      if (w2 < 0) break;
      pos += (size_t)w2;
    }
    tt_canvas_note(c, "Block %s, %zu %s: %s.",
                   rows[i].group == TT_GROUP_NONE
                       ? "no group"
                       : tt_theme_group_name(p, rows[i].group, gn, sizeof gn),
                   j - i, tt_theme_who(s), list);
    i = j;
  }
  free(rows);
  return tt_canvas_close(c, err);
}
