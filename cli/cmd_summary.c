/* tiertrend summary — what the data holds: entities, years, per-year counts
 * and shares per state, groups, the latest distribution, data quality. */
#include <stdlib.h>
#include <string.h>

#include "tt_cli.h"

static void add_years(tt_cli *cli, tt_doc *doc, int lo, int hi) {
  const tt_panel *p = cli->panel;
  const tt_scale *s = cli->scale;
  int g = cli->group_index;
  tt_table *h = tt_doc_table(doc, "by_year", "Entities per state, by year",
                             TT_TABLE_HUMAN);
  tt_table_col(h, "year", TT_COL_INT, 0);
  for (size_t k = 1; k <= s->n; k++)
    tt_table_col(h, s->states[k].label, TT_COL_INT, 0);
  tt_table_col(h, "total", TT_COL_INT, 0);
  tt_table_col(h, "mean", TT_COL_REAL, 2);
  if (cli->sources) {
    tt_table_col(h, "derived", TT_COL_INT, 0);
    tt_table_col(h, "assumed", TT_COL_INT, 0);
  }
  tt_table *c = tt_doc_table(doc, "counts",
                             "Entities per state, by year (tidy)",
                             TT_TABLE_DATA);
  tt_table_col(c, "year", TT_COL_INT, 0);
  tt_table_col(c, "state", TT_COL_STR, 0);
  tt_table_col(c, "label", TT_COL_STR, 0);
  tt_table_col(c, "count", TT_COL_INT, 0);
  tt_table_col(c, "share", TT_COL_SHARE, 1);

  size_t n[TT_SCALE_MAX_STATES + 1];
  for (int y = lo; y <= hi; y++) {
    memset(n, 0, sizeof n);
    size_t total = 0, ranked = 0;
    double sum = 0;
    for (size_t e = 0; e < p->n_entities; e++) {
      if (g != TT_GROUP_NONE && p->group[e] != g) continue;
      int st = tt_panel_get(p, e, y);
      if (!st) continue;
      n[st]++;
      total++;
      if (s->states[st].ranked) {
        ranked++;
        sum += s->states[st].value;
      }
    }
    if (!total) continue; /* a year with no report */
    tt_table_row(h);
    tt_table_int(h, 0, y);
    for (size_t k = 1; k <= s->n; k++) tt_table_int(h, k, (long)n[k]);
    tt_table_int(h, s->n + 1, (long)total);
    if (ranked) tt_table_real(h, s->n + 2, sum / (double)ranked);
    if (cli->sources) {
      tt_table_int(h, s->n + 3,
                   (long)tt_sources_get(cli->sources, y, TT_BASIS_DERIVED));
      tt_table_int(h, s->n + 4,
                   (long)tt_sources_get(cli->sources, y, TT_BASIS_ASSUMED));
    }
    for (size_t k = 1; k <= s->n; k++) {
      tt_table_row(c);
      tt_table_int(c, 0, y);
      tt_table_str(c, 1, s->states[k].code);
      tt_table_str(c, 2, s->states[k].label);
      tt_table_int(c, 3, (long)n[k]);
      tt_table_real(c, 4, (double)n[k] / (double)total);
    }
  }
  char v[256];
  tt_table_note(h, "mean: average value of the ranked states (%s); lower is "
                "better.",
                tt_cli_values(cli, v, sizeof v));
  if (cli->sources)
    tt_table_note(h, "derived/assumed: rows whose value follows from other "
                  "sources or was assumed, not read (see the sources file).");
}

static void add_latest(tt_cli *cli, tt_doc *doc, int year) {
  const tt_panel *p = cli->panel;
  const tt_scale *s = cli->scale;
  int g = cli->group_index;
  char title[96];
  snprintf(title, sizeof title, "Latest report (%d)", year);
  tt_table *t = tt_doc_table(doc, "latest", title, TT_TABLE_ALL);
  tt_table_col(t, "state", TT_COL_STR, 0);
  tt_table_col(t, "label", TT_COL_STR, 0);
  tt_table_col(t, "count", TT_COL_INT, 0);
  tt_table_col(t, "share", TT_COL_SHARE, 1);
  size_t n[TT_SCALE_MAX_STATES + 1] = {0}, total = 0;
  for (size_t e = 0; e < p->n_entities; e++) {
    if (g != TT_GROUP_NONE && p->group[e] != g) continue;
    int st = tt_panel_get(p, e, year);
    if (st) n[st]++, total++;
  }
  for (size_t k = 1; k <= s->n; k++) {
    tt_table_row(t);
    tt_table_str(t, 0, s->states[k].code);
    tt_table_str(t, 1, s->states[k].label);
    tt_table_int(t, 2, (long)n[k]);
    tt_table_real(t, 3, total ? (double)n[k] / (double)total : 0.0);
  }
  tt_table_note(t, "%zu entities in the %d report.", total, year);
}

