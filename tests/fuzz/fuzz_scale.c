/* Fuzz target: user scale files, then a fixed panel read with that scale
 * (every label goes through the scale's lookup). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tt_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tt_error err;
  tt_scale *s = tt_scale_load_buffer("fuzz_scale.csv", (const char *)data,
                                     size, &err);
  if (!s) return 0;
  static const char panel[] = "entity,year,state\nA,2001,AAA\nA,2002,B\n"
                              "B,2001,NR\nB,2002,1\nC,2001,x\n";
  tt_panel *p = tt_panel_load_buffer("panel.csv", panel, sizeof panel - 1, s,
                                     NULL, NULL, &err);
  tt_panel_free(p);
  char buf[256];
  tt_scale_describe(s, buf, sizeof buf);
  tt_scale_free(s);
  return 0;
}
