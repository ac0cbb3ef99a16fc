/* theme.c — the house style (DESIGN.md section 6) and the drawing kit:
 * canvas (a PLplot stream writing into memory), text, legends, axes. */
#include "tt_theme.h"

#include <math.h>
#include <plplot.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Under AddressSanitizer: fontconfig (loaded by the cairo drivers through
 * pango) keeps its font cache until the process exits, by design, and
 * LeakSanitizer reports it. Suppress exactly that library so that leaks
 * of our own still fail the sanitizer build. */
#if defined(__SANITIZE_ADDRESS__)
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
  return "leak:libfontconfig.so\n";
}
/* ...and quietly, so standard error holds only the program's messages. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void) { return "print_suppressions=0"; }
#endif

/* ---- options and images ------------------------------------------------ */

void tt_plot_options_default(tt_plot_options *o) {
  memset(o, 0, sizeof *o);
  o->format = TT_PLOT_PNG;
}

int tt_plot_format_from_path(const char *path) {
  const char *dot = path ? strrchr(path, '.') : NULL;
  if (!dot || strchr(dot, '/')) return -1;
  if (!strcasecmp(dot, ".png")) return TT_PLOT_PNG;
  if (!strcasecmp(dot, ".svg")) return TT_PLOT_SVG;
  return -1;
}

void tt_plot_image_free(tt_plot_image *img) {
  if (!img) return;
  free(img->data);
  free(img);
}

/* ---- colours ----------------------------------------------------------- */

static tt_rgb hex(unsigned v) {
  return (tt_rgb){(unsigned char)(v >> 16), (unsigned char)(v >> 8),
                  (unsigned char)v};
}

static tt_rgb mix(tt_rgb a, tt_rgb b, double t) {
  return (tt_rgb){(unsigned char)lround(a.r + (b.r - a.r) * t),
                  (unsigned char)lround(a.g + (b.g - a.g) * t),
                  (unsigned char)lround(a.b + (b.b - a.b) * t)};
}

/* Relative luminance (sRGB, linearised). */
static double luminance(tt_rgb c) {
  double ch[3] = {c.r / 255.0, c.g / 255.0, c.b / 255.0}, l = 0;
  static const double wt[3] = {0.2126, 0.7152, 0.0722};
  for (int i = 0; i < 3; i++)
    l += wt[i] * (ch[i] <= 0.03928 ? ch[i] / 12.92
                                   : pow((ch[i] + 0.055) / 1.055, 2.4));
  return l;
}

tt_rgb tt_theme_state_colour(const tt_scale *s, int k) {
  if (k < 1 || (size_t)k > s->n) return TT_ABSENT;
  /* The fixed tier colours (colour-blind safe, Okabe-Ito). */
  static const struct {
    const char *code;
    unsigned rgb;
  } fixed[] = {{"1", 0x009E73},
               {"2", 0x0072B2},
               {"2WL", 0xE69F00},
               {"3", 0xD55E00},
               {"SC", 0x999999}};
  for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
    if (!strcasecmp(s->states[k].code, fixed[i].code)) return hex(fixed[i].rgb);
  if (!s->states[k].ranked) {
    /* Unranked states: greys, darker for each further one. */
    int nth = 0;
    for (int j = 1; j < k; j++) nth += !s->states[j].ranked;
    return mix(hex(0x999999), hex(0x555555), nth > 3 ? 1.0 : nth / 3.0);
  }
  /* Ranked states of another scale: along the tier ramp, by rank. */
  static const unsigned ramp[] = {0x009E73, 0x0072B2, 0xE69F00, 0xD55E00};
  size_t n_ranked = tt_scale_n_ranked(s), rank = 0;
  for (int j = 1; j < k; j++) rank += s->states[j].ranked != 0;
  double t = n_ranked > 1 ? (double)rank / (double)(n_ranked - 1) * 3.0 : 0;
  size_t seg = t >= 3.0 ? 2 : (size_t)t;
  return mix(hex(ramp[seg]), hex(ramp[seg + 1]), t - (double)seg);
}

tt_rgb tt_theme_series_colour(size_t i) {
  static const unsigned pal[TT_PLOT_MAX_SERIES] = {
      0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7,
      0xE69F00, 0x56B4E9, 0x444444, 0x999999};
  return hex(pal[i % TT_PLOT_MAX_SERIES]);
}

