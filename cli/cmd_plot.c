/* tiertrend plot — charts as PNG or SVG files.
 *
 * `tiertrend plot KIND [ARGS] --out FILE.png|FILE.svg`: the kind picks the
 * chart, the extension the format. The analysis runs as in the matching
 * command, the chart is drawn in memory by plots/, and the bytes are
 * written to a temporary name beside FILE (tt_cli_tmp_name) and renamed
 * into place (tt_cli_commit), through tt_cli_out_open/close, so a failed
 * run leaves nothing behind. */
#include <stdlib.h>
#include <string.h>

#include "tt_cli.h"
#include "tt_markov.h"
#include "tt_plot.h"
#include "tt_spells.h"
#include "tt_survival.h"
#include "tt_transitions.h"

enum {
  OPT_WIDTH = 1000,
  OPT_HEIGHT,
  OPT_TITLE,
  OPT_SUBTITLE,
  OPT_SOURCE,
  OPT_BY_GROUP,
  OPT_SHARE,
  OPT_HORIZON,
  OPT_STATE,
  OPT_YEARS,
  OPT_UNRANKED
};

/* Which kind-specific options a kind accepts (bit per option). */
#define USES(o) (1u << ((o)-OPT_BY_GROUP))

static const tt_cli_option plot_opts[] = {
    {"width", 1, OPT_WIDTH, "PX", "width in pixels (default 1200)"},
    {"height", 1, OPT_HEIGHT, "PX",
     "height in pixels (default 800; index: grows with the rows)"},
    {"title", 1, OPT_TITLE, "TEXT", "title instead of the chart's own"},
    {"subtitle", 1, OPT_SUBTITLE, "TEXT",
     "subtitle instead of the chart's own ('' for none)"},
    {"source", 1, OPT_SOURCE, "TEXT", "source line at the foot"},
    {"by-group", 0, OPT_BY_GROUP, NULL,
     "distribution: one panel per group; survival: one curve per group"},
    {"share", 1, OPT_SHARE, "CODES",
     "groups: plot the share in these states (e.g. 2WL,3) instead of the "
     "mean value"},
    {"horizon", 1, OPT_HORIZON, "K",
     "heatmap: pairs K years apart (default 1); projection: years ahead "
     "(default 10)"},
    {"state", 1, OPT_STATE, "CODE",
     "survival: spells of this state (default 2WL)"},
    {"years", 1, OPT_YEARS, "Y1,Y2,...",
     "flow: the years to link, ascending (default: 10 years back to the "
     "last)"},
    {"unranked", 1, OPT_UNRANKED, "HOW",
     "heatmap, projection: include (default), exclude or adjust unranked "
     "states"},
    {NULL, 0, 0, NULL, NULL}};

typedef struct {
  int width, height;
  const char *title, *subtitle, *source;
  int by_group;
  const char *share;
  long horizon;
  int has_horizon;
  const char *state;
  const char *years;
  tt_unranked unranked;
  unsigned given; /* USES() bits of the kind-specific options given */
} plot_args;

typedef struct {
  const char *name;
  unsigned uses;
  const char *what;
} plot_kind;

static const plot_kind kinds[] = {
    {"timeline", 0, "tiers of one or more countries by year"},
    {"heatmap", USES(OPT_HORIZON) | USES(OPT_UNRANKED),
     "transition matrix with probabilities and counts"},
    {"distribution", USES(OPT_BY_GROUP), "shares of each tier by year"},
    {"groups", USES(OPT_SHARE), "mean tier (or a share) by group over time"},
    {"index", 0, "every country a row, years as columns"},
    {"survival", USES(OPT_BY_GROUP) | USES(OPT_STATE),
     "Kaplan-Meier curve of Watch List spells"},
    {"projection", USES(OPT_HORIZON) | USES(OPT_UNRANKED),
     "Markov projection toward the steady state"},
    {"flow", USES(OPT_YEARS), "moves between tiers from year to year"},
};
#define N_KINDS (sizeof kinds / sizeof *kinds)

static const char *const opt_names[] = {"--by-group", "--share", "--horizon",
                                        "--state", "--years", "--unranked"};

