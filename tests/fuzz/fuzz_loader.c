/* Fuzz target: the data loader on arbitrary bytes. The first byte picks
 * the layout and tight limits, so the limit paths are reached too; a
 * loaded panel then goes through every analysis (hostile panels: one
 * year, one entity, only unranked states, gaps everywhere). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "tt_compare.h"
#include "tt_load.h"
#include "tt_markov.h"
#include "tt_rules.h"
#include "tt_spells.h"
#include "tt_survival.h"
#include "tt_transitions.h"
#include "tt_trends.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  tt_scale *tip = tt_scale_alloc_tip();
  if (!tip) return 0;
  tt_load_options o;
  tt_load_options_default(&o);
  uint8_t mode = data[0];
  o.layout = (tt_layout)(mode % 3);
  if (mode & 0x04) {
    o.csv.max_field = 64;
    o.csv.max_row = 256;
    o.csv.max_columns = 16;
    o.max_entities = 8;
  }
  if (mode & 0x08) {
    o.col_entity = "a";
    o.col_year = "b";
    o.col_state = "c";
  }
  tt_error err;
  tt_diag d;
  tt_diag_init(&d);
  tt_panel *p = tt_panel_load_buffer("fuzz.csv", (const char *)data + 1,
                                     size - 1, tip, &o, &d, &err);
  if (p) {
    tt_spells *s = tt_spells_find(p, -1, p->year_min, p->year_max, &err);
    if (s) {
      tt_km_free(tt_km_estimate(s, p, 3, TT_GROUP_NONE, 0.95, &err));
      tt_spells_summary_free(
          tt_spells_summarise(s, p, 3, TT_GROUP_NONE, 4, 0.95, &err));
    }
    tt_spells_free(s);
    tt_transitions_options to;
    tt_transitions_options_default(&to);
    to.unranked = (tt_unranked)((mode >> 4) % 3);
    if (mode & 0x40) {
      to.interval = TT_INTERVAL_BOOTSTRAP;
      to.bootstrap = 20;
    }
    tt_transitions *tr = tt_transitions_estimate(p, &to, &err);
    if (tr && tr->n_pairs) {
      tt_markov *mc = tt_markov_from_transitions(tr, &err);
      if (mc) {
        double start[TT_SCALE_MAX_STATES] = {0};
        start[0] = 1;
        tt_projection_free(tt_markov_project(mc, start, 3, p->year_max, &err));
        double *pass = malloc(mc->m * mc->m * sizeof *pass);
        if (pass) tt_markov_passage(mc, pass, &err);
        free(pass);
      }
      tt_markov_free(mc);
    }
    tt_transitions_free(tr);
    tt_trends_free(tt_trends_estimate(p, p->year_min, p->year_max,
                                      TT_GROUP_NONE, 0.95, &err));
    tt_rules_options ro;
    if (tt_rules_options_default(&ro, tip, &err) == TT_OK)
      tt_rules_free(tt_rules_apply(p, &ro, p->year_min, p->year_max, &err));
    tt_compare_free(
        tt_compare_groups(p, p->year_min, p->year_max, 0.95, 5, 1, &err));
    size_t n;
    if (p->n_entities) {
      tt_panel_find(p, p->names[0], &n);
      tt_panel_find(p, "a", &n);
      int first, last;
      tt_panel_entity_span(p, p->n_entities - 1, &first, &last);
    }
    tt_panel_free(p);
  }
  tt_diag_free(&d);
  tt_scale_free(tip);
  return 0;
}
