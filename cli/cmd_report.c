/* tiertrend report — the main job: every analysis of the data into one
 * folder (report.md, a CSV per table, every chart in PNG and SVG).
 *
 * Each section is an ordinary command run with a report sink (tt_cli.h):
 * its tables go into report.md as Markdown and into CSV files, and it
 * borrows the data loaded once here. The folder is built under a temporary
 * name and swapped in only when complete; an existing folder is replaced
 * only if it is a previous report (it holds a report.md).
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "tt_cli.h"
#include "tt_compare.h"
#include "tt_rules.h"
#include "tt_trends.h"

#define TT_REPORT_DEFAULT_DIR "tiertrend-report"
#define MAX_ARGS 32

typedef struct {
  const char *title;   /* Markdown heading                               */
  const char *intro;   /* one paragraph before the tables                */
  const char *command; /* the command that fills the section             */
  const char *prefix;  /* CSV file prefix                                */
  const char *args[8]; /* its extra arguments, NULL-terminated           */
  const char *hide[4]; /* long tables kept to their CSV files             */
  unsigned needs;      /* NEED_* the data must meet, or it is left out    */
} section;

enum {
  NEED_TIP = 1,     /* the TIP states (Watch List, Tier 3)            */
  NEED_OTHER = 2,   /* any scale but TIP's                            */
  NEED_GROUPS = 4,  /* two groups or more                             */
  NEED_2009 = 8     /* moves into reports before and from 2009        */
};

/* The order a reader wants: what the data is, what just changed, then the
 * longer view. */
static const section sections[] = {
    {"Data and the latest report",
     "What the data holds, how much of it is derived rather than read, the "
     "latest distribution and who moved in the latest report.",
     "summary", "summary", {NULL}, {NULL}, 0},
    {"Trends: who improved, who declined",
     "Each country's first and last ranked report, its net change and the "
     "trend over all its reports (least-squares slope in tiers per decade "
     "and Kendall's tau-b). The full per-country table is "
     "`trends_countries.csv`.",
     "trends", "trends", {"--top", "10", NULL}, {NULL}, 0},
    {"Transitions between tiers",
     "How likely a country on each tier is to stay, rise or fall by the "
     "next report, with intervals, and the agency-style mobility figures.",
     "transitions", "transitions", {NULL}, {NULL}, 0},
    {"Do the groups (regions) move differently?",
     "The Anderson-Goodman test of one shared transition matrix across the "
     "groups, with a permutation p that shuffles group labels among "
     "entities.",
     "transitions", "transitions_regions",
     {"--test", "groups", "--permutations", "2000", NULL}, {NULL},
     NEED_GROUPS},
    {"Did the 2008 law change behaviour?",
     "The same test across periods: moves into the reports before 2009 "
     "against moves into the reports from 2009, when the two-year Watch "
     "List rule began to count.",
     "transitions", "transitions_periods",
     {"--test", "periods", "--split", "2009", NULL}, {NULL},
     NEED_TIP | NEED_2009},
    {"Did behaviour change over time?",
     "The same test across periods: moves into the first half of the years "
     "against moves into the second half.",
     "transitions", "transitions_periods",
     {"--test", "periods", "--split", "@MID@", NULL}, {NULL},
     NEED_OTHER},
    {"Does the tier before last matter?",
     "A first-order chain assumes the next tier depends only on the "
     "current one; this tests it against the tier two reports back.",
     "transitions", "transitions_order", {"--test", "order", NULL}, {NULL},
     0},
    {"Watch List persistence",
     "How long countries stay on the Watch List, how their spells end, and "
     "whether the chance of leaving grows with time on the list.",
     "spells", "spells", {NULL}, {NULL}, NEED_TIP},
    {"The two-year rule: automatic downgrades and who is at risk",
     "22 U.S.C. 7107(b)(2)(D): two straight Watch List years (counted from "
     "the 2009 report) mean Tier 3 unless waived.",
     "rules", "rules", {NULL}, {"by_country", NULL}, NEED_TIP},
    {"Groups (regions) compared",
     "The groups side by side, with intervals, and what differs.",
     "compare", "compare", {NULL}, {NULL}, NEED_GROUPS},
    {"Where the system is heading",
     "A first-order Markov chain of one-year moves: the steady state, the "
     "next ten reports projected from the latest one, and expected years "
     "between tiers. A summary of past moves, not a forecast.",
     "markov", "markov", {"--years", "10", NULL}, {"countries", NULL}, 0},
};