/* Who moved in the latest report: what a journalist writes about first. */
static void add_changes(tt_cli *cli, tt_doc *doc, int latest) {
  const tt_panel *p = cli->panel;
  const tt_scale *s = cli->scale;
  int g = cli->group_index, prev = latest - 1;
  char title[96];
  snprintf(title, sizeof title, "Changes in the %d report", latest);
  tt_table *t = tt_doc_table(doc, "changes", title, TT_TABLE_ALL);
  tt_table_col(t, "country", TT_COL_STR, 0);
  tt_table_col(t, "iso3", TT_COL_STR, 0);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "from", TT_COL_STR, 0);
  tt_table_col(t, "to", TT_COL_STR, 0);
  tt_table_col(t, "move", TT_COL_STR, 0);
  size_t up = 0, down = 0, other = 0, entered = 0, left = 0;
  for (int pass = 0; pass < 3; pass++) /* upgrades, downgrades, others */
    for (size_t e = 0; e < p->n_entities; e++) {
      if (g != TT_GROUP_NONE && p->group[e] != g) continue;
      int a = tt_panel_get(p, e, prev), b = tt_panel_get(p, e, latest);
      if (pass == 0) {
        entered += !a && b;
        left += a && !b;
      }
      if (!a || !b || a == b) continue;
      int ranked = s->states[a].ranked && s->states[b].ranked;
      int kind = !ranked ? 2 : s->states[b].value < s->states[a].value ? 0 : 1;
      if (kind != pass) continue;
      up += kind == 0;
      down += kind == 1;
      other += kind == 2;
      tt_table_row(t);
      tt_table_str(t, 0, p->names[e]);
      tt_table_str(t, 1, p->codes[e]);
      tt_table_str(t, 2, p->group[e] == TT_GROUP_NONE
                             ? NULL
                             : p->group_names[p->group[e]]);
      tt_table_str(t, 3, s->states[a].label);
      tt_table_str(t, 4, s->states[b].label);
      tt_table_str(t, 5, kind == 0 ? "upgrade" : kind == 1 ? "downgrade"
                                                           : "moved");
    }
  tt_table_note(t, "%d against %d: %zu upgrades, %zu downgrades, %zu other "
                "moves (to or from an unranked state); %zu entered the "
                "report, %zu left it.",
                latest, prev, up, down, other, entered, left);
}

static void add_groups(tt_cli *cli, tt_doc *doc, int latest) {
  const tt_panel *p = cli->panel;
  if (!p->n_groups) return;
  tt_table *t = tt_doc_table(doc, "groups", "Entities per group",
                             TT_TABLE_ALL);
  tt_table_col(t, "group", TT_COL_STR, 0);
  tt_table_col(t, "entities", TT_COL_INT, 0);
  tt_table_col(t, "in_latest", TT_COL_INT, 0);
  size_t none = 0;
  for (size_t e = 0; e < p->n_entities; e++) none += p->group[e] == TT_GROUP_NONE;
  for (size_t g = 0; g <= p->n_groups; g++) {
    int gi = g < p->n_groups ? (int)g : TT_GROUP_NONE;
    if (gi == TT_GROUP_NONE && !none) break;
    size_t n = 0, nl = 0;
    for (size_t e = 0; e < p->n_entities; e++)
      if (p->group[e] == gi) {
        n++;
        nl += tt_panel_get(p, e, latest) != 0;
      }
    tt_table_row(t);
    tt_table_str(t, 0, gi == TT_GROUP_NONE ? "(no group)" : p->group_names[g]);
    tt_table_int(t, 1, (long)n);
    tt_table_int(t, 2, (long)nl);
  }
  if (none) {
    char list[512];
    size_t used = 0, shown = 0;
    list[0] = '\0';
    for (size_t e = 0; e < p->n_entities && shown < 10; e++)
      if (p->group[e] == TT_GROUP_NONE) {
        int k = snprintf(list + used, sizeof list - used, "%s%s",
                         shown ? ", " : "", p->names[e]);
        if (k < 0 || (size_t)k >= sizeof list - used) break;
        used += (size_t)k;
        shown++;
      }
    tt_table_note(t, "%zu entities have no group: %s%s.", none, list,
                  none > shown ? ", ..." : "");
  }
}

