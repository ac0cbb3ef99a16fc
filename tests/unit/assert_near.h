/* assert_near(a, b, tol): |a - b| <= tol, printing both values when not
 * (this cmocka has no assert_double_equal). NaN is never near anything.
 * Include after <cmocka.h>. */
#ifndef TT_ASSERT_NEAR_H
#define TT_ASSERT_NEAR_H

#include <math.h>

static inline void tt_assert_near(double a, double b, double tol,
                                  const char *file, int line) {
  if (!(fabs(a - b) <= tol)) {
    print_error("%.17g is not %.17g (tolerance %g)\n", a, b, tol);
    _fail(file, line);
  }
}

#define assert_near(a, b, tol) \
  tt_assert_near((a), (b), (tol), __FILE__, __LINE__)

#endif
