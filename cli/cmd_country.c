/* tiertrend country — one or more countries' histories: tier by year, the
 * move from the year before, the straight years in the tier, spells and
 * years in each tier. */
#include <stdlib.h>
#include <string.h>

#include "tt_cli.h"
#include "tt_spells.h"

/* "up", "down", "same", "new", "after a gap", "to unranked" ... */
static const char *move_word(const tt_scale *s, int prev, int cur,
                             int seen_before) {
  if (!prev) return seen_before ? "back after a gap" : "first report";
  if (prev == cur) return "same";
  if (!s->states[prev].ranked || !s->states[cur].ranked) return "moved";
  return s->states[cur].value < s->states[prev].value ? "upgrade"
                                                      : "downgrade";
}

static const char *entity_title(const tt_panel *p, size_t e, char *buf,
                                size_t n) {
  if (p->codes[e] && p->group[e] != TT_GROUP_NONE)
    snprintf(buf, n, "%s (%s, %s)", p->names[e], p->codes[e],
             p->group_names[p->group[e]]);
  else if (p->codes[e])
    snprintf(buf, n, "%s (%s)", p->names[e], p->codes[e]);
  else
    snprintf(buf, n, "%s", p->names[e]);
  return buf;
}

static void history_cols(tt_table *t, int with_entity) {
  if (with_entity) {
    tt_table_col(t, "country", TT_COL_STR, 0);
    tt_table_col(t, "iso3", TT_COL_STR, 0);
  }
  tt_table_col(t, "year", TT_COL_INT, 0);
  tt_table_col(t, "tier", TT_COL_STR, 0);
  tt_table_col(t, "label", TT_COL_STR, 0);
  tt_table_col(t, "move", TT_COL_STR, 0);
  tt_table_col(t, "change", TT_COL_REAL, 1);
  tt_table_col(t, "straight_years", TT_COL_INT, 0);
}

static void history_rows(tt_cli *cli, tt_table *t, size_t e, int lo, int hi,
                         int with_entity, int human) {
  const tt_panel *p = cli->panel;
  const tt_scale *s = cli->scale;
  int seen = 0;
  for (int y = p->year_min; y <= hi; y++) {
    int st = tt_panel_get(p, e, y);
    int prev = tt_panel_get(p, e, y - 1);
    if (y >= lo && (st || (seen && human && y <= hi))) {
      int later = 0;
      for (int z = y + 1; z <= p->year_max && !later; z++)
        later = tt_panel_get(p, e, z) != 0;
      if (!st && !later) break; /* stop at the last report */
      tt_table_row(t);
      size_t c = 0;
      if (with_entity) {
        tt_table_str(t, c++, p->names[e]);
        tt_table_str(t, c++, p->codes[e]);
      }
      tt_table_int(t, c++, y);
      if (!st) {
        tt_table_str(t, c++, NULL);
        tt_table_str(t, c++, "not in the report");
        continue;
      }
      tt_table_str(t, c++, s->states[st].code);
      tt_table_str(t, c++, s->states[st].label);
      tt_table_str(t, c++, move_word(s, prev, st, seen));
      if (prev && s->states[prev].ranked && s->states[st].ranked)
        tt_table_real(t, c, s->states[st].value - s->states[prev].value);
      c++;
      tt_table_int(t, c++, tt_spells_streak(p, e, y));
    }
    if (st) seen = 1;
  }
}