static void add_quality(tt_cli *cli, tt_doc *doc, int lo, int hi) {
  const tt_panel *p = cli->panel;
  tt_table *t = tt_doc_table(doc, "quality", "Data quality", TT_TABLE_ALL);
  tt_table_col(t, "check", TT_COL_STR, 0);
  tt_table_col(t, "value", TT_COL_INT, 0);
  size_t gaps = 0, gap_entities = 0, cells = 0, no_report = 0;
  /* Which years have a report at all, counted once: a year nobody is in
   * is no gap in anyone's series. */
  unsigned char *reported = calloc(p->n_years, 1);
  if (!reported) return;
  for (size_t e = 0; e < p->n_entities; e++) {
    const uint8_t *row = tt_panel_row(p, e);
    for (size_t i = 0; i < p->n_years; i++) reported[i] |= row[i] != 0;
  }
  for (size_t e = 0; e < p->n_entities; e++) {
    int first, last;
    if (!tt_panel_entity_span(p, e, &first, &last)) continue;
    size_t g0 = gaps;
    for (int y = first; y <= last; y++) {
      if (tt_panel_get(p, e, y)) cells++;
      else if (reported[y - p->year_min]) gaps++;
    }
    gap_entities += gaps > g0;
  }
  for (int y = lo; y <= hi; y++) no_report += !reported[y - p->year_min];
  free(reported);
  tt_table_row(t);
  tt_table_str(t, 0, "entity-years with a state");
  tt_table_int(t, 1, (long)cells);
  tt_table_row(t);
  tt_table_str(t, 0, "gaps: absent years between an entity's first and last");
  tt_table_int(t, 1, (long)gaps);
  tt_table_row(t);
  tt_table_str(t, 0, "entities with a gap");
  tt_table_int(t, 1, (long)gap_entities);
  tt_table_row(t);
  tt_table_str(t, 0, "years without any report");
  tt_table_int(t, 1, (long)no_report);
  if (cli->sources) {
    static const char *const basis[] = {"read", "compiled", "derived",
                                        "assumed", "other basis"};
    for (int b = 0; b < TT_BASIS_N; b++) {
      size_t n = 0;
      for (int y = lo; y <= hi; y++) n += tt_sources_get(cli->sources, y, b);
      tt_table_row(t);
      tt_table_strf(t, 0, "rows %s", basis[b]);
      tt_table_int(t, 1, (long)n);
    }
    int worst = lo;
    size_t worst_n = 0;
    for (int y = lo; y <= hi; y++) {
      size_t n = tt_sources_get(cli->sources, y, TT_BASIS_DERIVED) +
                 tt_sources_get(cli->sources, y, TT_BASIS_ASSUMED);
      if (n > worst_n) worst_n = n, worst = y;
    }
    if (worst_n)
      tt_table_note(t, "The weakest year is %d: %zu of its rows are derived "
                    "or assumed rather than read.", worst, worst_n);
  }
  tt_table_note(t, "A gap breaks an entity's series: no transition or spell "
                "spans it.");
}

static int run(tt_cli *cli, int argc, char **argv) {
  int rc = tt_cli_parse(cli, argc, argv, NULL, NULL, NULL);
  if (rc) return rc;
  if (cli->n_args)
    return tt_cli_fail(cli, TT_EUSAGE, "summary takes no arguments ('%s')",
                       cli->args[0]);
  if ((rc = tt_cli_load(cli))) return rc;
  int lo, hi;
  tt_cli_years(cli, &lo, &hi);
  tt_doc *doc = tt_cli_doc(cli, "Summary");
  if (!doc) return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  int latest = hi;
  while (latest > lo && tt_panel_count_year(cli->panel, latest, -1) == 0) latest--;
  size_t in_latest = tt_panel_count_year(cli->panel, latest, -1);
  tt_doc_para(doc, "Scale: %s (%zu states, %zu ranked). Groups: %zu. "
              "Latest report: %d (%zu entities).",
              cli->scale->name, cli->scale->n, tt_scale_n_ranked(cli->scale),
              cli->panel->n_groups, latest, in_latest);
  add_years(cli, doc, lo, hi);
  add_latest(cli, doc, latest);
  if (latest > lo) add_changes(cli, doc, latest);
  add_groups(cli, doc, latest);
  add_quality(cli, doc, lo, hi);
  rc = tt_cli_emit(cli, doc);
  tt_doc_free(doc);
  return rc;
}

const tt_command tt_cmd_summary = {
    "summary", run, "what the data holds: years, counts per tier, groups",
    "summary [OPTIONS]",
    "Per year: entities on each tier, total, mean tier value (and, when a\n"
    "sources file sits beside the data, rows derived or assumed rather than\n"
    "read). Then the latest distribution, entities per group and data\n"
    "quality checks. Tables: by_year (text), counts (csv), latest, changes,\n"
    "groups, quality."};