/* Charts drawn after a section (matched by its prefix), each as PNG and
 * SVG under charts/. @MOVERS@ stands for the most improved and most
 * declined countries. */
typedef struct {
  const char *after;   /* section prefix                                 */
  const char *name;    /* file stem under charts/                        */
  const char *alt;     /* what the image shows, for the Markdown         */
  const char *args[8]; /* plot KIND and its options, NULL-terminated     */
  unsigned needs;
} chart;

static const chart charts[] = {
    {"summary", "distribution", "Share of countries on each tier, by year",
     {"distribution", NULL}, 0},
    {"summary", "index", "Every country's tier, year by year, by region",
     {"index", NULL}, 0},
    {"summary", "flow", "How countries moved between tiers over ten years",
     {"flow", NULL}, 0},
    {"trends", "timeline_movers",
     "The most improved and the most declined country, tier by year",
     {"timeline", "@MOVERS@", NULL}, 0},
    {"trends", "groups", "Mean tier value by region over time",
     {"groups", NULL}, NEED_GROUPS},
    {"transitions", "heatmap", "One-year transition matrix with intervals",
     {"heatmap", NULL}, 0},
    {"spells", "survival", "How long Watch List spells last (Kaplan-Meier)",
     {"survival", NULL}, NEED_TIP},
    {"compare", "survival_by_group",
     "Watch List spells by region (Kaplan-Meier)",
     {"survival", "--by-group", NULL}, NEED_TIP | NEED_GROUPS},
    {"compare", "distribution_by_group", "Tier shares by year, per region",
     {"distribution", "--by-group", NULL}, NEED_GROUPS},
    {"markov", "projection", "Projection of the latest distribution",
     {"projection", NULL}, 0},
};

typedef struct {
  const char *dir;   /* final folder */
  char *tmp;         /* folder being built */
  char *charts;      /* tmp/charts */
  int no_charts;
  char movers[2][64];/* codes of the most improved / declined entity   */
  size_t n_charts;
} report;

enum { OPT_NO_CHARTS = 1000 };

static const tt_cli_option options[] = {
    {"no-charts", 0, OPT_NO_CHARTS, NULL, "tables only, no PNG/SVG charts"},
    {NULL, 0, 0, NULL, NULL}};