tt_rgb tt_theme_sequential(double t) {
  /* ColorBrewer "Blues" stops. */
  static const unsigned stops[] = {0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1,
                                   0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C,
                                   0x08306B};
  const size_t ns = sizeof stops / sizeof *stops;
  if (!(t > 0)) return hex(stops[0]);
  if (t >= 1) return hex(stops[ns - 1]);
  double x = t * (double)(ns - 1);
  size_t i = (size_t)x;
  return mix(hex(stops[i]), hex(stops[i + 1]), x - (double)i);
}

tt_rgb tt_theme_text_on(tt_rgb bg) {
  double l = luminance(bg);
  /* Contrast with white vs with the ink: pick the larger. */
  double with_white = 1.05 / (l + 0.05), with_ink = (l + 0.05) / (0.033 + 0.05);
  return with_white >= with_ink ? TT_WHITE : hex(0x222222);
}

tt_rgb tt_theme_darken(tt_rgb rgb, double f) {
  return mix(rgb, (tt_rgb){0, 0, 0}, f);
}

const char *tt_theme_group_name(const tt_panel *p, int g, char *buf,
                                size_t n) {
  if (g < 0 || (size_t)g >= p->n_groups) {
    snprintf(buf, n, "no group");
    return buf;
  }
  static const char *const bureaus[][2] = {
      {"AF", "Africa"},
      {"EAP", "East Asia and Pacific"},
      {"EUR", "Europe and Eurasia"},
      {"NEA", "Near East"},
      {"SCA", "South and Central Asia"},
      {"WHA", "Western Hemisphere"}};
  const char *name = p->group_names[g];
  if (tt_theme_is_tip(p->scale))
    for (size_t i = 0; i < sizeof bureaus / sizeof *bureaus; i++)
      if (!strcmp(name, bureaus[i][0])) {
        snprintf(buf, n, "%s (%s)", bureaus[i][1], name);
        return buf;
      }
  snprintf(buf, n, "%s", name);
  return buf;
}

const char *tt_plot_group_label(const tt_panel *p, int g, char *buf,
                                size_t n) {
  return tt_theme_group_name(p, g, buf, n);
}

const char *tt_theme_who(const tt_scale *s) {
  return tt_theme_is_tip(s) ? "countries" : "entities";
}

const char *tt_theme_Who(const tt_scale *s) {
  return tt_theme_is_tip(s) ? "Countries" : "Entities";
}

int tt_theme_is_tip(const tt_scale *s) {
  return tt_scale_is_tip(s);
}

const char *tt_theme_noun(const tt_scale *s) {
  return tt_theme_is_tip(s) ? "tier" : "rating";
}

/* ---- canvas ------------------------------------------------------------ */

/* PLplot's character height is given in millimetres; on the cairo
 * drivers an em of 1 px takes 25.4/96 mm. */
#define TT_PX_PER_MM (96.0 / 25.4)
/* PLplot's dash lengths are in micrometres of 72-per-inch points. */
#define TT_UM_PER_PX (25400.0 / 72.0)

int tt_canvas_open(tt_canvas *c, const tt_plot_options *o, int def_w,
                   int def_h, tt_error *err) {
  return tt_canvas_open_ref(c, o, def_w, def_h, 1200, 800, err);
}

int tt_canvas_open_ref(tt_canvas *c, const tt_plot_options *o, int def_w,
                       int def_h, double ref_w, double ref_h, tt_error *err) {
  memset(c, 0, sizeof *c);
  c->format = o->format;
  c->w = o->width > 0 ? o->width : def_w;
  c->h = o->height > 0 ? o->height : def_h;
  if (c->w < TT_PLOT_MIN_SIZE || c->h < TT_PLOT_MIN_SIZE ||
      c->w > TT_PLOT_MAX_SIZE || c->h > TT_PLOT_MAX_SIZE)
    return tt_error_set(err, TT_EINVAL,
                        "chart size %dx%d is outside %d..%d pixels", c->w,
                        c->h, TT_PLOT_MIN_SIZE, TT_PLOT_MAX_SIZE);
  double u = fmin(c->w / ref_w, c->h / ref_h);
  c->u = u < 0.5 ? 0.5 : u > 4 ? 4 : u;
  c->mem = open_memstream(&c->buf, &c->size);
  if (!c->mem) return tt_error_set(err, TT_ENOMEM, "out of memory");

  /* The cairo drivers ask fontconfig for "sans"; name the font the
   * project installs so every machine draws the same letters, unless the
   * user chose another. */
  setenv("PLPLOT_FREETYPE_SANS_FAMILY", "DejaVu Sans", 0);

  PLINT strm = -1;
  plmkstrm(&strm);
  if (strm < 0) {
    fclose(c->mem);
    free(c->buf);
    c->buf = NULL;
    return tt_error_set(err, TT_EINTERNAL, "cannot open a chart stream");
  }
  plsdev(c->format == TT_PLOT_SVG ? "svgcairo" : "pngcairo");
  plsfile(c->mem); /* PLplot owns it from here: plend1 closes it */
  plspage(0, 0, c->w, c->h, 0, 0);
  plscolbg(255, 255, 255);
  plinit();
  c->live = 1;
  pladv(0);
  plvpor(0, 1, 0, 1);
  plwind(0, c->w, 0, c->h);
  plsfont(PL_FCI_SANS, PL_FCI_UPRIGHT, PL_FCI_MEDIUM);
  return TT_OK;
}

