/* Charts: every kind rendered to PNG and SVG from the small hand panel, from
 * hand-made analysis results and (through the command) from the bundled
 * data; the files are checked (PNG signature and size, SVG well-formed,
 * title and legend words), the numbers the charts print are checked against
 * hand computations (they are repeated in the SVG description), and the
 * error paths. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "commands.h"
#include "tt_cli.h"
#include "tt_load.h"
#include "tt_plot.h"

/* ---- helpers -------------------------------------------------------------- */

typedef struct {
  tt_scale *scale;
  tt_panel *panel;
} fixture;

static int setup_small(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  if (!fx) return -1;
  tt_error err;
  tt_error_clear(&err);
  tt_load_options lo;
  tt_load_options_default(&lo);
  tt_diag diag;
  tt_diag_init(&diag);
  fx->scale = tt_scale_alloc_tip();
  fx->panel = tt_panel_load_csv(TT_TEST_DATA "/small.csv", fx->scale, &lo,
                                &diag, &err);
  tt_diag_free(&diag);
  if (!fx->panel) {
    fprintf(stderr, "%s\n", err.msg);
    return -1;
  }
  *state = fx;
  return 0;
}

static int teardown_small(void **state) {
  fixture *fx = *state;
  tt_panel_free(fx->panel);
  tt_scale_free(fx->scale);
  free(fx);
  return 0;
}

static long find(const tt_panel *p, const char *name) {
  long e = tt_panel_find(p, name, NULL);
  assert_true(e >= 0);
  return e;
}

static uint32_t be32(const unsigned char *b) {
  return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 |
         b[3];
}

/* A PNG: the signature, an IHDR chunk first with the expected size, and
 * more than a blank page's worth of bytes. */
static void check_png(const unsigned char *d, size_t n, uint32_t w,
                      uint32_t h) {
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G',
                                       '\r', '\n', 0x1a, '\n'};
  assert_true(n > 33);
  assert_memory_equal(d, sig, 8);
  assert_int_equal(be32(d + 8), 13);
  assert_memory_equal(d + 12, "IHDR", 4);
  assert_int_equal(be32(d + 16), w);
  assert_int_equal(be32(d + 20), h);
  /* A white page of this size compresses to a few kilobytes; a chart with
   * lines, fills and text is far bigger. */
  assert_true(n > 15000);
  assert_memory_equal(d + n - 8, "IEND", 4);
}

/* XML well-formedness, enough for SVG: one root element, tags nested and
 * closed, attributes quoted, '<' and '&' only as markup or entities. */
static int xml_entity_ok(const char *s, const char *end) {
  static const char *const named[] = {"amp;", "lt;", "gt;", "quot;", "apos;"};
  for (size_t i = 0; i < 5; i++) {
    size_t k = strlen(named[i]);
    if ((size_t)(end - s) >= k && !strncmp(s, named[i], k)) return (int)k;
  }
  if (*s == '#') {
    const char *q = s + 1;
    while (q < end && *q != ';' && q - s < 10) q++;
    if (q < end && *q == ';' && q > s + 1) return (int)(q - s + 1);
  }
  return 0;
}

