#include "tt_version.h"

/* The string is compiled into the library, so it tells which library a
 * program runs with, whatever headers it was built against. */
const char *tt_version(void) { return TT_VERSION_STRING; }