static void canvas_end_stream(tt_canvas *c) {
  if (c->live) {
    plend1(); /* writes the file and closes c->mem */
    c->live = 0;
    c->mem = NULL;
  }
}

void tt_canvas_discard(tt_canvas *c) {
  canvas_end_stream(c);
  free(c->buf);
  free(c->title);
  free(c->desc);
  memset(c, 0, sizeof *c);
}

void tt_canvas_note(tt_canvas *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  size_t len = (size_t)n;
  if (c->desc_len + len + 2 > c->desc_cap) {
    size_t cap = (c->desc_cap ? c->desc_cap * 2 : 512) + len + 2;
    char *d = realloc(c->desc, cap);
    if (!d) {
      c->oom = 1;
      return;
    }
    c->desc = d;
    c->desc_cap = cap;
  }
  if (c->desc_len) c->desc[c->desc_len++] = '\n';
  va_start(ap, fmt);
  vsnprintf(c->desc + c->desc_len, len + 1, fmt, ap);
  va_end(ap);
  c->desc_len += len;
}

/* XML text escaping, appended to out at *pos (out has room: callers size
 * it for the worst case, 6 bytes per input byte). */
static void xml_escape(const char *s, char *out, size_t *pos) {
  for (; s && *s; s++) {
    const char *r = NULL;
    switch (*s) {
      case '&': r = "&amp;"; break;
      case '<': r = "&lt;"; break;
      case '>': r = "&gt;"; break;
      case '"': r = "&quot;"; break;
    }
    if (r) {
      size_t n = strlen(r);
      memcpy(out + *pos, r, n);
      *pos += n;
    } else if ((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t') {
      out[(*pos)++] = *s; /* other control bytes are not XML */
    }
  }
}

/* Copies n bytes of cairo's SVG to out, renumbering its "surfaceN" ids in
 * order of first appearance: cairo counts surfaces across the process, so
 * a second chart drawn by the same program would otherwise say surface6
 * where the first said surface1, and the same input would not give the
 * same file. Returns the bytes written (at most n + 8 per id). */
static size_t copy_renumbered(const char *in, size_t n, char *out) {
  unsigned long seen[64];
  size_t n_seen = 0, pos = 0;
  for (size_t i = 0; i < n;) {
    if (i + 7 < n && !memcmp(in + i, "surface", 7) && i > 0 &&
        (in[i - 1] == '"' || in[i - 1] == '#') && in[i + 7] >= '0' &&
        in[i + 7] <= '9') {
      size_t j = i + 7;
      unsigned long v = 0;
      while (j < n && in[j] >= '0' && in[j] <= '9' && v < 100000000UL)
        v = v * 10 + (unsigned long)(in[j++] - '0');
      size_t k = 0;
      while (k < n_seen && seen[k] != v) k++;
      if (k == n_seen && n_seen < sizeof seen / sizeof *seen)
        seen[n_seen++] = v;
      if (k < n_seen) {
        pos += (size_t)sprintf(out + pos, "surface%zu", k + 1);
        i = j;
        continue;
      }
    }
    out[pos++] = in[i++];
  }
  return pos;
}

/* Puts <title> and <desc> right after the opening <svg ...> tag, so
 * viewers, screen readers and search tools see the chart's words. */
static int svg_add_text(tt_canvas *c, unsigned char **data, size_t *size) {
  const char *svg = NULL;
  for (size_t i = 0; i + 4 <= c->size && !svg; i++)
    if (!memcmp(c->buf + i, "<svg", 4)) svg = c->buf + i;
  const char *gt = svg ? memchr(svg, '>', c->size - (size_t)(svg - c->buf))
                       : NULL;
  if (!gt) return -1;
  size_t head = (size_t)(gt + 1 - c->buf);
  size_t tl = c->title ? strlen(c->title) : 0, dl = c->desc_len;
  size_t n_ids = 0;
  for (size_t i = 0; i + 7 <= c->size; i++)
    n_ids += !memcmp(c->buf + i, "surface", 7);
  size_t cap = c->size + 6 * (tl + dl) + 8 * n_ids + 64;
  unsigned char *out = malloc(cap);
  if (!out) return -2;
  size_t pos = 0;
  memcpy(out, c->buf, head);
  pos = head;
  char *o = (char *)out;
  memcpy(o + pos, "\n<title>", 8);
  pos += 8;
  xml_escape(c->title, o, &pos);
  memcpy(o + pos, "</title>\n<desc>", 15);
  pos += 15;
  xml_escape(c->desc, o, &pos);
  memcpy(o + pos, "</desc>", 7);
  pos += 7;
  pos += copy_renumbered(c->buf + head, c->size - head, o + pos);
  *data = out;
  *size = pos;
  return 0;
}

tt_plot_image *tt_canvas_close(tt_canvas *c, tt_error *err) {
  canvas_end_stream(c);
  tt_plot_image *img = NULL;
  if (c->oom) {
    tt_error_set(err, TT_ENOMEM, "out of memory while drawing");
    goto done;
  }
  static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G',
                                           '\r', '\n', 0x1a, '\n'};
  if (!c->buf || c->size < 8 ||
      (c->format == TT_PLOT_PNG && memcmp(c->buf, png_sig, 8))) {
    tt_error_set(err, TT_EIO, "the chart library wrote no %s image",
                 c->format == TT_PLOT_SVG ? "SVG" : "PNG");
    goto done;
  }
  img = calloc(1, sizeof *img);
  if (!img) {
    tt_error_set(err, TT_ENOMEM, "out of memory");
    goto done;
  }
  img->format = c->format;
  img->width = c->w;
  img->height = c->h;
  if (c->format == TT_PLOT_SVG) {
    int r = svg_add_text(c, &img->data, &img->size);
    if (r) {
      tt_error_set(err, r == -2 ? TT_ENOMEM : TT_EIO, "%s",
                   r == -2 ? "out of memory"
                           : "the chart library wrote no SVG element");
      free(img);
      img = NULL;
    }
  } else {
    img->data = (unsigned char *)c->buf;
    img->size = c->size;
    c->buf = NULL;
  }
done:
  tt_canvas_discard(c);
  return img;
}