static int xml_well_formed(const char *s, size_t n) {
  const char *end = s + n, *stack[256];
  size_t depth = 0, roots = 0;
  while (s < end) {
    if (*s == '&') {
      int k = xml_entity_ok(s + 1, end);
      if (!k) return 0;
      s += 1 + k;
      continue;
    }
    if (*s != '<') {
      s++;
      continue;
    }
    if (end - s >= 2 && s[1] == '?') { /* declaration */
      const char *q = strstr(s, "?>");
      if (!q || q >= end) return 0;
      s = q + 2;
      continue;
    }
    if (end - s >= 4 && !strncmp(s, "<!--", 4)) {
      const char *q = strstr(s, "-->");
      if (!q || q >= end) return 0;
      s = q + 3;
      continue;
    }
    int closing = s[1] == '/';
    const char *name = s + 1 + closing, *q = name;
    while (q < end && (*q == ':' || *q == '-' || *q == '_' || *q == '.' ||
                       (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
                       (*q >= '0' && *q <= '9')))
      q++;
    size_t nl = (size_t)(q - name);
    if (!nl) return 0;
    /* Attributes: name="value" pairs up to '>' or '/>'. */
    while (q < end && *q != '>' && *q != '/') {
      if (*q == ' ' || *q == '\n' || *q == '\t' || *q == '\r') {
        q++;
        continue;
      }
      if (closing) return 0;
      while (q < end && *q != '=' && *q != ' ' && *q != '>') q++;
      if (q >= end || *q != '=') return 0;
      q++;
      char quote = *q;
      if (quote != '"' && quote != '\'') return 0;
      q++;
      while (q < end && *q != quote) {
        if (*q == '<') return 0;
        if (*q == '&') {
          int k = xml_entity_ok(q + 1, end);
          if (!k) return 0;
          q += k;
        }
        q++;
      }
      if (q >= end) return 0;
      q++;
    }
    if (q >= end) return 0;
    int empty = *q == '/';
    if (empty) {
      if (closing || q + 1 >= end || q[1] != '>') return 0;
      q++;
    }
    if (closing) {
      if (!depth) return 0;
      depth--;
      if (strncmp(stack[depth], name, nl) ||
          (stack[depth][nl] != ' ' && stack[depth][nl] != '>' &&
           stack[depth][nl] != '/' && stack[depth][nl] != '\n'))
        return 0;
    } else if (!empty) {
      if (!depth) roots++;
      if (depth == sizeof stack / sizeof *stack) return 0;
      stack[depth++] = name;
    } else if (!depth) {
      roots++;
    }
    s = q + 1;
  }
  return depth == 0 && roots == 1;
}

/* The text of the first <tag>...</tag>, entities decoded, in buf. */
static const char *svg_element(const char *svg, size_t n, const char *tag,
                               char *buf, size_t size) {
  char open[32], close[32];
  snprintf(open, sizeof open, "<%s>", tag);
  snprintf(close, sizeof close, "</%s>", tag);
  const char *a = strstr(svg, open);
  assert_non_null(a);
  a += strlen(open);
  const char *b = strstr(a, close);
  assert_non_null(b);
  assert_true((size_t)(b - svg) < n);
  size_t k = 0;
  for (const char *s = a; s < b && k + 1 < size;) {
    if (!strncmp(s, "&amp;", 5)) buf[k++] = '&', s += 5;
    else if (!strncmp(s, "&lt;", 4)) buf[k++] = '<', s += 4;
    else if (!strncmp(s, "&gt;", 4)) buf[k++] = '>', s += 4;
    else if (!strncmp(s, "&quot;", 6)) buf[k++] = '"', s += 6;
    else buf[k++] = *s++;
  }
  buf[k] = '\0';
  return buf;
}

/* A well-formed SVG of the size asked, its <title> equal to title; the
 * description returned (malloc'd) for more checks. */
static char *check_svg(const tt_plot_image *img, const char *title) {
  assert_int_equal(img->format, TT_PLOT_SVG);
  char *s = malloc(img->size + 1);
  assert_non_null(s);
  memcpy(s, img->data, img->size);
  s[img->size] = '\0';
  assert_int_equal(strlen(s), img->size); /* no NUL inside */
  assert_true(xml_well_formed(s, img->size));
  char dim[64];
  snprintf(dim, sizeof dim, "width=\"%dpt\" height=\"%dpt\"", img->width,
           img->height);
  assert_non_null(strstr(s, dim));
  char buf[512];
  if (title) assert_string_equal(svg_element(s, img->size, "title", buf,
                                             sizeof buf),
                                 title);
  size_t cap = img->size + 1;
  char *desc = malloc(cap);
  assert_non_null(desc);
  svg_element(s, img->size, "desc", desc, cap);
  free(s);
  return desc;
}

static void assert_has(const char *hay, const char *needle) {
  if (!strstr(hay, needle))
    fail_msg("missing \"%s\" in:\n%s", needle, hay);
}

static tt_plot_options opts(tt_plot_format f) {
  tt_plot_options o;
  tt_plot_options_default(&o);
  o.format = f;
  o.source = "Data: small.csv (test).";
  return o;
}

/* ---- the library ---------------------------------------------------------- */

static void test_format_from_path(void **state) {
  (void)state;
  assert_int_equal(tt_plot_format_from_path("a.png"), TT_PLOT_PNG);
  assert_int_equal(tt_plot_format_from_path("dir/a.PNG"), TT_PLOT_PNG);
  assert_int_equal(tt_plot_format_from_path("a.svg"), TT_PLOT_SVG);
  assert_int_equal(tt_plot_format_from_path("a.Svg"), TT_PLOT_SVG);
  assert_int_equal(tt_plot_format_from_path("a.jpg"), -1);
  assert_int_equal(tt_plot_format_from_path("png"), -1);
  assert_int_equal(tt_plot_format_from_path("d.png/file"), -1);
  assert_int_equal(tt_plot_format_from_path(NULL), -1);
}

static void test_timeline(void **state) {
  fixture *fx = *state;
  const tt_panel *p = fx->panel;
  size_t ent[2] = {(size_t)find(p, "Alpha"), (size_t)find(p, "Beta")};
  tt_error err;
  tt_plot_options o = opts(TT_PLOT_PNG);
  tt_plot_image *img = tt_plot_timeline(p, ent, 2, 2001, 2005, &o, &err);
  assert_non_null(img);
  check_png(img->data, img->size, 1200, 800);
  tt_plot_image_free(img);

  o = opts(TT_PLOT_SVG);
  img = tt_plot_timeline(p, ent, 2, 2001, 2005, &o, &err);
  assert_non_null(img);
  char *d = check_svg(img, "Alpha and Beta: tier by year, 2001\u20132005");
  assert_has(d, "Legend: Alpha; Beta.");
  /* Beta (small.csv): 2, 2WL, 2WL, 3, 2WL. */
  assert_has(d, "Beta: Tier 2 2001; Tier 2 Watch List 2002\u20132003; "
                "Tier 3 2004; Tier 2 Watch List 2005.");
  assert_has(d, "Data: small.csv (test).");
  free(d);
  tt_plot_image_free(img);

  /* Gamma misses 2003; Delta misses 2001 and ends on Special Case. */
  size_t gd[2] = {(size_t)find(p, "Gamma"), (size_t)find(p, "Delta")};
  img = tt_plot_timeline(p, gd, 2, 2001, 2005, &o, &err);
  assert_non_null(img);
  d = check_svg(img, NULL);
  assert_has(d, "Gamma: Tier 3 2001\u20132002; not in the report 2003; "
                "Tier 2 Watch List 2004; Tier 2 2005.");
  assert_has(d, "Delta: not in the report 2001; Tier 2 2002; Tier 2 Watch "
                "List 2003; Tier 2 2004; Special Case 2005.");
  free(d);
  tt_plot_image_free(img);
}

static void test_timeline_errors(void **state) {
  fixture *fx = *state;
  const tt_panel *p = fx->panel;
  tt_error err;
  tt_plot_options o = opts(TT_PLOT_PNG);
  size_t ent[9] = {0, 1, 2, 3, 4, 0, 1, 2, 3};
  tt_error_clear(&err);
  assert_null(tt_plot_timeline(p, ent, 0, 2001, 2005, &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
  tt_error_clear(&err);
  assert_null(tt_plot_timeline(p, ent, 9, 2001, 2005, &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
  size_t bad = p->n_entities;
  tt_error_clear(&err);
  assert_null(tt_plot_timeline(p, &bad, 1, 2001, 2005, &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
  tt_error_clear(&err);
  assert_null(tt_plot_timeline(p, ent, 1, 2010, 2020, &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
  o.width = 100;
  tt_error_clear(&err);
  assert_null(tt_plot_timeline(p, ent, 1, 2001, 2005, &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
  assert_non_null(strstr(err.msg, "100x800"));
}

/* A 3-state matrix by hand: Tier 1 row 3 stay, 1 to Tier 2; Tier 2 row 2
 * and 2; Watch List row empty. p = 3/4, 1/4; 2/4, 2/4. */
static void test_heatmap(void **state) {
  fixture *fx = *state;
  double count[9] = {3, 1, 0, 2, 2, 0, 0, 0, 0};
  double total[3] = {4, 4, 0};
  double prob[9] = {0.75, 0.25, 0, 0.5, 0.5, 0, NAN, NAN, NAN};
  double lower[9] = {0.30, 0.05, 0, 0.15, 0.15, 0, NAN, NAN, NAN};
  double upper[9] = {0.95, 0.70, 0.0049, 0.85, 0.85, 0.49, NAN, NAN, NAN};
  tt_transitions t;
  memset(&t, 0, sizeof t);
  t.m = 3;
  t.state[0] = 1;
  t.state[1] = 2;
  t.state[2] = 3; /* 2WL in the TIP scale */
  t.opt.year_lo = 2001;
  t.opt.year_hi = 2004;
  t.opt.horizon = 1;
  t.opt.level = 0.95;
  t.opt.interval = TT_INTERVAL_WILSON;
  t.count = count;
  t.row_total = total;
  t.prob = prob;
  t.lower = lower;
  t.upper = upper;
  t.n_pairs = 8;
  t.n_entities = 3;
  tt_error err;
  tt_plot_options o = opts(TT_PLOT_SVG);
  tt_plot_image *img = tt_plot_heatmap(&t, fx->scale, &o, &err);
  assert_non_null(img);
  char *d = check_svg(img, "How countries move between tiers, 2001\u20132005");
  assert_has(d, "8 pairs of reports from 3 countries; 95% Wilson intervals");
  assert_has(d, "From Tier 1 to Tier 1: 75% (30\u201395%), n = 3.");
  assert_has(d, "From Tier 1 to Tier 2: 25% (5\u201370%), n = 1.");
  /* Bounds below 1% keep a decimal: (0-0.5%), not (0-0%). */
  assert_has(d, "From Tier 1 to Tier 2 Watch List: 0% (0\u20130.5%), n = 0.");
  assert_has(d, "From Tier 2 to Tier 2: 50% (15\u201385%), n = 2.");
  /* The empty row prints no cell figures. */
  assert_null(strstr(d, "From Tier 2 Watch List to"));
  free(d);
  tt_plot_image_free(img);

  o = opts(TT_PLOT_PNG);
  o.width = 800;
  o.height = 600;
  img = tt_plot_heatmap(&t, fx->scale, &o, &err);
  assert_non_null(img);
  check_png(img->data, img->size, 800, 600);
  tt_plot_image_free(img);

  t.m = 0;
  tt_error_clear(&err);
  assert_null(tt_plot_heatmap(&t, fx->scale, &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
}

/* small.csv in 2005: Alpha 1, Beta 2WL, Gamma 2, Delta SC, CIV 2. */
static void test_distribution(void **state) {
  fixture *fx = *state;
  const tt_panel *p = fx->panel;
  tt_error err;
  tt_plot_options o = opts(TT_PLOT_SVG);
  tt_plot_image *img =
      tt_plot_distribution(p, TT_GROUP_NONE, 2001, 2005, &o, &err);
  assert_non_null(img);
  char *d = check_svg(img, "Countries by tier, 2001\u20132005");
  assert_has(d, "Legend: Tier 1; Tier 2; Tier 2 Watch List; Tier 3; "
                "Special Case.");
  assert_has(d, "2005: Tier 1 20% (1 of 5).");
  assert_has(d, "2005: Tier 2 40% (2 of 5).");
  assert_has(d, "2005: Tier 2 Watch List 20% (1 of 5).");
  assert_has(d, "2005: Special Case 20% (1 of 5).");
  assert_null(strstr(d, "2005: Tier 3")); /* nobody: no label */
  free(d);
  tt_plot_image_free(img);

  /* North = Alpha (1), Beta (2WL) in 2005. */
  int north = tt_panel_find_group(p, "North");
  assert_true(north >= 0);
  img = tt_plot_distribution(p, north, 2001, 2005, &o, &err);
  assert_non_null(img);
  d = check_svg(img, "Countries by tier in North, 2001\u20132005");
  assert_has(d, "2005: Tier 1 50% (1 of 2).");
  assert_has(d, "2005: Tier 2 Watch List 50% (1 of 2).");
  free(d);
  tt_plot_image_free(img);

  o = opts(TT_PLOT_PNG);
  img = tt_plot_distribution(p, TT_GROUP_NONE, 2001, 2005, &o, &err);
  assert_non_null(img);
  check_png(img->data, img->size, 1200, 800);
  tt_plot_image_free(img);

  img = tt_plot_distribution_by_group(p, 2001, 2005, &o, &err);
  assert_non_null(img);
  check_png(img->data, img->size, 1200, 800);
  tt_plot_image_free(img);
  o = opts(TT_PLOT_SVG);
  img = tt_plot_distribution_by_group(p, 2001, 2005, &o, &err);
  assert_non_null(img);
  d = check_svg(img, "Countries by tier in each region, 2001\u20132005");
  assert_has(d, "Panel: North, 2 countries.");
  assert_has(d, "Panel: South, 3 countries.");
  free(d);
  tt_plot_image_free(img);
}

/* Means of ranked values in 2005: North (1 + 2.5) / 2 = 1.75; South
 * (2 + 2) / 2 = 2.00 (Delta's Special Case has no value); all
 * (1 + 2.5 + 2 + 2) / 4 = 1.875, printed 1.88. Share on 2WL or 3 in 2005:
 * North 1/2, South 0/3, all 1/5. */
static void test_groups(void **state) {
  fixture *fx = *state;
  const tt_panel *p = fx->panel;
  tt_error err;
  tt_plot_options o = opts(TT_PLOT_SVG);
  tt_plot_image *img = tt_plot_groups(p, 0, 2001, 2005, &o, &err);
  assert_non_null(img);
  char *d = check_svg(img, "Average tier by region, 2001\u20132005");
  assert_has(d, "Legend: North; South; All countries.");
  assert_has(d, "2005: North 1.75.");
  assert_has(d, "2005: South 2.00.");
  assert_has(d, "2005: All 1.88.");
  free(d);
  tt_plot_image_free(img);

  unsigned mask = 1u << 3 | 1u << 4; /* 2WL and 3 on the TIP scale */
  img = tt_plot_groups(p, mask, 2001, 2005, &o, &err);
  assert_non_null(img);
  d = check_svg(img, "Share of countries on Tier 2 Watch List or Tier 3 by "
                     "region, 2001\u20132005");
  assert_has(d, "2005: North 50%.");
  assert_has(d, "2005: South 0%.");
  assert_has(d, "2005: All 20%.");
  free(d);
  tt_plot_image_free(img);

  o = opts(TT_PLOT_PNG);
  img = tt_plot_groups(p, 0, 2001, 2005, &o, &err);
  assert_non_null(img);
  check_png(img->data, img->size, 1200, 800);
  tt_plot_image_free(img);
}

/* Mean values 2001-2005: Alpha 1.4, Beta 2.5; Delta (2 + 2.5 + 2) / 3 =
 * 2.17, Côte d'Ivoire (3 x 2.5 + 2 x 2) / 5 = 2.3, Gamma (3 + 3 + 2.5 +
 * 2) / 4 = 2.63: rows best first within each group. */
static void test_index(void **state) {
  fixture *fx = *state;
  const tt_panel *p = fx->panel;
  tt_error err;
  tt_plot_options o = opts(TT_PLOT_SVG);
  tt_plot_image *img = tt_plot_index(p, TT_GROUP_NONE, 2001, 2005, &o, &err);
  assert_non_null(img);
  char *d = check_svg(img, "Every country's tier, 2001\u20132005");
  assert_has(d, "Block North, 2 countries: Alpha, Beta.");
  assert_has(d, "Block South, 3 countries: Delta, C\u00f4te d'Ivoire, "
                "Gamma.");
  assert_has(d, "Not in the report");
  free(d);
  tt_plot_image_free(img);

  o = opts(TT_PLOT_PNG);
  img = tt_plot_index(p, TT_GROUP_NONE, 2001, 2005, &o, &err);
  assert_non_null(img);
  check_png(img->data, img->size, 1200, 800); /* few rows: the minimum */
  tt_plot_image_free(img);

  tt_error_clear(&err);
  assert_null(tt_plot_index(p, TT_GROUP_NONE, 2030, 2040, &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
}

/* Four spells by hand: lengths 1 (exit), 2 (exit), 2 (censored), 3
 * (exit). S(1) = 1 - 1/4 = 0.75; S(2) = 0.75 (1 - 1/3) = 0.5; S(3) =
 * 0.5 (1 - 1/1) = 0. Bounds made up, the upper one undefined at S = 0. */
static void test_survival(void **state) {
  (void)state;
  double time[3] = {1, 2, 3}, risk[3] = {4, 3, 1}, ev[3] = {1, 1, 1};
  double cens[3] = {0, 1, 0}, surv[3] = {0.75, 0.5, 0};
  double lower[3] = {0.19, 0.07, 0}, upper[3] = {0.96, 0.84, NAN};
  tt_km km;
  memset(&km, 0, sizeof km);
  km.n_times = 3;
  km.time = time;
  km.at_risk = risk;
  km.events = ev;
  km.censored = cens;
  km.surv = surv;
  km.lower = lower;
  km.upper = upper;
  km.level = 0.95;
  km.n_spells = 4;
  km.n_events = 3;
  km.median = 2;
  km.median_lower = 1;
  km.median_upper = 3;
  const tt_km *one[1] = {&km};
  const char *lab[1] = {"All countries"};
  tt_error err;
  tt_plot_options o = opts(TT_PLOT_SVG);
  tt_plot_image *img =
      tt_plot_survival(one, lab, 1, "Tier 2 Watch List", &o, &err);
  assert_non_null(img);
  char *d = check_svg(img, "How long Tier 2 Watch List spells last");
  assert_has(d, "Legend: All countries (4 spells, 3 ended).");
  assert_has(d, "All countries: 75% of spells last more than 1 year "
                "(19%\u201396%).");
  assert_has(d, "All countries: 50% of spells last more than 2 years "
                "(7%\u201384%).");
  assert_has(d, "All countries: 0% of spells last more than 3 years.");
  assert_has(d, "Median spell: 2 years (95% interval 1\u20133).");
  assert_has(d, "with 95% intervals");
  free(d);
  tt_plot_image_free(img);

  o = opts(TT_PLOT_PNG);
  img = tt_plot_survival(one, lab, 1, "Tier 2 Watch List", &o, &err);
  assert_non_null(img);
  check_png(img->data, img->size, 1200, 800);
  tt_plot_image_free(img);

  /* Three curves: no bands, and the chart says so. */
  const tt_km *three[3] = {&km, &km, &km};
  const char *labs[3] = {"A", "B", "C"};
  o = opts(TT_PLOT_SVG);
  img = tt_plot_survival(three, labs, 3, "Tier 2 Watch List", &o, &err);
  assert_non_null(img);
  d = check_svg(img, NULL);
  assert_has(d, "Legend: A (4 spells, 3 ended); B (4 spells, 3 ended); C "
                "(4 spells, 3 ended).");
  assert_has(d, "interval bands are left out");
  free(d);
  tt_plot_image_free(img);

  tt_error_clear(&err);
  assert_null(tt_plot_survival(one, lab, 0, "x", &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
}

/* P = [[0.9, 0.1], [0.5, 0.5]] from (0.5, 0.5): (0.7, 0.3) after one
 * step, (0.7 * 0.9 + 0.3 * 0.5, 0.7 * 0.1 + 0.3 * 0.5) = (0.78, 0.22)
 * after two. Steady state: 0.1 pi1 = 0.5 pi2, so pi = (5/6, 1/6). */
static void test_projection(void **state) {
  fixture *fx = *state;
  double P[4] = {0.9, 0.1, 0.5, 0.5};
  double steady[2] = {5.0 / 6, 1.0 / 6};
  double dist[6] = {0.5, 0.5, 0.7, 0.3, 0.78, 0.22};
  tt_markov mc;
  memset(&mc, 0, sizeof mc);
  mc.m = 2;
  mc.state[0] = 1;
  mc.state[1] = 2;
  mc.P = P;
  mc.steady_unique = 1;
  mc.steady = steady;
  tt_projection pr = {2, 2, 2005, dist};
  tt_error err;
  tt_plot_options o = opts(TT_PLOT_SVG);
  tt_plot_image *img = tt_plot_projection(&pr, &mc, fx->scale, fx->panel,
                                          TT_GROUP_NONE, 2001, &o, &err);
  assert_non_null(img);
  char *d = check_svg(img, "Where the tiers are heading: a projection to "
                           "2007");
  assert_has(d, "Legend: Tier 1; Tier 2.");
  assert_has(d, "Tier 1: 78% in 2007, long run 83%.");
  assert_has(d, "Tier 2: 22% in 2007, long run 17%.");
  assert_has(d, "not a forecast");
  free(d);
  tt_plot_image_free(img);

  mc.steady_unique = 0; /* no single long run: none drawn, and said */
  img = tt_plot_projection(&pr, &mc, fx->scale, NULL, TT_GROUP_NONE, 2001,
                           &o, &err);
  assert_non_null(img);
  d = check_svg(img, NULL);
  assert_has(d, "Tier 1: 78% in 2007.");
  assert_has(d, "no single long-run distribution");
  free(d);
  tt_plot_image_free(img);

  o = opts(TT_PLOT_PNG);
  img = tt_plot_projection(&pr, &mc, fx->scale, fx->panel, TT_GROUP_NONE,
                           2001, &o, &err);
  assert_non_null(img);
  check_png(img->data, img->size, 1200, 800);
  tt_plot_image_free(img);

  pr.m = 3; /* does not match the chain */
  tt_error_clear(&err);
  assert_null(tt_plot_projection(&pr, &mc, fx->scale, NULL, TT_GROUP_NONE,
                                 2001, &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
}

/* small.csv 2001 -> 2005: Alpha 1 -> 1, Beta 2 -> 2WL, Gamma 3 -> 2,
 * Delta absent -> SC, Côte d'Ivoire 2WL -> 2. In 2003: Alpha 2, Beta 2WL,
 * Gamma absent, Delta 2WL, Côte d'Ivoire 2WL. */
static void test_flow(void **state) {
  fixture *fx = *state;
  const tt_panel *p = fx->panel;
  int years[3] = {2001, 2003, 2005};
  int two[2] = {2001, 2005};
  tt_error err;
  tt_plot_options o = opts(TT_PLOT_SVG);
  tt_plot_image *img = tt_plot_flow(p, two, 2, TT_GROUP_NONE, &o, &err);
  assert_non_null(img);
  char *d = check_svg(img, "How countries moved between tiers, 2001 \u2192 "
                           "2005");
  assert_has(d, "(5 countries in all)");
  assert_has(d, "2001 Tier 1 to 2005 Tier 1: 1.");
  assert_has(d, "2001 Tier 2 to 2005 Tier 2 Watch List: 1.");
  assert_has(d, "2001 Tier 3 to 2005 Tier 2: 1.");
  assert_has(d, "2001 Tier 2 Watch List to 2005 Tier 2: 1.");
  assert_has(d, "2001 not in the report to 2005 Special Case: 1.");
  assert_has(d, "2005: Tier 2 2.");
  free(d);
  tt_plot_image_free(img);

  img = tt_plot_flow(p, years, 3, TT_GROUP_NONE, &o, &err);
  assert_non_null(img);
  d = check_svg(img, "How countries moved between tiers, 2001 \u2192 2003 "
                     "\u2192 2005");
  assert_has(d, "2003: Tier 2 Watch List 3.");
  assert_has(d, "2003: Not in the report 1.");
  assert_has(d, "2003 Tier 2 Watch List to 2005 Tier 2: 1.");
  free(d);
  tt_plot_image_free(img);

  o = opts(TT_PLOT_PNG);
  img = tt_plot_flow(p, years, 3, TT_GROUP_NONE, &o, &err);
  assert_non_null(img);
  check_png(img->data, img->size, 1200, 800);
  tt_plot_image_free(img);

  int down[2] = {2005, 2001}, out[2] = {1990, 2005};
  tt_error_clear(&err);
  assert_null(tt_plot_flow(p, down, 2, TT_GROUP_NONE, &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
  tt_error_clear(&err);
  assert_null(tt_plot_flow(p, out, 2, TT_GROUP_NONE, &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
  tt_error_clear(&err);
  assert_null(tt_plot_flow(p, years, 1, TT_GROUP_NONE, &o, &err));
  assert_int_equal(err.code, TT_EINVAL);
}

/* The same input gives the same bytes (no dates, no randomness). */
static void test_deterministic(void **state) {
  fixture *fx = *state;
  const tt_panel *p = fx->panel;
  tt_error err;
  for (int f = 0; f < 2; f++) {
    tt_plot_options o = opts(f ? TT_PLOT_SVG : TT_PLOT_PNG);
    int years[2] = {2001, 2005};
    tt_plot_image *a = tt_plot_flow(p, years, 2, TT_GROUP_NONE, &o, &err);
    tt_plot_image *b = tt_plot_flow(p, years, 2, TT_GROUP_NONE, &o, &err);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(a->size, b->size);
    assert_memory_equal(a->data, b->data, a->size);
    tt_plot_image_free(a);
    tt_plot_image_free(b);
  }
}

/* Titles and sizes from the options; text that needs XML escaping. */
static void test_options(void **state) {
  fixture *fx = *state;
  tt_error err;
  tt_plot_options o = opts(TT_PLOT_SVG);
  o.width = 640;
  o.height = 480;
  o.title = "Tiers & <trends> \"#1\"";
  o.subtitle = "";
  o.source = "Source: a & b";
  tt_plot_image *img =
      tt_plot_distribution(fx->panel, TT_GROUP_NONE, 2001, 2005, &o, &err);
  assert_non_null(img);
  assert_int_equal(img->width, 640);
  assert_int_equal(img->height, 480);
  char *d = check_svg(img, "Tiers & <trends> \"#1\"");
  assert_has(d, "Source: a & b");
  assert_null(strstr(d, "Share of the countries")); /* subtitle "" = none */
  free(d);
  tt_plot_image_free(img);
}

/* ---- the command ------------------------------------------------------------ */

static int run_plot(const char *first, ...) {
  char *argv[40];
  int argc = 0;
  argv[argc++] = strdup("plot");
  va_list ap;
  va_start(ap, first);
  for (const char *a = first; a && argc < 39; a = va_arg(ap, const char *))
    argv[argc++] = strdup(a);
  va_end(ap);
  argv[argc] = NULL;
  const tt_command *cmd = tt_command_find("plot");
  assert_non_null(cmd);
  tt_cli cli;
  tt_cli_init(&cli, cmd);
  int rc = cmd->run(&cli, argc, argv);
  tt_cli_free(&cli);
  for (int i = 0; i < argc; i++) free(argv[i]);
  return rc;
}

static unsigned char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  assert_true(len > 0);
  unsigned char *d = malloc((size_t)len + 1);
  assert_non_null(d);
  assert_int_equal(fread(d, 1, (size_t)len, f), (size_t)len);
  fclose(f);
  d[len] = '\0';
  *n = (size_t)len;
  return d;
}

/* Files in dir (none hidden: no temporary left behind). */
static size_t count_files(const char *dir) {
  DIR *d = opendir(dir);
  assert_non_null(d);
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    if (e->d_name[0] == '.') fail_msg("temporary file left: %s", e->d_name);
    n++;
  }
  closedir(d);
  return n;
}

static void rm_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  char path[4096];
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    unlink(path);
  }
  closedir(d);
  rmdir(dir);
}

typedef struct {
  const char *name;       /* file name stem */
  const char *args[6];    /* kind and options, NULL-terminated */
  const char *title_has;  /* words the title must hold */
  const char *desc_has;   /* a legend or label text */
} cli_case;

static void render_cases(const char *data, const cli_case *cases, size_t n,
                         const char *source_has, int bundled) {
  char dir[] = "/tmp/tt_plots_XXXXXX";
  assert_non_null(mkdtemp(dir));
  size_t made = 0;
  for (size_t i = 0; i < n; i++)
    for (int f = 0; f < 2; f++) {
      char out[4200];
      snprintf(out, sizeof out, "%s/%s.%s", dir, cases[i].name,
               f ? "svg" : "png");
      const char *a[6] = {NULL};
      memcpy(a, cases[i].args, sizeof a);
      int rc = data ? run_plot(a[0] ? a[0] : "--quiet",
                               a[1] ? a[1] : "--quiet",
                               a[2] ? a[2] : "--quiet",
                               a[3] ? a[3] : "--quiet", "--data", data,
                               "--out", out, NULL)
                    : run_plot(a[0] ? a[0] : "--quiet",
                               a[1] ? a[1] : "--quiet",
                               a[2] ? a[2] : "--quiet",
                               a[3] ? a[3] : "--quiet", "--out", out, NULL);
      if (rc) fail_msg("plot %s (%s) exited %d", cases[i].name,
                       f ? "svg" : "png", rc);
      made++;
      size_t sz;
      unsigned char *d = slurp(out, &sz);
      if (!f) {
        uint32_t w = be32(d + 16), h = be32(d + 20);
        if (bundled && !strcmp(cases[i].name, "index")) {
          /* ~190 rows: two columns on a wider page, taller than the
           * default, 16 px a row. */
          assert_int_equal(w, 1600);
          assert_true(h > 1500);
          check_png(d, sz, w, h);
        } else {
          check_png(d, sz, 1200, 800);
        }
      } else {
        tt_plot_image img = {TT_PLOT_SVG, 0, 0, d, sz};
        char *s = (char *)d, *p = strstr(s, "width=\"");
        assert_non_null(p);
        img.width = atoi(p + 7);
        p = strstr(s, "height=\"");
        assert_non_null(p);
        img.height = atoi(p + 8);
        char *desc = check_svg(&img, NULL);
        char title[512];
        svg_element(s, sz, "title", title, sizeof title);
        if (!strstr(title, cases[i].title_has))
          fail_msg("%s: title \"%s\" lacks \"%s\"", cases[i].name, title,
                   cases[i].title_has);
        assert_has(desc, cases[i].desc_has);
        assert_has(desc, source_has);
        free(desc);
      }
      free(d);
    }
  assert_int_equal(count_files(dir), made);
  rm_dir(dir);
}

static void test_cli_small(void **state) {
  (void)state;
  static const cli_case cases[] = {
      {"timeline", {"timeline", "Alpha", "CIV"}, "Alpha and C\u00f4te d'Ivoire",
       "Legend: Alpha; C\u00f4te d'Ivoire."},
      {"heatmap", {"heatmap"}, "between tiers", "From Tier 1 to Tier 1:"},
      {"distribution", {"distribution"}, "Countries by tier",
       "Legend: Tier 1; Tier 2;"},
      {"distribution_by_group", {"distribution", "--by-group"},
       "in each region", "Panel: North"},
      {"groups", {"groups"}, "Average tier by region", "Legend: North; South"},
      {"index", {"index"}, "Every country", "Block North"},
      {"survival", {"survival"}, "Watch List spells", "Legend: All countries"},
      {"projection", {"projection", "--horizon", "3"}, "projection to 2008",
       "long run"},
      {"flow", {"flow"}, "2001 \u2192 2005", "Not in the report"},
  };
  render_cases(TT_TEST_DATA "/small.csv", cases, sizeof cases / sizeof *cases,
               "Data: small.csv, 2001\u20132005.", 0);
}

static void test_cli_bundled(void **state) {
  (void)state;
  setenv("TIERTREND_DATADIR", TT_BUNDLED_DATA, 1);
  static const cli_case cases[] = {
      {"timeline", {"timeline", "Cambodia", "India"}, "Cambodia and India",
       "Legend: Cambodia; India."},
      {"heatmap", {"heatmap"}, "How countries move between tiers",
       "From Tier 2 Watch List to Tier 2:"},
      {"distribution", {"distribution"}, "Countries by tier, 2001\u20132025",
       "2025: Tier 1"},
      {"groups", {"groups"}, "Average tier by region", "Africa (AF)"},
      {"index", {"index"}, "Every country's tier", "Block Africa (AF)"},
      {"survival", {"survival"}, "How long Tier 2 Watch List spells last",
       "Legend: All countries"},
      {"projection", {"projection"}, "projection to 2035", "Tier 2:"},
      {"flow", {"flow", "--years", "2015,2025"}, "2015 \u2192 2025",
       "2015 Tier 2 Watch List to 2025 Tier 2:"},
  };
  render_cases(NULL, cases, sizeof cases / sizeof *cases,
               "Trafficking in Persons Reports 2001\u20132025", 1);
}

/* Failures exit with the right code and leave no file. */
static void test_cli_errors(void **state) {
  (void)state;
  char dir[] = "/tmp/tt_plots_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char out[4200], deep[4200];
  snprintf(out, sizeof out, "%s/x.png", dir);
  snprintf(deep, sizeof deep, "%s/no/such/folder/x.png", dir);
  const char *data = TT_TEST_DATA "/small.csv";
  assert_int_equal(run_plot("pie", "--data", data, "--out", out, NULL),
                   TT_EINVAL);
  assert_int_equal(run_plot("timeline", "Narnia", "--data", data, "--out",
                            out, NULL),
                   TT_EINVAL);
  assert_int_equal(run_plot("index", "--data", data, "--out", deep, NULL),
                   TT_ECANTCREAT);
  assert_int_equal(run_plot("index", "--data", data, NULL), TT_EINVAL);
  assert_int_equal(run_plot("index", "--data", data, "--out", "x.gif", NULL),
                   TT_EINVAL);
  assert_int_equal(run_plot("index", "--data", data, "--height", "99999",
                            "--out", out, NULL),
                   TT_EINVAL);
  assert_int_equal(run_plot("heatmap", "--data", data, "--horizon", "9",
                            "--out", out, NULL),
                   TT_EINVAL);
  assert_int_equal(run_plot("groups", "--data", data, "--share", "2WL,Q",
                            "--out", out, NULL),
                   TT_EINVAL);
  assert_int_equal(count_files(dir), 0);
  /* --out naming a folder: 73, and the folder is untouched. */
  char sub[4200];
  snprintf(sub, sizeof sub, "%s/f.png", dir);
  assert_int_equal(mkdir(sub, 0700), 0);
  assert_int_equal(run_plot("index", "--data", data, "--out", sub, NULL),
                   TT_ECANTCREAT);
  assert_int_equal(count_files(dir), 1);
  rmdir(sub);
  rm_dir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_format_from_path),
      cmocka_unit_test_setup_teardown(test_timeline, setup_small,
                                      teardown_small),
      cmocka_unit_test_setup_teardown(test_timeline_errors, setup_small,
                                      teardown_small),
      cmocka_unit_test_setup_teardown(test_heatmap, setup_small,
                                      teardown_small),
      cmocka_unit_test_setup_teardown(test_distribution, setup_small,
                                      teardown_small),
      cmocka_unit_test_setup_teardown(test_groups, setup_small,
                                      teardown_small),
      cmocka_unit_test_setup_teardown(test_index, setup_small, teardown_small),
      cmocka_unit_test(test_survival),
      cmocka_unit_test_setup_teardown(test_projection, setup_small,
                                      teardown_small),
      cmocka_unit_test_setup_teardown(test_flow, setup_small, teardown_small),
      cmocka_unit_test_setup_teardown(test_deterministic, setup_small,
                                      teardown_small),
      cmocka_unit_test_setup_teardown(test_options, setup_small,
                                      teardown_small),
      cmocka_unit_test(test_cli_small),
      cmocka_unit_test(test_cli_bundled),
      cmocka_unit_test(test_cli_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
