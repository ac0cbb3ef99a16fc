/* The umbrella header, the generated version macros and the linked
 * library agree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tiertrend.h"

static void test_version(void **state) {
  (void)state;
  char want[64];
  snprintf(want, sizeof want, "%d.%d.%d", TT_VERSION_MAJOR, TT_VERSION_MINOR,
           TT_VERSION_PATCH);
  assert_string_equal(TT_VERSION_STRING, want);
  assert_string_equal(tt_version(), TT_VERSION_STRING);
  assert_int_equal(TT_VERSION_NUMBER, TT_VERSION_MAJOR * 10000 +
                                          TT_VERSION_MINOR * 100 +
                                          TT_VERSION_PATCH);
  assert_true(TT_VERSION_NUMBER >= 100); /* 0.1.0, the first release */
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_version)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