/* ---- drawing ----------------------------------------------------------- */

/* PLplot y grows upwards; the page's downwards. */
static double py(const tt_canvas *c, double y) { return c->h - y; }

void tt_draw_colour(tt_canvas *c, tt_rgb rgb, double alpha) {
  (void)c;
  plscol0a(15, rgb.r, rgb.g, rgb.b, alpha);
  plcol0(15);
}

void tt_draw_line(tt_canvas *c, double x0, double y0, double x1, double y1,
                  double width) {
  PLFLT x[2] = {x0, x1}, y[2] = {py(c, y0), py(c, y1)};
  plwidth(width * c->u);
  plline(2, x, y);
}

/* Copies page points into PLplot arrays (a small stack buffer first). */
typedef struct {
  PLFLT sx[64], sy[64];
  PLFLT *x, *y;
} pts;

static int pts_fill(tt_canvas *c, pts *p, size_t n, const double *x,
                    const double *y) {
  if (n <= 64) {
    p->x = p->sx;
    p->y = p->sy;
  } else {
    p->x = malloc(n * sizeof *p->x);
    p->y = malloc(n * sizeof *p->y);
    if (!p->x || !p->y) {
      free(p->x);
      free(p->y);
      c->oom = 1;
      return -1;
    }
  }
  for (size_t i = 0; i < n; i++) {
    p->x[i] = x[i];
    p->y[i] = py(c, y[i]);
  }
  return 0;
}

static void pts_free(pts *p) {
  if (p->x != p->sx) {
    free(p->x);
    free(p->y);
  }
}