static int plot_option(tt_cli *cli, int key, const char *arg, void *ctx) {
  plot_args *a = ctx;
  long v;
  switch (key) {
    case OPT_WIDTH:
      if (tt_cli_int(cli, "--width", arg, TT_PLOT_MIN_SIZE, TT_PLOT_MAX_SIZE,
                     &v))
        return TT_EUSAGE;
      a->width = (int)v;
      return TT_OK;
    case OPT_HEIGHT:
      if (tt_cli_int(cli, "--height", arg, TT_PLOT_MIN_SIZE,
                     TT_PLOT_MAX_SIZE, &v))
        return TT_EUSAGE;
      a->height = (int)v;
      return TT_OK;
    case OPT_TITLE: a->title = arg; return TT_OK;
    case OPT_SUBTITLE: a->subtitle = arg; return TT_OK;
    case OPT_SOURCE: a->source = arg; return TT_OK;
    case OPT_BY_GROUP: a->by_group = 1; break;
    case OPT_SHARE: a->share = arg; break;
    case OPT_HORIZON:
      if (tt_cli_int(cli, "--horizon", arg, 1, 100, &v)) return TT_EUSAGE;
      a->horizon = v;
      a->has_horizon = 1;
      break;
    case OPT_STATE: a->state = arg; break;
    case OPT_YEARS: a->years = arg; break;
    case OPT_UNRANKED:
      if (tt_cli_unranked(cli, arg, &a->unranked)) return TT_EUSAGE;
      break;
    default:
      return tt_cli_fail(cli, TT_EINTERNAL, "unhandled option %d", key);
  }
  a->given |= USES(key);
  return TT_OK;
}

/* ---- helpers ------------------------------------------------------------ */

static int find_entity(tt_cli *cli, const char *query, size_t *out) {
  const tt_panel *p = cli->panel;
  size_t n;
  long e = tt_panel_find(p, query, &n);
  if (e == -2) {
    char list[1024];
    size_t used = 0;
    list[0] = '\0';
    for (size_t k = 0; k < p->n_entities; k++)
      if (tt_panel_matches_prefix(p, k, query)) {
        int m = snprintf(list + used, sizeof list - used, "%s%s (%s)",
                         used ? ", " : "", p->names[k],
                         p->codes[k] ? p->codes[k] : "-");
        if (m < 0 || (size_t)m >= sizeof list - used) break;
        used += (size_t)m;
      }
    return tt_cli_fail(cli, TT_EUSAGE, "'%s' matches %zu countries: %s",
                       query, n, list);
  }
  if (e < 0)
    return tt_cli_fail(cli, TT_EUSAGE,
                       "no country '%s' in %s (give an ISO3 code or a name; "
                       "'tiertrend summary' lists the data)",
                       query, cli->data_path);
  *out = (size_t)e;
  return TT_OK;
}

/* A state named by code or alias; prints the accepted ones otherwise. */
static int find_state(tt_cli *cli, const char *opt, const char *code,
                      int *out) {
  int k = tt_scale_lookup(cli->scale, code, strlen(code));
  if (k < 1) {
    char buf[1024];
    return tt_cli_fail(cli, TT_EUSAGE, "%s: no state '%s' on the scale "
                       "(states: %s)", opt, code,
                       tt_scale_describe(cli->scale, buf, sizeof buf));
  }
  *out = k;
  return TT_OK;
}

/* The default source line: the report for the bundled data, else the
 * file's name. */
static void source_line(const tt_cli *cli, int lo, int hi, char *buf,
                        size_t n) {
  if (!cli->data)
    snprintf(buf, n, "Source: US State Department, Trafficking in Persons "
             "Reports %d\u2013%d (tiertrend bundled data). Chart: tiertrend.",
             lo, hi);
  else {
    const char *base = strrchr(cli->data_path, '/');
    snprintf(buf, n, "Data: %s, %d\u2013%d. Chart: tiertrend.",
             base ? base + 1 : cli->data_path, lo, hi);
  }
}

/* ---- the kinds ------------------------------------------------------------ */

