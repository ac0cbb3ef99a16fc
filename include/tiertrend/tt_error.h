/* tt_error.h — error codes and the error/diagnostic records of the library.
 *
 * The library never prints. A function that can fail takes a tt_error *
 * and fills it with a code and a one-line message (naming FILE:LINE where
 * the input is at fault). Warnings that do not stop the work go to a
 * tt_diag list, which the caller may print or ignore.
 *
 * The codes are the library's own small numbers, not exit codes: a program
 * decides what each means to its user (the tiertrend command maps them to
 * sysexits.h exit codes in cli/). New codes go at the end so that numbers
 * stay stable.
 */
#ifndef TT_ERROR_H
#define TT_ERROR_H

#include <stddef.h>

enum {
  TT_OK = 0,
  TT_EINVAL = 1,      /* an argument or option is out of its domain       */
  TT_EDATA = 2,       /* the input is malformed or invalid                */
  TT_ENOINPUT = 3,    /* the input cannot be opened                       */
  TT_ENOMEM = 4,      /* out of memory                                    */
  TT_EIO = 5,         /* a read or write failed                           */
  TT_ECANTCREAT = 6,  /* the output cannot be created                     */
  TT_ENUMERIC = 7,    /* a numerical routine failed (singular system ...) */
  TT_EINTERNAL = 8    /* a broken invariant of the library: a defect      */
};

/* A short constant description of code ("out of memory"), or "unknown
 * error" for a number that is not a code. Never NULL. */
const char *tt_strerror(int code);

#define TT_ERROR_MSG_MAX 1024

typedef struct {
  int code;                    /* TT_OK when nothing went wrong */
  char msg[TT_ERROR_MSG_MAX];  /* one line, no trailing newline  */
} tt_error;

/* Sets err (when non-NULL) and returns code, so callers can write
 * `return tt_error_set(err, TT_EDATA, "%s:%zu: ...", ...);`. */
int tt_error_set(tt_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void tt_error_clear(tt_error *err);

/* A growing list of warning lines. */
typedef struct {
  char **lines;
  size_t n;
  size_t cap;
  size_t dropped; /* warnings past the cap are counted, not stored */
} tt_diag;

#define TT_DIAG_MAX_LINES 1000

void tt_diag_init(tt_diag *d);
void tt_diag_add(tt_diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void tt_diag_free(tt_diag *d);

#endif