void tt_draw_path(tt_canvas *c, size_t n, const double *x, const double *y,
                  double width, tt_line_style style) {
  if (n < 2) return;
  pts p;
  if (pts_fill(c, &p, n, x, y)) return;
  plwidth(width * c->u);
  if (style != TT_LINE_SOLID) {
    /* Dash lengths follow the stroke so thick lines keep their rhythm. */
    double k = c->u * (width > 2 ? width / 2 : 1);
    PLINT mark = (PLINT)lround((style == TT_LINE_DASHED ? 9 : 2) * k *
                               TT_UM_PER_PX);
    PLINT space = (PLINT)lround((style == TT_LINE_DASHED ? 6 : 4) * k *
                                TT_UM_PER_PX);
    plstyl(1, &mark, &space);
  }
  plline((PLINT)n, p.x, p.y);
  if (style != TT_LINE_SOLID) plstyl(0, NULL, NULL); /* back to solid */
  pts_free(&p);
}

void tt_draw_rect(tt_canvas *c, double x0, double y0, double x1, double y1) {
  PLFLT x[4] = {x0, x1, x1, x0};
  PLFLT y[4] = {py(c, y0), py(c, y0), py(c, y1), py(c, y1)};
  plpsty(0);
  plfill(4, x, y);
}

void tt_draw_polygon(tt_canvas *c, size_t n, const double *x,
                     const double *y) {
  if (n < 3) return;
  pts p;
  if (pts_fill(c, &p, n, x, y)) return;
  plpsty(0);
  plfill((PLINT)n, p.x, p.y);
  pts_free(&p);
}

void tt_draw_circle(tt_canvas *c, double x, double y, double r) {
  double xs[24], ys[24];
  for (int i = 0; i < 24; i++) {
    double a = 2 * M_PI * i / 24;
    xs[i] = x + r * cos(a);
    ys[i] = y + r * sin(a);
  }
  tt_draw_polygon(c, 24, xs, ys);
}

/* PLplot reads '#' as the start of an escape sequence: double it. */
void tt_draw_text_ex(tt_canvas *c, double x, double y, double size,
                     double just, double angle, int bold, tt_rgb rgb,
                     const char *text) {
  if (!text || !*text) return;
  char small[512], *buf = small;
  size_t n = strlen(text), extra = 0;
  for (size_t i = 0; i < n; i++) extra += text[i] == '#';
  if (n + extra + 1 > sizeof small) {
    buf = malloc(n + extra + 1);
    if (!buf) {
      c->oom = 1;
      return;
    }
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    buf[k++] = text[i];
    if (text[i] == '#') buf[k++] = '#';
  }
  buf[k] = '\0';
  tt_draw_colour(c, rgb, 1.0);
  plschr(size * c->u / TT_PX_PER_MM, 1.0);
  if (bold) plsfont(PL_FCI_SANS, PL_FCI_UPRIGHT, PL_FCI_BOLD);
  double a = angle * M_PI / 180.0;
  plptex(x, py(c, y), cos(a), sin(a), just, buf);
  if (bold) plsfont(PL_FCI_SANS, PL_FCI_UPRIGHT, PL_FCI_MEDIUM);
  if (buf != small) free(buf);
}

void tt_draw_text(tt_canvas *c, double x, double y, double size, double just,
                  tt_rgb rgb, const char *text) {
  tt_draw_text_ex(c, x, y, size, just, 0, 0, rgb, text);
}

/* Advance widths of DejaVu Sans, in em, for ASCII 32..126. */
static const double adv[95] = {
    0.318, 0.401, 0.460, 0.838, 0.636, 0.950, 0.780, 0.275, 0.390, 0.390,
    0.500, 0.838, 0.318, 0.361, 0.318, 0.337, 0.636, 0.636, 0.636, 0.636,
    0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838, 0.838,
    0.838, 0.531, 1.000, 0.684, 0.686, 0.698, 0.770, 0.632, 0.575, 0.775,
    0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787,
    0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.390,
    0.337, 0.390, 0.838, 0.500, 0.500, 0.613, 0.635, 0.550, 0.635, 0.615,
    0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
    0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592,
    0.525, 0.636, 0.337, 0.636, 0.838};