/* The per-country table people read, with the plain-language line. */
static void add_history(tt_cli *cli, tt_doc *doc, size_t e, tt_table *hist,
                        int lo, int hi) {
  const tt_panel *p = cli->panel;
  const tt_scale *s = cli->scale;
  char title[512], name[64];
  entity_title(p, e, title, sizeof title);
  snprintf(name, sizeof name, "history_%s",
           p->codes[e] ? p->codes[e] : p->names[e]);
  tt_table *t = tt_doc_table(doc, name, title, TT_TABLE_HUMAN);
  history_cols(t, 0);
  history_rows(cli, t, e, lo, hi, 0, 1);
  history_rows(cli, hist, e, lo, hi, 1, 0);
  int last = hi;
  while (last >= lo && !tt_panel_get(p, e, last)) last--;
  if (last < lo) {
    tt_table_note(t, "%s has no report in %d-%d.", p->names[e], lo, hi);
    return;
  }
  int st = tt_panel_get(p, e, last);
  int k = tt_spells_streak(p, e, last);
  int prev = tt_panel_get(p, e, last - 1);
  int earlier = 0;
  for (int y = p->year_min; y < last - 1 && !earlier; y++)
    earlier = tt_panel_get(p, e, y) != 0;
  if (k == 1 && prev)
    tt_table_note(t, "%s: %s in %d, %s from %s in %d.", p->names[e],
                  s->states[st].label, last,
                  !strcmp(move_word(s, prev, st, 1), "upgrade")     ? "up"
                  : !strcmp(move_word(s, prev, st, 1), "downgrade") ? "down"
                                                                    : "moved",
                  s->states[prev].label, last - 1);
  else if (k == 1)
    tt_table_note(t, "%s: %s in %d, %s.", p->names[e], s->states[st].label,
                  last, earlier ? "back in the report after a gap"
                                : "its first report");
  else
    tt_table_note(t, "%s: %s in %d, the %d%s straight year in that tier "
                  "(since %d).",
                  p->names[e], s->states[st].label, last, k,
                  tt_cli_ordinal(k), last - k + 1);
}

/* Spells and years per tier, one row per spell / country. */
static int add_spells(tt_cli *cli, size_t e, tt_table *spells_all,
                      tt_table *years_all, int lo, int hi) {
  const tt_panel *p = cli->panel;
  const tt_scale *s = cli->scale;
  tt_error err;
  tt_error_clear(&err);
  tt_spells *sp = tt_spells_find(p, (long)e, lo, hi, &err);
  if (!sp) return tt_cli_fail_err(cli, &err);
  int years[TT_SCALE_MAX_STATES + 1] = {0};
  int first = 0, last = 0, n_up = 0, n_down = 0;
  for (size_t i = 0; i < sp->n; i++) {
    const tt_spell *x = &sp->spells[i];
    years[x->state] += x->length;
    if (!first) first = x->start;
    last = x->end;
    tt_table_row(spells_all);
    tt_table_str(spells_all, 0, p->names[e]);
    tt_table_str(spells_all, 1, p->codes[e]);
    tt_table_str(spells_all, 2, s->states[x->state].code);
    tt_table_int(spells_all, 3, x->start);
    tt_table_int(spells_all, 4, x->end);
    tt_table_int(spells_all, 5, x->length);
    if (x->how == TT_SPELL_EXIT) {
      tt_table_strf(spells_all, 6, "to %s", s->states[x->exit_state].label);
      if (s->states[x->state].ranked && s->states[x->exit_state].ranked) {
        if (s->states[x->exit_state].value < s->states[x->state].value) n_up++;
        else n_down++;
      }
    } else {
      tt_table_str(spells_all, 6, x->how == TT_SPELL_CENSOR_END
                                      ? "ongoing (censored)"
                                      : "gap follows (censored)");
    }
  }
  tt_table_row(years_all);
  tt_table_str(years_all, 0, p->names[e]);
  tt_table_str(years_all, 1, p->codes[e]);
  if (first) {
    tt_table_int(years_all, 2, first);
    tt_table_int(years_all, 3, last);
  }
  int total = 0;
  for (size_t k = 1; k <= s->n; k++) {
    tt_table_int(years_all, 3 + k, years[k]);
    total += years[k];
  }
  tt_table_int(years_all, 4 + s->n, total);
  tt_table_int(years_all, 5 + s->n, n_up);
  tt_table_int(years_all, 6 + s->n, n_down);
  tt_spells_free(sp);
  return TT_OK;
}

static void spells_cols(tt_table *t) {
  tt_table_col(t, "country", TT_COL_STR, 0);
  tt_table_col(t, "iso3", TT_COL_STR, 0);
  tt_table_col(t, "tier", TT_COL_STR, 0);
  tt_table_col(t, "from", TT_COL_INT, 0);
  tt_table_col(t, "to", TT_COL_INT, 0);
  tt_table_col(t, "years", TT_COL_INT, 0);
  tt_table_col(t, "ended", TT_COL_STR, 0);
}

