/* small_panel.h — the cmocka fixture shared by the unit tests that work on
 * tests/data/small.csv with the built-in TIP scale (see test_loader.c for
 * the panel written out by hand). Include after <cmocka.h>. */
#ifndef TT_TEST_SMALL_PANEL_H
#define TT_TEST_SMALL_PANEL_H

#include <stdlib.h>

#include "tt_load.h"

typedef struct {
  tt_scale *tip;
  tt_panel *small;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  if (!f) return -1;
  f->tip = tt_scale_alloc_tip();
  tt_error err;
  tt_error_clear(&err);
  f->small = f->tip ? tt_panel_load_csv(TT_TEST_DATA "/small.csv", f->tip,
                                        NULL, NULL, &err)
                    : NULL;
  *state = f;
  return f->tip && f->small ? 0 : -1;
}

static int teardown(void **state) {
  fixture *f = *state;
  tt_panel_free(f->small);
  tt_scale_free(f->tip);
  free(f);
  return 0;
}

#endif