double tt_text_width(const char *text, double size, int bold) {
  double w = 0;
  for (const unsigned char *s = (const unsigned char *)text; s && *s; s++) {
    if (*s >= 32 && *s < 127)
      w += adv[*s - 32];
    else if (*s >= 0xC0)
      w += 0.65; /* the lead byte of a non-ASCII letter or sign */
  }
  return w * size * (bold ? 1.1 : 1.0);
}

size_t tt_text_wrap(const char *text, double size, double max_w,
                    size_t max_lines, char *out, size_t out_size) {
  size_t n_lines = 0, pos = 0, line_start = 0;
  out[0] = '\0';
  const char *s = text ? text : "";
  while (*s && n_lines < max_lines) {
    while (*s == ' ') s++;
    const char *e = s;
    while (*e && *e != ' ') e++;
    size_t wl = (size_t)(e - s);
    if (!wl) break;
    if (pos + wl + 2 >= out_size) break;
    char word[512];
    size_t cw = wl < sizeof word ? wl : sizeof word - 1;
    memcpy(word, s, cw);
    word[cw] = '\0';
    /* Width of the current line plus this word. */
    char cur[1024];
    size_t cl = pos - line_start;
    if (cl + cw + 2 > sizeof cur) cl = 0;
    memcpy(cur, out + line_start, cl);
    cur[cl] = '\0';
    if (cl) strcat(cur, " ");
    strcat(cur, word);
    if (cl && tt_text_width(cur, size, 0) > max_w) {
      if (n_lines + 1 >= max_lines) break; /* no room: drop the rest */
      out[pos++] = '\n';
      line_start = pos;
      n_lines++;
    } else if (cl) {
      out[pos++] = ' ';
    }
    memcpy(out + pos, s, wl);
    pos += wl;
    out[pos] = '\0';
    s = e;
  }
  return pos ? n_lines + 1 : 0;
}

size_t tt_text_wrap_even(const char *text, double size, double max_w,
                         size_t max_lines, char *out, size_t out_size) {
  size_t n = tt_text_wrap(text, size, max_w, max_lines, out, out_size);
  if (n < 2) return n;
  /* The narrowest width that keeps the same number of lines (bisection on
   * the width; each try is a greedy wrap). */
  double lo = max_w / (double)n * 0.9, hi = max_w;
  for (int it = 0; it < 14; it++) {
    double mid = (lo + hi) / 2;
    if (tt_text_wrap(text, size, mid, n + 1, out, out_size) <= n)
      hi = mid;
    else
      lo = mid;
  }
  return tt_text_wrap(text, size, hi, max_lines, out, out_size);
}

/* Draws the '\n'-separated lines of buf from top y, line height lh. */
static double draw_lines(tt_canvas *c, const char *buf, double x, double y,
                         double size, double lh, int bold, tt_rgb rgb) {
  char line[1024];
  const char *s = buf;
  while (*s) {
    const char *e = strchr(s, '\n');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (n >= sizeof line) n = sizeof line - 1;
    memcpy(line, s, n);
    line[n] = '\0';
    tt_draw_text_ex(c, x, y + lh / 2, size, 0, 0, bold, rgb, line);
    y += lh;
    s = e ? e + 1 : s + n;
  }
  return y;
}

double tt_canvas_header(tt_canvas *c, const tt_plot_options *o,
                        const char *def_title, const char *def_sub) {
  const char *title = o->title ? o->title : def_title;
  const char *sub = o->subtitle ? o->subtitle : def_sub;
  double u = c->u, m = TT_MARGIN * u, w = c->w - 2 * m;
  free(c->title);
  c->title = strdup(title ? title : "");
  if (!c->title) c->oom = 1;
  char buf[2048];
  double y = m * 0.8;
  /* The title: shrink a little before wrapping onto a second line. */
  double ts = TT_FS_TITLE;
  while (ts > 24 && tt_text_width(title, ts * u, 1) > w) ts -= 1;
  tt_text_wrap_even(title, ts * u * 1.1, w, 2, buf, sizeof buf);
  y = draw_lines(c, buf, m, y, ts, ts * 1.3 * u, 1, TT_INK);
  if (sub && *sub) {
    y += 4 * u;
    tt_text_wrap_even(sub, TT_FS_SUBTITLE * u, w, 3, buf, sizeof buf);
    y = draw_lines(c, buf, m, y, TT_FS_SUBTITLE, TT_FS_SUBTITLE * 1.35 * u,
                   0, TT_MUTED);
    tt_canvas_note(c, "%s", sub);
  }
  return y + 14 * u;
}