static int on_option(tt_cli *cli, int key, const char *arg, void *ctx) {
  (void)cli;
  (void)arg;
  report *r = ctx;
  if (key == OPT_NO_CHARTS) r->no_charts = 1;
  return TT_OK;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw) {
  (void)st;
  (void)ftw;
  return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int rm_tree(const char *path) {
  return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static char *join(const char *a, const char *b) {
  size_t n = strlen(a) + strlen(b) + 2;
  char *s = malloc(n);
  if (s) snprintf(s, n, "%s/%s", a, b);
  return s;
}

/* Passes the report's selection (years, group) and --quiet on to a
 * section or chart; charts take no --group (most kinds refuse it). */
static int append_selection(const tt_cli *cli, char **argv, int n,
                            char bufs[4][32], int with_group) {
  if (cli->from != INT_MIN) {
    snprintf(bufs[0], 32, "%d", cli->from);
    argv[n++] = "--from";
    argv[n++] = bufs[0];
  }
  if (cli->to != INT_MAX) {
    snprintf(bufs[1], 32, "%d", cli->to);
    argv[n++] = "--to";
    argv[n++] = bufs[1];
  }
  if (with_group && cli->group) {
    argv[n++] = "--group";
    argv[n++] = (char *)cli->group;
  }
  if (cli->quiet) argv[n++] = "--quiet";
  return n;
}

/* Builds a section's argv: command, its args, the common selection
 * options of the report (years, group) and the sink does the rest. */
static int section_argv(const tt_cli *cli, const section *sec, char **argv,
                        char bufs[4][32]) {
  int n = 0;
  argv[n++] = (char *)sec->command;
  for (size_t i = 0; sec->args[i] && n < MAX_ARGS - 6; i++) {
    argv[n++] = (char *)sec->args[i];
    if (!strcmp(sec->args[i], "@MID@")) { /* the middle year of the data */
      int lo, hi;
      tt_cli_years(cli, &lo, &hi);
      snprintf(bufs[2], 32, "%d", lo + (hi - lo + 1) / 2);
      argv[n - 1] = bufs[2];
    }
  }
  n = append_selection(cli, argv, n, bufs, 1);
  argv[n] = NULL;
  return n;
}

/* Whether the data meets what a section needs. */
static int applies(const tt_cli *cli, unsigned needs) {
  const tt_panel *p = cli->panel;
  int tip = tt_scale_lookup(cli->scale, "2WL", 3) > 0 &&
            tt_scale_lookup(cli->scale, "3", 1) > 0 &&
            tt_scale_is_tip(cli->scale);
  int lo, hi;
  tt_cli_years(cli, &lo, &hi);
  if ((needs & NEED_TIP) && !tip) return 0;
  if ((needs & NEED_OTHER) && tip) return 0;
  if ((needs & NEED_GROUPS) && p->n_groups < 2) return 0;
  if ((needs & NEED_2009) && !(lo < 2008 && hi > 2009)) return 0;
  if (hi - lo < 3 && (needs & NEED_OTHER)) return 0;
  return 1;
}

/* Draws one chart twice (PNG, SVG) with the plot command, and links it. */
static int draw_chart(tt_cli *cli, report *r, const chart *ch,
                      tt_report_sink *sink) {
  const tt_command *plot = tt_command_find("plot");
  if (!plot) return tt_cli_fail(cli, TT_EINTERNAL, "no plot command");
  static const char *const ext[2] = {"png", "svg"};
  for (int f = 0; f < 2; f++) {
    char *argv[MAX_ARGS + 1];
    char bufs[4][32], path[4096];
    int n = 0;
    argv[n++] = "plot";
    for (size_t i = 0; ch->args[i] && n < MAX_ARGS - 8; i++) {
      if (!strcmp(ch->args[i], "@MOVERS@")) {
        for (int k = 0; k < 2; k++)
          if (r->movers[k][0]) argv[n++] = r->movers[k];
      } else {
        argv[n++] = (char *)ch->args[i];
      }
    }
    snprintf(path, sizeof path, "%s/%s.%s", r->charts, ch->name, ext[f]);
    argv[n++] = "--out";
    argv[n++] = path;
    n = append_selection(cli, argv, n, bufs, 0);
    argv[n] = NULL;
    tt_cli sub;
    tt_cli_init(&sub, plot);
    sub.sink = sink;
    int rc = plot->run(&sub, n, argv);
    tt_cli_free(&sub);
    if (rc) return rc;
  }
  r->n_charts++;
  fprintf(sink->md, "![%s](charts/%s.png)\n\n*%s* ([SVG](charts/%s.svg))\n\n",
          ch->alt, ch->name, ch->alt, ch->name);
  return TT_OK;
}

static int run_section(tt_cli *cli, report *r, const section *sec,
                       tt_report_sink *sink) {
  if (!applies(cli, sec->needs)) return TT_OK;
  const tt_command *c = tt_command_find(sec->command);
  if (!c) return tt_cli_fail(cli, TT_EINTERNAL, "no command %s", sec->command);
  char *argv[MAX_ARGS + 1];
  char bufs[4][32];
  int argc = section_argv(cli, sec, argv, bufs);
  fprintf(sink->md, "## %s\n\n%s\n\n", sec->title, sec->intro);
  tt_cli sub;
  tt_cli_init(&sub, c);
  sink->prefix = sec->prefix;
  sink->hide = sec->hide;
  sub.sink = sink;
  int rc = c->run(&sub, argc, argv);
  tt_cli_free(&sub);
  for (size_t i = 0; !rc && !r->no_charts && i < sizeof charts / sizeof *charts;
       i++)
    if (!strcmp(charts[i].after, sec->prefix) && applies(cli, charts[i].needs))
      rc = draw_chart(cli, r, &charts[i], sink);
  return rc;
}

/* Swaps the finished folder into place. */
static int commit(tt_cli *cli, report *r) {
  struct stat st;
  char *old = NULL;
  if (stat(r->dir, &st) == 0) {
    char *marker = join(r->dir, "report.md");
    int is_report = marker && S_ISDIR(st.st_mode) && access(marker, F_OK) == 0;
    free(marker);
    if (!is_report)
      return tt_cli_fail(cli, TT_ECANTCREAT,
                         "%s exists and is not a tiertrend report folder; "
                         "choose another --out",
                         r->dir);
    size_t n = strlen(r->dir) + 32;
    old = malloc(n);
    if (!old) return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
    snprintf(old, n, "%s.old%ld", r->dir, (long)getpid());
    if (rename(r->dir, old) != 0) {
      int e = errno;
      free(old);
      return tt_cli_fail(cli, TT_ECANTCREAT, "%s: cannot replace: %s", r->dir,
                         strerror(e));
    }
  }
  if (rename(r->tmp, r->dir) != 0) {
    int e = errno;
    if (old) rename(old, r->dir); /* put the previous report back */
    free(old);
    return tt_cli_fail(cli, TT_ECANTCREAT, "%s: cannot create: %s", r->dir,
                       strerror(e));
  }
  if (old) rm_tree(old);
  free(old);
  return TT_OK;
}

/* The entities with the largest net improvement and decline (at least 5
 * ranked years), for the movers' timeline; ties go to the steeper slope. */
static int find_movers(tt_cli *cli, report *r) {
  int lo, hi;
  tt_cli_years(cli, &lo, &hi);
  tt_error err;
  tt_error_clear(&err);
  tt_trends *t = tt_trends_estimate(cli->panel, lo, hi, TT_GROUP_NONE, 0.95,
                                    &err);
  if (!t) return tt_cli_fail_err(cli, &err);
  const tt_trend_entity *best = NULL, *worst = NULL;
  for (size_t i = 0; i < t->n_entities; i++) {
    const tt_trend_entity *x = &t->entity[i];
    if (x->n_obs < 5 || !isfinite(x->net_change)) continue;
    if (x->net_change < 0 &&
        (!best || x->net_change < best->net_change ||
         (x->net_change == best->net_change && x->ols.slope < best->ols.slope)))
      best = x;
    if (x->net_change > 0 &&
        (!worst || x->net_change > worst->net_change ||
         (x->net_change == worst->net_change &&
          x->ols.slope > worst->ols.slope)))
      worst = x;
  }
  const tt_panel *p = cli->panel;
  const tt_trend_entity *pick[2] = {best, worst};
  for (int k = 0; k < 2; k++)
    if (pick[k]) {
      size_t e = pick[k]->entity;
      snprintf(r->movers[k], sizeof r->movers[k], "%s",
               p->codes[e] ? p->codes[e] : p->names[e]);
    }
  tt_trends_free(t);
  return TT_OK;
}

static int build(tt_cli *cli, report *r, size_t *n_csv) {
  if (!r->no_charts) {
    r->charts = join(r->tmp, "charts");
    if (!r->charts) return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
    if (mkdir(r->charts, 0777) != 0)
      return tt_cli_fail(cli, TT_ECANTCREAT, "%s: cannot create: %s",
                         r->charts, strerror(errno));
    int rc = find_movers(cli, r);
    if (rc) return rc;
  }
  char *md_path = join(r->tmp, "report.md");
  FILE *md = md_path ? fopen(md_path, "w") : NULL;
  free(md_path);
  if (!md) return tt_cli_fail(cli, TT_ECANTCREAT, "%s: cannot create report.md: %s",
                              r->tmp, strerror(errno));
  const tt_panel *p = cli->panel;
  int lo, hi;
  tt_cli_years(cli, &lo, &hi);
  fprintf(md, "# %s: report, %d-%d\n\n",
          tt_scale_is_tip(cli->scale)
              ? "Trafficking in Persons Report tiers"
              : "Ordinal ratings",
          lo, hi);
  fprintf(md, "Data: `%s` (%zu entities, %d-%d, scale: %s). Every table "
              "below is also a CSV file in this folder.\n\n",
          cli->data ? cli->data : "tip_tiers.csv (bundled)", p->n_entities,
          lo, hi, cli->scale->name);
  char v[256];
  fprintf(md, "How to read: lower is better (%s), so a negative change or "
              "slope is an improvement. Intervals are 95%% unless stated.\n\n",
          tt_cli_values(cli, v, sizeof v));
  tt_report_sink sink = {.md = md, .dir = r->tmp, .shared = cli};
  int rc = TT_OK;
  for (size_t i = 0; i < sizeof sections / sizeof *sections && !rc; i++)
    rc = run_section(cli, r, &sections[i], &sink);
  if (fclose(md) != 0 && !rc)
    rc = tt_cli_fail(cli, TT_EIO, "report.md: write failed: %s",
                     strerror(errno));
  *n_csv = sink.n_csv;
  return rc;
}

/* The few lines a reader wants before opening the folder. Each figure is
 * the one the report's tables give. */
static int print_summary(tt_cli *cli, const report *r, size_t n_csv) {
  const tt_panel *p = cli->panel;
  const tt_scale *s = cli->scale;
  int lo, hi;
  tt_cli_years(cli, &lo, &hi);
  tt_error err;
  tt_error_clear(&err);
  tt_compare *c = tt_compare_groups(p, lo, hi, 0.95, 2000, 1, &err);
  if (!c) return tt_cli_fail_err(cli, &err);
  const tt_compare_group *all = &c->g[0];
  int y = c->latest;
  printf("%s, %d report: %zu entities:", s->name, y, all->n_latest);
  for (size_t k = 1; k <= s->n; k++)
    printf("%s %s %zu (%.1f%%)", k > 1 ? "," : "", s->states[k].label,
           all->latest[k],
           all->n_latest ? 100.0 * (double)all->latest[k] / (double)all->n_latest
                         : 0.0);
  printf(".\n");
  if (y > lo) {
    size_t up = 0, down = 0;
    for (size_t e = 0; e < p->n_entities; e++) {
      int a = tt_panel_get(p, e, y - 1), b = tt_panel_get(p, e, y);
      if (!a || !b || a == b || !s->states[a].ranked || !s->states[b].ranked)
        continue;
      if (s->states[b].value < s->states[a].value) up++;
      else down++;
    }
    printf("Against %d: %zu upgrades, %zu downgrades.\n", y - 1, up, down);
  }
  if (c->watch_state && isfinite(all->p_stay))
    printf("Watch List: %.1f%% of Watch List years were followed by another "
           "(95%% %.1f-%.1f%%); median spell %.0f years.\n",
           100 * all->p_stay, 100 * all->p_stay_lo, 100 * all->p_stay_hi,
           all->median);
  tt_rules_options ro;
  if (c->watch_state && tt_rules_options_default(&ro, s, &err) == TT_OK) {
    tt_rules *ru = tt_rules_apply(p, &ro, lo, hi, &err);
    if (ru && ru->n_years && ru->year_hi == y) {
      size_t leave = 0, waiver = 0;
      for (size_t e = 0; e < p->n_entities; e++) {
        tt_rules_next nx = tt_rules_get(ru, e, y)->next;
        leave += nx == TT_NEXT_LEAVE;
        waiver += nx == TT_NEXT_WAIVER;
      }
      printf("Two-year rule: after the %d report, %zu Watch List countries "
             "must leave the list and %zu may stay only with a waiver.\n",
             y, leave, waiver);
    }
    tt_rules_free(ru);
  }
  if (c->n > 2) {
    size_t best = 1, worst = 1;
    for (size_t i = 1; i < c->n; i++) {
      if (!isfinite(c->g[i].mean_now)) continue;
      if (c->g[i].mean_now < c->g[best].mean_now) best = i;
      if (c->g[i].mean_now > c->g[worst].mean_now) worst = i;
    }
    if (c->g[best].mean_now < c->g[worst].mean_now)
      printf("Groups: best mean %s (%.2f), worst %s (%.2f)",
             p->group_names[c->g[best].group], c->g[best].mean_now,
             p->group_names[c->g[worst].group], c->g[worst].mean_now);
    else
      printf("Groups: all have the same mean (%.2f)", c->g[best].mean_now);
    if (c->test)
      printf("; one shared transition matrix %s (permutation p %s %.4f)",
             c->test->stat.p_perm < 0.05 ? "is rejected" : "is not rejected",
             c->test->stat.perm_reached ? "=" : "<=", c->test->stat.p_perm);
    printf(".\n");
  }
  printf("Report: %s/report.md, %zu CSV tables, %zu charts (PNG and SVG).\n",
         r->dir, n_csv, r->n_charts);
  tt_compare_free(c);
  return TT_OK;
}

static int run(tt_cli *cli, int argc, char **argv) {
  report r = {0};
  int rc = tt_cli_parse(cli, argc, argv, options, on_option, &r);
  if (rc) return rc;
  if (cli->n_args)
    return tt_cli_fail(cli, TT_EUSAGE, "report takes no arguments ('%s'); "
                       "the folder is --out DIR", cli->args[0]);
  if (cli->format != TT_FMT_TEXT || cli->table)
    return tt_cli_fail(cli, TT_EUSAGE, "report writes Markdown and CSV "
                       "files; --format and --table do not apply");
  if ((rc = tt_cli_load(cli))) return rc;
  r.dir = cli->out ? cli->out : TT_REPORT_DEFAULT_DIR;
  size_t n = strlen(r.dir) + 32;
  r.tmp = malloc(n);
  if (!r.tmp) return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  snprintf(r.tmp, n, "%s.tmp%ld", r.dir, (long)getpid());
  if (mkdir(r.tmp, 0777) != 0) {
    rc = tt_cli_fail(cli, TT_ECANTCREAT, "%s: cannot create: %s", r.tmp,
                     strerror(errno));
    free(r.tmp);
    return rc;
  }
  size_t n_csv = 0;
  rc = build(cli, &r, &n_csv);
  if (!rc) rc = commit(cli, &r);
  if (rc) rm_tree(r.tmp);
  if (!rc) rc = print_summary(cli, &r, n_csv);
  free(r.tmp);
  free(r.charts);
  return rc;
}

const tt_command tt_cmd_report = {
    "report", run, "everything into a folder: report.md, CSV tables, charts",
    "report [--out DIR] [OPTIONS]",
    "Runs every analysis on the data and writes DIR (default\n"
    "tiertrend-report/): report.md with all tables and charts, one CSV per\n"
    "table, and the charts in PNG and SVG under charts/. The folder is\n"
    "built under a temporary name and replaces an existing report only when\n"
    "complete. A short summary goes to standard output."};
