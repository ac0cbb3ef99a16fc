/* The library's error codes and the command's exit codes are two lists:
 * the codes are small and distinct, each has a description, and the
 * command maps each to its sysexits.h exit code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sysexits.h>

#include <cmocka.h>

#include "tt_cli.h"
#include "tt_error.h"

static const int codes[] = {TT_OK,     TT_EINVAL,     TT_EDATA,
                            TT_ENOINPUT, TT_ENOMEM,   TT_EIO,
                            TT_ECANTCREAT, TT_ENUMERIC, TT_EINTERNAL};
#define N_CODES (sizeof codes / sizeof codes[0])

static void test_codes_distinct_and_described(void **state) {
  (void)state;
  for (size_t i = 0; i < N_CODES; i++) {
    assert_int_equal(codes[i], (int)i); /* dense, in order, from 0 */
    const char *s = tt_strerror(codes[i]);
    assert_non_null(s);
    assert_string_not_equal(s, "unknown error");
    for (size_t j = 0; j < i; j++)
      assert_string_not_equal(s, tt_strerror(codes[j]));
  }
  assert_string_equal(tt_strerror(-7), "unknown error");
  assert_string_equal(tt_strerror(64), "unknown error");
  assert_string_equal(tt_strerror(TT_ENOMEM), "out of memory");
}

static void test_error_set(void **state) {
  (void)state;
  tt_error err;
  tt_error_clear(&err);
  assert_int_equal(err.code, TT_OK);
  assert_int_equal(tt_error_set(&err, TT_EDATA, "%s:%d: bad", "f.csv", 3),
                   TT_EDATA);
  assert_int_equal(err.code, TT_EDATA);
  assert_string_equal(err.msg, "f.csv:3: bad");
  assert_int_equal(tt_error_set(NULL, TT_EIO, "x"), TT_EIO);
}

static void test_exit_codes(void **state) {
  (void)state;
  assert_int_equal(tt_cli_exit_code(TT_OK), 0);
  assert_int_equal(tt_cli_exit_code(TT_CLI_DONE), 0);
  assert_int_equal(tt_cli_exit_code(TT_EINVAL), EX_USAGE);
  assert_int_equal(tt_cli_exit_code(TT_EUSAGE), 64);
  assert_int_equal(tt_cli_exit_code(TT_EDATA), 65);
  assert_int_equal(tt_cli_exit_code(TT_ENOINPUT), 66);
  assert_int_equal(tt_cli_exit_code(TT_ENOMEM), 70);
  assert_int_equal(tt_cli_exit_code(TT_ENUMERIC), 70);
  assert_int_equal(tt_cli_exit_code(TT_EINTERNAL), 70);
  assert_int_equal(tt_cli_exit_code(TT_ECANTCREAT), 73);
  assert_int_equal(tt_cli_exit_code(TT_EIO), 74);
  assert_int_equal(tt_cli_exit_code(99), EX_SOFTWARE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_codes_distinct_and_described),
      cmocka_unit_test(test_error_set),
      cmocka_unit_test(test_exit_codes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
