/* tt_error.h — error codes and the error/diagnostic records of the library.
 *
 * The library never prints. A function that can fail takes a tt_error *
 * and fills it with a code and a one-line message (naming FILE:LINE where
 * the input is at fault). Warnings that do not stop the work go to a
 * tt_diag list, which the caller may print or ignore.
 *
 * Codes follow sysexits.h so the command line can exit with them as they
 * are.
 */
#ifndef TT_ERROR_H
#define TT_ERROR_H

#include <stddef.h>

enum {
  TT_OK = 0,
  TT_EUSAGE = 64,   /* EX_USAGE: bad option or argument            */
  TT_EDATA = 65,    /* EX_DATAERR: input is malformed or invalid   */
  TT_ENOINPUT = 66, /* EX_NOINPUT: input cannot be opened          */
  TT_ESOFTWARE = 70,/* EX_SOFTWARE: internal error, out of memory  */
  TT_ECANTCREAT = 73,/* EX_CANTCREAT: output cannot be created     */
  TT_EIO = 74       /* EX_IOERR: read or write failed              */
};

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
