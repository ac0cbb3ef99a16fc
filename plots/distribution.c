/* distribution.c — shares of each state by year as stacked bars (one
 * chart, or small multiples by group). The best state is on top and
 * unranked states at the bottom, in the fixed tier colours. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tt_theme.h"

/* Stacking order, bottom first: unranked states, then ranked ones from
 * the worst value to the best. */
static size_t stack_order(const tt_scale *s, int *order) {
  size_t n = 0;
  for (size_t k = 1; k <= s->n; k++)
    if (!s->states[k].ranked) order[n++] = (int)k;
  size_t first_ranked = n;
  for (size_t k = 1; k <= s->n; k++)
    if (s->states[k].ranked) order[n++] = (int)k;
  for (size_t i = first_ranked + 1; i < n; i++)
    for (size_t j = i; j > first_ranked &&
                       s->states[order[j]].value > s->states[order[j - 1]].value;
         j--) {
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  return n;
}

/* Legend keys best first (the reverse of the stack, so the legend reads
 * in the order the eye meets the colours from the top). */
static size_t state_keys(const tt_scale *s, tt_key *keys) {
  int order[TT_SCALE_MAX_STATES];
  size_t n = stack_order(s, order);
  for (size_t i = 0; i < n; i++)
    keys[i] = (tt_key){s->states[order[n - 1 - i]].label,
                       tt_theme_state_colour(s, order[n - 1 - i]), TT_KEY_BOX};
  return n;
}

static size_t year_counts(const tt_panel *p, int group, int y, size_t *cnt) {
  size_t total = 0;
  memset(cnt, 0, (TT_SCALE_MAX_STATES + 1) * sizeof *cnt);
  for (size_t e = 0; e < p->n_entities; e++) {
    if (group != TT_GROUP_NONE && p->group[e] != group) continue;
    int st = tt_panel_get(p, e, y);
    if (!st) continue;
    cnt[st]++;
    total++;
  }
  return total;
}

static void pct_axis(tt_canvas *c, const tt_frame *f, int labels) {
  static const double v[5] = {0, 0.25, 0.5, 0.75, 1};
  static const char *const lab[5] = {"0%", "25%", "50%", "75%", "100%"};
  tt_axis_y(c, f, 5, v, labels ? lab : NULL, 1);
}

/* The bars of one group in frame f; n above bars when show_n. Returns the
 * number of entities in the last year with data (0 when none). */
static size_t draw_bars(tt_canvas *c, const tt_frame *f, const tt_panel *p,
                        int group, int lo, int hi, int show_n,
                        double n_size, int *last_year, size_t *last_cnt) {
  const tt_scale *s = p->scale;
  int order[TT_SCALE_MAX_STATES];
  size_t no = stack_order(s, order);
  double slot = tt_fx(f, 1) - tt_fx(f, 0);
  double bw = slot * 0.72;
  size_t cnt[TT_SCALE_MAX_STATES + 1], last_n = 0;
  /* Print every n if it fits, else every other one. */
  int n_every = tt_text_width("888", n_size * c->u, 0) + 9 * c->u <= slot
                    ? 1 : 2;
  for (int y = lo; y <= hi; y++) {
    size_t total = year_counts(p, group, y, cnt);
    if (!total) continue;
    double x = tt_fx(f, y), acc = 0;
    for (size_t i = 0; i < no; i++) {
      double sh = (double)cnt[order[i]] / (double)total;
      if (sh <= 0) continue;
      tt_draw_colour(c, tt_theme_state_colour(s, order[i]), 1);
      double ya = tt_fy(f, acc + sh), yb = tt_fy(f, acc);
      tt_draw_rect(c, x - bw / 2, ya, x + bw / 2, yb);
      acc += sh;
    }
    if (show_n && (hi - y) % n_every == 0) { /* always the latest year */
      char b[24];
      snprintf(b, sizeof b, "%zu", total);
      tt_draw_text(c, x, f->y0 - n_size * 0.75 * c->u, n_size, 0.5,
                   TT_MUTED, b);
    }
    last_n = total;
    *last_year = y;
    memcpy(last_cnt, cnt, sizeof cnt);
  }
  return last_n;
}

static int clip_years(const tt_panel *p, int *lo, int *hi, tt_error *err) {
  if (*lo < p->year_min) *lo = p->year_min;
  if (*hi > p->year_max) *hi = p->year_max;
  if (*lo > *hi) {
    tt_error_set(err, TT_EINVAL, "no year of the data in the range asked");
    return -1;
  }
  return 0;
}

tt_plot_image *tt_plot_distribution(const tt_panel *p, int group, int lo,
                                    int hi, const tt_plot_options *o,
                                    tt_error *err) {
  if (clip_years(p, &lo, &hi, err)) return NULL;
  const tt_scale *s = p->scale;
  tt_canvas cv;
  if (tt_canvas_open(&cv, o, 1200, 800, err)) return NULL;
  tt_canvas *c = &cv;
  double u = c->u, m = TT_MARGIN * u;
  const char *noun = tt_theme_noun(s);

  char title[512], sub[256];
  if (group == TT_GROUP_NONE)
    snprintf(title, sizeof title, "%s by %s, %d\u2013%d", tt_theme_Who(s),
             noun, lo, hi);
  else
  {
    char gn[160];
    snprintf(title, sizeof title, "%s by %s in %s, %d\u2013%d",
             tt_theme_Who(s), noun,
             tt_theme_group_name(p, group, gn, sizeof gn), lo, hi);
  }
  snprintf(sub, sizeof sub, "Share of the %s in each year's report on each "
           "%s. Above the bars: the number of %s in the report.",
           tt_theme_who(s), noun, tt_theme_who(s));
  double top = tt_canvas_header(c, o, title, sub);
  tt_key keys[TT_SCALE_MAX_STATES];
  size_t nk = state_keys(s, keys);
  top += tt_legend(c, keys, nk, m, top, c->w - 2 * m, 0) + 6 * u;
  double foot = tt_canvas_footer(c, o, NULL);

  /* Room at the right for the last year's shares, labelled directly. */
  double right_w = 0;
  for (size_t k = 1; k <= s->n; k++)
    right_w = fmax(right_w, tt_text_width(s->states[k].label, TT_FS_TICK * u,
                                          0));
  right_w += tt_text_width(" 100%", TT_FS_TICK * u, 1) + 24 * u;
  tt_frame f = {m + tt_text_width("100%", TT_FS_TICK * u, 0) + 14 * u,
                top + TT_FS_AXIS * 1.8 * u + TT_FS_SMALL * 1.4 * u,
                c->w - m - right_w,
                foot - 6 * u - TT_FS_TICK * 1.5 * u - TT_FS_AXIS * 1.8 * u,
                lo - 0.6, hi + 0.6, 0, 1};
  pct_axis(c, &f, 1);
  char ytitle[96];
  snprintf(ytitle, sizeof ytitle, "Share of %s in the report",
           tt_theme_who(s));
  tt_axis_title_y_lift(c, &f, TT_FS_SMALL * 1.4 * u, ytitle);
  int last_year = lo;
  size_t last_cnt[TT_SCALE_MAX_STATES + 1] = {0};
  size_t last_n = draw_bars(c, &f, p, group, lo, hi, 1, TT_FS_SMALL,
                            &last_year, last_cnt);
  tt_axis_base(c, &f);
  tt_axis_years(c, &f, lo, hi, 0, TT_FS_TICK);
  tt_axis_title_x(c, &f, tt_theme_is_tip(s) ? "Report year" : "Period");
  if (!last_n) {
    tt_canvas_discard(c);
    tt_error_set(err, TT_EINVAL, "no country in the report in %d-%d%s%s", lo,
                 hi, group == TT_GROUP_NONE ? "" : " in group ",
                 group == TT_GROUP_NONE ? "" : p->group_names[group]);
    return NULL;
  }

  /* Direct labels for the last bar, spread so they do not touch. */
  int order[TT_SCALE_MAX_STATES];
  size_t no = stack_order(s, order), nl = 0;
  double ly[TT_SCALE_MAX_STATES];
  int lk[TT_SCALE_MAX_STATES];
  double acc = 0;
  for (size_t i = 0; i < no; i++) {
    double sh = (double)last_cnt[order[i]] / (double)last_n;
    if (sh <= 0) continue;
    ly[nl] = tt_fy(&f, acc + sh / 2);
    lk[nl++] = order[i];
    acc += sh;
  }
  tt_spread_labels(ly, nl, TT_FS_TICK * 1.25 * u, f.y0, f.y1);
  double lx = tt_fx(&f, last_year) + (tt_fx(&f, 1) - tt_fx(&f, 0)) * 0.36 +
              10 * u;
  for (size_t i = 0; i < nl; i++) {
    char b[160], pc[16];
    tt_fmt_pct(pc, sizeof pc, (double)last_cnt[lk[i]] / (double)last_n, 0);
    snprintf(b, sizeof b, "%s %s", s->states[lk[i]].label, pc);
    tt_draw_text(c, lx, ly[i], TT_FS_TICK, 0, TT_INK, b);
    tt_canvas_note(c, "%d: %s %s (%zu of %zu).", last_year,
                   s->states[lk[i]].label, pc, last_cnt[lk[i]], last_n);
  }
  return tt_canvas_close(c, err);
}

/* A small multiple's heading in one of four forms, longest first:
 * "Africa (AF), 48 countries", "Africa (AF) (48)", "AF, 48 countries",
 * "AF (48)". */
static void heading(const tt_panel *p, int g, int form, char *h, size_t n) {
  const char *who = tt_theme_who(p->scale);
  size_t members = 0;
  for (size_t e = 0; e < p->n_entities; e++) members += p->group[e] == g;
  char gn[160];
  const char *nm = form < 2 ? tt_theme_group_name(p, g, gn, sizeof gn)
                            : p->group_names[g];
  if (form % 2 == 0)
    snprintf(h, n, "%s, %zu %s", nm, members, who);
  else
    snprintf(h, n, "%s (%zu)", nm, members);
}

tt_plot_image *tt_plot_distribution_by_group(const tt_panel *p, int lo,
                                             int hi,
                                             const tt_plot_options *o,
                                             tt_error *err) {
  if (clip_years(p, &lo, &hi, err)) return NULL;
  size_t ng = p->n_groups;
  if (ng < 1 || ng > 12) {
    tt_error_set(err, TT_EINVAL, "small multiples need 1 to 12 groups, the "
                 "data has %zu", ng);
    return NULL;
  }
  const tt_scale *s = p->scale;
  tt_canvas cv;
  if (tt_canvas_open(&cv, o, 1200, 800, err)) return NULL;
  tt_canvas *c = &cv;
  double u = c->u, m = TT_MARGIN * u;
  const char *noun = tt_theme_noun(s);

  char title[512], sub[256];
  snprintf(title, sizeof title, "%s by %s in each %s, %d\u2013%d",
           tt_theme_Who(s), noun, tt_theme_is_tip(s) ? "region" : "group",
           lo, hi);
  snprintf(sub, sizeof sub, "Share of each %s's %s in each year's report "
           "on each %s; the number of %s in each %s beside its name.",
           tt_theme_is_tip(s) ? "region" : "group", tt_theme_who(s), noun,
           tt_theme_who(s), tt_theme_is_tip(s) ? "region" : "group");
  double top = tt_canvas_header(c, o, title, sub);
  tt_key keys[TT_SCALE_MAX_STATES];
  size_t nk = state_keys(s, keys);
  top += tt_legend(c, keys, nk, m, top, c->w - 2 * m, 0) + 10 * u;
  double foot = tt_canvas_footer(c, o, NULL);

  /* A grid about as wide as the page's shape suggests. */
  size_t cols = (size_t)ceil(sqrt((double)ng * c->w / c->h));
  if (cols > ng) cols = ng;
  size_t rows = (ng + cols - 1) / cols;
  double left = m + tt_text_width("100%", TT_FS_TICK * u, 0) + 12 * u;
  double gap_x = 28 * u;
  double head = TT_FS_AXIS * 1.6 * u;
  double xlab = 6 * u + TT_FS_TICK * 1.6 * u;
  double gap_y = 14 * u;
  double pw = (c->w - m - left - gap_x * (double)(cols - 1)) / (double)cols;
  double ph = (foot - top - (head + xlab + gap_y) * (double)rows) /
              (double)rows;
  /* Panel headings: the longest form that fits every panel, so they
   * read alike. */
  int form = 0;
  for (size_t g = 0; g < ng; g++) {
    char h[256];
    while (form < 3 && (heading(p, (int)g, form, h, sizeof h),
                        tt_text_width(h, TT_FS_AXIS * u, 1) > pw))
      form++;
  }
  for (size_t g = 0; g < ng; g++) {
    size_t r = g / cols, cc = g % cols;
    double x0 = left + (pw + gap_x) * (double)cc;
    double y0 = top + (head + xlab + gap_y + ph) * (double)r + head;
    tt_frame f = {x0, y0, x0 + pw, y0 + ph, lo - 0.6, hi + 0.6, 0, 1};
    pct_axis(c, &f, cc == 0);
    int ly;
    size_t lc[TT_SCALE_MAX_STATES + 1];
    draw_bars(c, &f, p, (int)g, lo, hi, 0, TT_FS_SMALL, &ly, lc);
    tt_axis_base(c, &f);
    tt_axis_years(c, &f, lo, hi, 0, TT_FS_TICK);
    char h[256];
    heading(p, (int)g, form, h, sizeof h);
    tt_draw_text_ex(c, x0, y0 - head * 0.55, TT_FS_AXIS, 0, 0, 1, TT_INK, h);
    tt_canvas_note(c, "Panel: %s.", h);
  }
  return tt_canvas_close(c, err);
}