static tt_plot_image *draw_timeline(tt_cli *cli, const tt_plot_options *po,
                                    int lo, int hi, tt_error *err, int *rc) {
  int n = cli->n_args - 1;
  if (n < 1) {
    *rc = tt_cli_fail(cli, TT_EUSAGE, "plot timeline needs at least one "
                      "country (e.g. 'tiertrend plot timeline Cambodia "
                      "India --out t.png')");
    return NULL;
  }
  if (n > TT_PLOT_MAX_SERIES) {
    *rc = tt_cli_fail(cli, TT_EUSAGE, "plot timeline shows at most %d "
                      "countries, not %d", TT_PLOT_MAX_SERIES, n);
    return NULL;
  }
  size_t ent[TT_PLOT_MAX_SERIES];
  for (int i = 0; i < n; i++)
    if ((*rc = find_entity(cli, cli->args[i + 1], &ent[i]))) return NULL;
  return tt_plot_timeline(cli->panel, ent, (size_t)n, lo, hi, po, err);
}

static tt_plot_image *draw_heatmap(tt_cli *cli, const plot_args *a,
                                   const tt_plot_options *po, int lo, int hi,
                                   tt_error *err, int *rc) {
  tt_transitions_options to;
  tt_transitions_options_default(&to);
  to.horizon = a->has_horizon ? (int)a->horizon : 1;
  to.year_lo = lo;
  to.year_hi = hi - to.horizon;
  to.group = cli->group_index;
  to.unranked = a->unranked;
  if (to.year_hi < to.year_lo) {
    *rc = tt_cli_fail(cli, TT_EUSAGE, "--horizon %d leaves no pair of years "
                      "in %d-%d", to.horizon, lo, hi);
    return NULL;
  }
  tt_transitions *t = tt_transitions_estimate(cli->panel, &to, err);
  if (!t) return NULL;
  tt_plot_image *img = NULL;
  if (!t->n_pairs)
    *rc = tt_cli_fail(cli, TT_EDATA, "no pairs of years %d apart in %d-%d: "
                      "nothing to plot", to.horizon, lo, hi);
  else
    img = tt_plot_heatmap(t, cli->scale, po, err);
  tt_transitions_free(t);
  return img;
}