static int run(tt_cli *cli, int argc, char **argv) {
  int rc = tt_cli_parse(cli, argc, argv, NULL, NULL, NULL);
  if (rc) return rc;
  if (!cli->n_args)
    return tt_cli_fail(cli, TT_EUSAGE,
                       "country needs at least one NAME or ISO3 (e.g. "
                       "'tiertrend country Cambodia')");
  if ((rc = tt_cli_load(cli))) return rc;
  const tt_panel *p = cli->panel;
  size_t *which = malloc((size_t)cli->n_args * sizeof *which);
  if (!which) return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  for (int i = 0; i < cli->n_args; i++) {
    size_t n;
    long e = tt_panel_find(p, cli->args[i], &n);
    if (e == -2) {
      char list[1024];
      size_t used = 0;
      list[0] = '\0';
      for (size_t k = 0; k < p->n_entities; k++)
        if (tt_panel_matches_prefix(p, k, cli->args[i])) {
          int m = snprintf(list + used, sizeof list - used, "%s%s (%s)",
                           used ? ", " : "", p->names[k],
                           p->codes[k] ? p->codes[k] : "-");
          if (m < 0 || (size_t)m >= sizeof list - used) break;
          used += (size_t)m;
        }
      free(which);
      return tt_cli_fail(cli, TT_EUSAGE, "'%s' matches %zu countries: %s",
                         cli->args[i], n, list);
    }
    if (e < 0) {
      free(which);
      return tt_cli_fail(cli, TT_EUSAGE,
                         "no country '%s' in %s (give an ISO3 code or a "
                         "name; 'tiertrend summary' lists the data)",
                         cli->args[i], cli->data_path);
    }
    which[i] = (size_t)e;
  }
  int lo, hi;
  tt_cli_years(cli, &lo, &hi);
  tt_doc *doc = tt_cli_doc(cli, "Country histories");
  if (!doc) {
    free(which);
    return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  }
  char v[256];
  tt_doc_para(doc, "change: difference in value from the year before (%s); "
              "negative is an improvement.",
              tt_cli_values(cli, v, sizeof v));
  /* Tidy tables across all countries, for csv and json. */
  tt_table *hist = tt_doc_table(doc, "history", "History", TT_TABLE_DATA);
  history_cols(hist, 1);
  for (int i = 0; i < cli->n_args; i++)
    add_history(cli, doc, which[i], hist, lo, hi);
  tt_table *spells = tt_doc_table(doc, "spells", "Spells", TT_TABLE_ALL);
  spells_cols(spells);
  tt_table *years = tt_doc_table(doc, "years", "Years in each tier",
                                 TT_TABLE_ALL);
  tt_table_col(years, "country", TT_COL_STR, 0);
  tt_table_col(years, "iso3", TT_COL_STR, 0);
  tt_table_col(years, "first", TT_COL_INT, 0);
  tt_table_col(years, "last", TT_COL_INT, 0);
  for (size_t k = 1; k <= cli->scale->n; k++)
    tt_table_col(years, cli->scale->states[k].code, TT_COL_INT, 0);
  tt_table_col(years, "reports", TT_COL_INT, 0);
  tt_table_col(years, "upgrades", TT_COL_INT, 0);
  tt_table_col(years, "downgrades", TT_COL_INT, 0);
  tt_table_note(spells, "A spell is a run of one tier in consecutive "
                "reports; 'censored' means its end is not observed.");
  tt_table_note(years, "upgrades/downgrades count moves between ranked "
                "tiers only.");
  for (int i = 0; i < cli->n_args && !rc; i++)
    rc = add_spells(cli, which[i], spells, years, lo, hi);
  free(which);
  if (!rc) rc = tt_cli_emit(cli, doc);
  tt_doc_free(doc);
  return rc;
}

const tt_command tt_cmd_country = {
    "country", run, "one or more countries' tier histories and spells",
    "country NAME|ISO3... [OPTIONS]",
    "Countries are found by ISO3 code, by name (case and accents ignored)\n"
    "or by a unique name prefix. For each: the tier of every report, the\n"
    "move from the year before, the straight years in the tier, the spells\n"
    "and the years in each tier. Tables: history (csv), spells, years."};
