/* Fuzz target: the data loader on arbitrary bytes. The first byte picks
 * the layout and tight limits, so the limit paths are reached too; a
 * loaded panel is walked by the spell finder and the lookups. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "tt_load.h"
#include "tt_spells.h"

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
    tt_spells_free(s);
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
