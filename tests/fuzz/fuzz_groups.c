/* Fuzz target: groups files applied to a fixed panel. */
#include <stddef.h>
#include <stdint.h>

#include "tt_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char text[] = "country,iso3,region,year,tier\n"
                             "Alpha,AAA,N,2001,1\nBeta,BBB,N,2001,2\n"
                             "Gamma,GGG,S,2002,3\nSaint Lucia,LCA,,2002,SC\n";
  tt_scale *tip = tt_scale_alloc_tip();
  if (!tip) return 0;
  tt_error err;
  tt_panel *p = tt_panel_load_buffer("panel.csv", text, sizeof text - 1, tip,
                                     NULL, NULL, &err);
  if (p) {
    tt_diag d;
    tt_diag_init(&d);
    tt_panel_load_groups_buffer(p, "fuzz_groups.csv", (const char *)data,
                                size, NULL, &d, &err);
    tt_diag_free(&d);
    tt_panel_free(p);
  }
  tt_scale_free(tip);
  return 0;
}