double tt_canvas_footer(tt_canvas *c, const tt_plot_options *o,
                        const char *note) {
  double u = c->u, m = TT_MARGIN * u, w = c->w - 2 * m;
  double lh = TT_FS_SOURCE * 1.35 * u;
  char src[2048], nt[2048];
  size_t ns = o->source && *o->source
                  ? tt_text_wrap_even(o->source, TT_FS_SOURCE * u, w, 2,
                                      src, sizeof src)
                  : 0;
  size_t nn = note && *note ? tt_text_wrap_even(note, TT_FS_SOURCE * u, w, 2,
                                                nt, sizeof nt)
                            : 0;
  double y = c->h - m * 0.6 - (double)(ns + nn) * lh;
  double top = y;
  if (nn) {
    y = draw_lines(c, nt, m, y, TT_FS_SOURCE, lh, 0, TT_MUTED);
    tt_canvas_note(c, "%s", note);
  }
  if (ns) {
    draw_lines(c, src, m, y, TT_FS_SOURCE, lh, 0, TT_FAINT);
    tt_canvas_note(c, "%s", o->source);
  }
  return top - 10 * u;
}

/* ---- axes -------------------------------------------------------------- */

int tt_year_step(const tt_canvas *c, double px_per_year, double size) {
  static const int steps[] = {1, 2, 5, 10, 20, 25, 50, 100};
  double need = tt_text_width("2000", size * c->u, 0) + 14 * c->u;
  for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
    if (steps[i] * px_per_year >= need) return steps[i];
  return 100;
}

void tt_axis_years(tt_canvas *c, const tt_frame *f, int lo, int hi,
                   double offset, double size) {
  double u = c->u;
  double ppy = hi > lo ? fabs(tt_fx(f, hi) - tt_fx(f, lo)) / (hi - lo)
                       : f->x1 - f->x0;
  int step = tt_year_step(c, ppy, size);
  for (int y = lo; y <= hi; y++) {
    if (y % step) continue;
    double x = tt_fx(f, y + offset);
    tt_draw_colour(c, TT_MUTED, 1);
    tt_draw_line(c, x, f->y1, x, f->y1 + 6 * u, 1);
    char b[16];
    snprintf(b, sizeof b, "%d", y);
    tt_draw_text(c, x, f->y1 + 6 * u + size * 0.75 * u, size, 0.5, TT_INK,
                 b);
  }
}

void tt_axis_y(tt_canvas *c, const tt_frame *f, size_t n, const double *v,
               const char *const *labels, int grid) {
  double u = c->u;
  for (size_t i = 0; i < n; i++) {
    double y = tt_fy(f, v[i]);
    if (grid) {
      tt_draw_colour(c, TT_GRID, 1);
      tt_draw_line(c, f->x0, y, f->x1, y, 1);
    }
    if (labels && labels[i])
      tt_draw_text(c, f->x0 - 10 * u, y, TT_FS_TICK, 1.0, TT_INK, labels[i]);
  }
}

void tt_axis_base(tt_canvas *c, const tt_frame *f) {
  tt_draw_colour(c, TT_MUTED, 1);
  tt_draw_line(c, f->x0, f->y1, f->x1, f->y1, 1.2);
}

void tt_axis_title_x(tt_canvas *c, const tt_frame *f, const char *text) {
  double u = c->u;
  tt_draw_text(c, (f->x0 + f->x1) / 2,
               f->y1 + 6 * u + TT_FS_TICK * 1.5 * u + TT_FS_AXIS * 0.9 * u,
               TT_FS_AXIS, 0.5, TT_MUTED, text);
  tt_canvas_note(c, "Horizontal axis: %s.", text);
}

void tt_axis_title_y(tt_canvas *c, const tt_frame *f, const char *text) {
  tt_axis_title_y_lift(c, f, 0, text);
}

void tt_axis_title_y_lift(tt_canvas *c, const tt_frame *f, double lift,
                          const char *text) {
  double u = c->u;
  double x = f->x0 - tt_text_width("100%", TT_FS_TICK * u, 0) - 10 * u;
  if (x < TT_MARGIN * u) x = TT_MARGIN * u;
  tt_draw_text(c, x, f->y0 - lift - TT_FS_AXIS * 1.1 * u, TT_FS_AXIS, 0,
               TT_MUTED, text);
  tt_canvas_note(c, "Vertical axis: %s.", text);
}