static tt_plot_image *draw_groups(tt_cli *cli, const plot_args *a,
                                  const tt_plot_options *po, int lo, int hi,
                                  tt_error *err, int *rc) {
  unsigned mask = 0;
  if (a->share) {
    char *list = strdup(a->share), *save = NULL;
    if (!list) {
      *rc = tt_cli_fail(cli, TT_ENOMEM, "out of memory");
      return NULL;
    }
    for (char *tok = strtok_r(list, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
      int k = 0;
      if ((*rc = find_state(cli, "--share", tok, &k))) {
        free(list);
        return NULL;
      }
      mask |= 1u << k;
    }
    free(list);
    if (!mask) {
      *rc = tt_cli_fail(cli, TT_EUSAGE, "--share needs one or more state "
                        "codes (e.g. 2WL,3)");
      return NULL;
    }
  }
  if (!cli->panel->n_groups) {
    *rc = tt_cli_fail(cli, TT_EUSAGE, "plot groups needs groups: the data "
                      "has none (give --groups FILE)");
    return NULL;
  }
  return tt_plot_groups(cli->panel, mask, lo, hi, po, err);
}

static tt_plot_image *draw_survival(tt_cli *cli, const plot_args *a,
                                    const tt_plot_options *po, int lo,
                                    int hi, tt_error *err, int *rc) {
  const tt_panel *p = cli->panel;
  int state = 0;
  if (a->state) {
    if ((*rc = find_state(cli, "--state", a->state, &state))) return NULL;
  } else if ((state = tt_scale_lookup(cli->scale, "2WL", 3)) < 1) {
    *rc = tt_cli_fail(cli, TT_EUSAGE, "the scale has no Watch List: name "
                      "the state with --state CODE");
    return NULL;
  }
  if (a->by_group && cli->group) {
    *rc = tt_cli_fail(cli, TT_EUSAGE, "--by-group and --group exclude each "
                      "other");
    return NULL;
  }
  if (a->by_group && !p->n_groups) {
    *rc = tt_cli_fail(cli, TT_EUSAGE, "--by-group: the data has no groups "
                      "(give --groups FILE)");
    return NULL;
  }
  tt_spells *sp = tt_spells_find(p, -1, lo, hi, err);
  if (!sp) return NULL;
  tt_km *km[TT_PLOT_MAX_SERIES] = {NULL};
  const char *labels[TT_PLOT_MAX_SERIES];
  char names[TT_PLOT_MAX_SERIES][128];
  size_t n = 0;
  tt_plot_image *img = NULL;
  size_t n_curves = a->by_group ? p->n_groups : 1;
  if (n_curves > TT_PLOT_MAX_SERIES) {
    *rc = tt_cli_fail(cli, TT_EUSAGE, "--by-group: %zu groups, at most %d "
                      "curves fit one chart", n_curves, TT_PLOT_MAX_SERIES);
    goto done;
  }
  for (size_t g = 0; g < n_curves; g++) {
    int grp = a->by_group ? (int)g : cli->group_index;
    tt_km *k = tt_km_estimate(sp, p, state, grp, 0.95, err);
    if (!k) goto done;
    if (!k->n_spells) { /* a group without such spells: no curve */
      tt_km_free(k);
      continue;
    }
    km[n] = k;
    if (grp == TT_GROUP_NONE)
      snprintf(names[n], sizeof names[n], "All countries");
    else
      tt_plot_group_label(p, grp, names[n], sizeof names[n]);
    labels[n] = names[n];
    n++;
  }
  if (!n) {
    *rc = tt_cli_fail(cli, TT_EDATA, "no %s spells in %d-%d: nothing to "
                      "plot", cli->scale->states[state].label, lo, hi);
    goto done;
  }
  img = tt_plot_survival((const tt_km *const *)km, labels, n,
                         cli->scale->states[state].label, po, err);
done:
  for (size_t i = 0; i < n; i++) tt_km_free(km[i]);
  tt_spells_free(sp);
  return img;
}

static tt_plot_image *draw_projection(tt_cli *cli, const plot_args *a,
                                      const tt_plot_options *po, int lo,
                                      int hi, tt_error *err, int *rc) {
  const tt_panel *p = cli->panel;
  tt_transitions_options to;
  tt_transitions_options_default(&to);
  to.year_lo = lo;
  to.year_hi = hi - 1;
  to.group = cli->group_index;
  to.unranked = a->unranked;
  if (hi <= lo) {
    *rc = tt_cli_fail(cli, TT_EUSAGE, "a projection needs at least two "
                      "years of data (--from/--to give %d-%d)", lo, hi);
    return NULL;
  }
  tt_transitions *t = tt_transitions_estimate(p, &to, err);
  if (!t) return NULL;
  tt_markov *mc = NULL;
  tt_projection *pr = NULL;
  tt_plot_image *img = NULL;
  double start[TT_SCALE_MAX_STATES] = {0}, total = 0;
  if (!t->n_pairs) {
    *rc = tt_cli_fail(cli, TT_EDATA, "no pairs of consecutive years in "
                      "%d-%d: nothing to project", lo, hi);
    goto done;
  }
  /* Start from the last year's distribution over the chain's states. */
  for (size_t e = 0; e < p->n_entities; e++) {
    if (cli->group_index != TT_GROUP_NONE && p->group[e] != cli->group_index)
      continue;
    int st = tt_panel_get(p, e, hi);
    for (size_t i = 0; i < t->m; i++)
      if (t->state[i] == st) {
        start[i] += 1;
        total += 1;
      }
  }
  if (total == 0) {
    *rc = tt_cli_fail(cli, TT_EDATA, "no entity in %d to start the "
                      "projection from", hi);
    goto done;
  }
  for (size_t i = 0; i < t->m; i++) start[i] /= total;
  if (!(mc = tt_markov_from_transitions(t, err))) goto done;
  size_t k = a->has_horizon ? (size_t)a->horizon : 10;
  if (!(pr = tt_markov_project(mc, start, k, hi, err))) goto done;
  int hist_lo = hi - 10 > lo ? hi - 10 : lo;
  img = tt_plot_projection(pr, mc, cli->scale, p, cli->group_index, hist_lo,
                           po, err);
done:
  tt_projection_free(pr);
  tt_markov_free(mc);
  tt_transitions_free(t);
  return img;
}

static tt_plot_image *draw_flow(tt_cli *cli, const plot_args *a,
                                const tt_plot_options *po, int lo, int hi,
                                tt_error *err, int *rc) {
  int years[8];
  size_t n = 0;
  if (a->years) {
    const char *s = a->years;
    while (*s) {
      char *end;
      long y = strtol(s, &end, 10);
      if (end == s || (*end && *end != ',')) {
        *rc = tt_cli_fail(cli, TT_EUSAGE, "--years: '%s' is not a list of "
                          "years like 2015,2025", a->years);
        return NULL;
      }
      if (n == 8) {
        *rc = tt_cli_fail(cli, TT_EUSAGE, "--years: at most 8 years");
        return NULL;
      }
      if (y < lo || y > hi) {
        *rc = tt_cli_fail(cli, TT_EUSAGE, "--years: %ld is outside the "
                          "data's years %d-%d", y, lo, hi);
        return NULL;
      }
      if (n && y <= years[n - 1]) {
        *rc = tt_cli_fail(cli, TT_EUSAGE, "--years: give the years in "
                          "ascending order, each once");
        return NULL;
      }
      years[n++] = (int)y;
      s = *end ? end + 1 : end;
    }
    if (n < 2) {
      *rc = tt_cli_fail(cli, TT_EUSAGE, "--years: give at least two years "
                        "(e.g. 2015,2025)");
      return NULL;
    }
  } else {
    if (hi <= lo) {
      *rc = tt_cli_fail(cli, TT_EUSAGE, "a flow needs two years (--from/--to "
                        "give %d-%d)", lo, hi);
      return NULL;
    }
    years[0] = hi - 10 >= lo ? hi - 10 : lo;
    years[1] = hi;
    n = 2;
  }
  return tt_plot_flow(cli->panel, years, n, cli->group_index, po, err);
}

/* ---- the command --------------------------------------------------------- */

static int run(tt_cli *cli, int argc, char **argv) {
  plot_args a;
  memset(&a, 0, sizeof a);
  a.unranked = TT_UNRANKED_INCLUDE;
  int rc = tt_cli_parse(cli, argc, argv, plot_opts, plot_option, &a);
  if (rc) return rc;

  char kind_list[256];
  size_t used = 0;
  for (size_t i = 0; i < N_KINDS; i++)
    used += (size_t)snprintf(kind_list + used, sizeof kind_list - used,
                             "%s%s", i ? ", " : "", kinds[i].name);
  if (!cli->n_args)
    return tt_cli_fail(cli, TT_EUSAGE, "plot needs a chart kind (%s)",
                       kind_list);
  const plot_kind *kind = NULL;
  for (size_t i = 0; i < N_KINDS; i++)
    if (!strcmp(cli->args[0], kinds[i].name)) kind = &kinds[i];
  if (!kind)
    return tt_cli_fail(cli, TT_EUSAGE, "unknown chart kind '%s' (kinds: %s)",
                       cli->args[0], kind_list);
  if (strcmp(kind->name, "timeline") && cli->n_args > 1)
    return tt_cli_fail(cli, TT_EUSAGE, "plot %s takes no argument '%s'",
                       kind->name, cli->args[1]);
  for (int o = OPT_BY_GROUP; o <= OPT_UNRANKED; o++)
    if ((a.given & USES(o)) && !(kind->uses & USES(o)))
      return tt_cli_fail(cli, TT_EUSAGE, "%s does not apply to plot %s",
                         opt_names[o - OPT_BY_GROUP], kind->name);
  if (cli->group && (!strcmp(kind->name, "groups") ||
                     !strcmp(kind->name, "timeline")))
    return tt_cli_fail(cli, TT_EUSAGE, "--group does not apply to plot %s "
                       "(it %s)", kind->name,
                       strcmp(kind->name, "groups") ? "names its countries"
                                                    : "draws every group");
  if (!cli->out)
    return tt_cli_fail(cli, TT_EUSAGE, "plot needs --out FILE.png or "
                       "FILE.svg");
  int fmt = tt_plot_format_from_path(cli->out);
  if (fmt < 0)
    return tt_cli_fail(cli, TT_EUSAGE, "--out %s: the file name must end "
                       "in .png or .svg", cli->out);
  if ((rc = tt_cli_load(cli))) return rc;

  int lo, hi;
  tt_cli_years(cli, &lo, &hi);
  char source[512];
  source_line(cli, lo, hi, source, sizeof source);
  tt_plot_options po;
  tt_plot_options_default(&po);
  po.format = (tt_plot_format)fmt;
  po.width = a.width;
  po.height = a.height;
  po.title = a.title;
  po.subtitle = a.subtitle;
  po.source = a.source ? a.source : source;

  /* The temporary file first: an unwritable --out fails at once, before
   * any drawing. tt_cli_out_close renames it into place, or removes it. */
  FILE *f;
  if ((rc = tt_cli_out_open(cli, cli->out, &f))) return rc;

  tt_error err;
  tt_error_clear(&err);
  tt_plot_image *img = NULL;
  const char *k = kind->name;
  int grp = cli->group_index;
  if (!strcmp(k, "timeline"))
    img = draw_timeline(cli, &po, lo, hi, &err, &rc);
  else if (!strcmp(k, "heatmap"))
    img = draw_heatmap(cli, &a, &po, lo, hi, &err, &rc);
  else if (!strcmp(k, "distribution")) {
    if (a.by_group && cli->group)
      rc = tt_cli_fail(cli, TT_EUSAGE, "--by-group and --group exclude "
                       "each other");
    else if (a.by_group && !cli->panel->n_groups)
      rc = tt_cli_fail(cli, TT_EUSAGE, "--by-group: the data has no groups "
                       "(give --groups FILE)");
    else
      img = a.by_group
              ? tt_plot_distribution_by_group(cli->panel, lo, hi, &po, &err)
              : tt_plot_distribution(cli->panel, grp, lo, hi, &po, &err);
  } else if (!strcmp(k, "groups"))
    img = draw_groups(cli, &a, &po, lo, hi, &err, &rc);
  else if (!strcmp(k, "index"))
    img = tt_plot_index(cli->panel, grp, lo, hi, &po, &err);
  else if (!strcmp(k, "survival"))
    img = draw_survival(cli, &a, &po, lo, hi, &err, &rc);
  else if (!strcmp(k, "projection"))
    img = draw_projection(cli, &a, &po, lo, hi, &err, &rc);
  else
    img = draw_flow(cli, &a, &po, lo, hi, &err, &rc);
  if (!img) {
    tt_cli_out_close(cli, cli->out, f, 0);
    return rc ? rc : tt_cli_fail_err(cli, &err);
  }
  fwrite(img->data, 1, img->size, f); /* a short write sets ferror */
  tt_plot_image_free(img);
  return tt_cli_out_close(cli, cli->out, f, 1);
}

const tt_command tt_cmd_plot = {
    "plot", run, "charts as PNG or SVG files",
    "plot KIND [COUNTRY...] --out FILE.png|FILE.svg [OPTIONS]",
    "Kinds:\n"
    "  timeline COUNTRY...  tiers of up to 8 countries by year\n"
    "  heatmap              transition matrix: probability, interval and\n"
    "                       counts in each cell (--horizon K, --unranked)\n"
    "  distribution         shares of each tier by year (--group G, or\n"
    "                       --by-group for one panel per group)\n"
    "  groups               mean tier value by group over time, or the\n"
    "                       share in some states (--share 2WL,3)\n"
    "  index                every country a row, years as columns,\n"
    "                       grouped and sorted (--group G)\n"
    "  survival             Kaplan-Meier curve of Watch List spells with\n"
    "                       its 95% band (--state CODE, --by-group)\n"
    "  projection           Markov projection of the last year's\n"
    "                       distribution toward the steady state\n"
    "                       (--horizon years, default 10)\n"
    "  flow                 how countries moved between tiers from one\n"
    "                       year to another (--years 2015,2025)\n"
    "The format follows the file name (.png or .svg); the file is written\n"
    "whole or not at all, and the same input gives the same file.\n"
    "--from/--to choose the years used."};