/* ---- legends ----------------------------------------------------------- */

double tt_legend(tt_canvas *c, const tt_key *keys, size_t n, double x,
                 double y, double max_w, int dry) {
  double u = c->u, fs = TT_FS_LEGEND * u;
  double sw = 30 * u, gap = 10 * u, sep = 28 * u, lh = fs * 1.6;
  double cx = x, cy = y + lh / 2;
  for (size_t i = 0; i < n; i++) {
    double w = sw + gap + tt_text_width(keys[i].label, fs, 0);
    if (cx > x && cx + w > x + max_w) {
      cx = x;
      cy += lh;
    }
    if (!dry) {
      const tt_key *k = &keys[i];
      switch (k->kind) {
        case TT_KEY_BOX:
        case TT_KEY_HOLLOW:
          tt_draw_colour(c, k->kind == TT_KEY_HOLLOW ? TT_WHITE : k->rgb, 1);
          tt_draw_rect(c, cx + 6 * u, cy - 9 * u, cx + 24 * u, cy + 9 * u);
          /* A light or empty box needs an outline to be seen on white. */
          if (k->kind == TT_KEY_HOLLOW || luminance(k->rgb) > 0.8) {
            double bx[5] = {cx + 6 * u, cx + 24 * u, cx + 24 * u, cx + 6 * u,
                            cx + 6 * u};
            double by[5] = {cy - 9 * u, cy - 9 * u, cy + 9 * u, cy + 9 * u,
                            cy - 9 * u};
            tt_draw_colour(c, k->kind == TT_KEY_HOLLOW ? k->rgb : TT_FAINT,
                           1);
            tt_draw_path(c, 5, bx, by, 1.5, TT_LINE_SOLID);
          }
          break;
        case TT_KEY_BAND:
        case TT_KEY_LINE:
          if (k->kind == TT_KEY_BAND) { /* the line on a light band */
            tt_draw_colour(c, k->rgb, 0.22);
            tt_draw_rect(c, cx, cy - 9 * u, cx + sw, cy + 9 * u);
          }
          tt_draw_colour(c, k->rgb, 1);
          tt_draw_line(c, cx, cy, cx + sw, cy, 3.5);
          break;
        case TT_KEY_DASH: {
          double xs[2] = {cx, cx + sw}, ys[2] = {cy, cy};
          tt_draw_colour(c, k->rgb, 1);
          tt_draw_path(c, 2, xs, ys, 3, TT_LINE_DASHED);
          break;
        }
      }
      tt_draw_text(c, cx + sw + gap, cy, TT_FS_LEGEND, 0, TT_INK, k->label);
    }
    cx += w + sep;
  }
  if (!dry && n) {
    char all[2048];
    size_t pos = 0;
    all[0] = '\0';
    for (size_t i = 0; i < n && pos < sizeof all; i++) {
      int k = snprintf(all + pos, sizeof all - pos, "%s%s", i ? "; " : "",
                       keys[i].label);
      if (k < 0) break;
      pos += (size_t)k;
    }
    tt_canvas_note(c, "Legend: %s.", all);
  }
  return n ? cy + lh / 2 - y : 0;
}

/* ---- labels ------------------------------------------------------------ */

void tt_spread_labels(double *y, size_t n, double gap, double lo, double hi) {
  if (n < 2) return;
  size_t *ord = malloc(n * sizeof *ord);
  if (!ord) return; /* labels may touch; nothing worse */
  for (size_t i = 0; i < n; i++) ord[i] = i;
  /* Insertion sort by position (n is small: one label per state). */
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && y[ord[j]] < y[ord[j - 1]]; j--) {
      size_t t = ord[j];
      ord[j] = ord[j - 1];
      ord[j - 1] = t;
    }
  /* Push down from the top, then back up from the bottom limit. */
  for (size_t i = 0; i < n; i++) {
    double min = i ? y[ord[i - 1]] + gap : lo;
    if (y[ord[i]] < min) y[ord[i]] = min;
  }
  for (size_t i = n; i-- > 0;) {
    double max = i + 1 < n ? y[ord[i + 1]] - gap : hi;
    if (y[ord[i]] > max) y[ord[i]] = max;
  }
  free(ord);
}

char *tt_fmt_pct(char *buf, size_t n, double share, int decimals) {
  snprintf(buf, n, "%.*f%%", decimals, 100.0 * share);
  return buf;
}
