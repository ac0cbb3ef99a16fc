#include "tt_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *tt_strerror(int code) {
  switch (code) {
    case TT_OK: return "no error";
    case TT_EINVAL: return "invalid argument";
    case TT_EDATA: return "invalid data";
    case TT_ENOINPUT: return "cannot open input";
    case TT_ENOMEM: return "out of memory";
    case TT_EIO: return "read or write failed";
    case TT_ECANTCREAT: return "cannot create output";
    case TT_ENUMERIC: return "numerical failure";
    case TT_EINTERNAL: return "internal error";
  }
  return "unknown error";
}

int tt_error_set(tt_error *err, int code, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->code = code;
  }
  return code;
}

void tt_error_clear(tt_error *err) {
  if (err) {
    err->code = TT_OK;
    err->msg[0] = '\0';
  }
}

void tt_diag_init(tt_diag *d) { memset(d, 0, sizeof *d); }

void tt_diag_add(tt_diag *d, const char *fmt, ...) {
  if (!d) return;
  if (d->n >= TT_DIAG_MAX_LINES) {
    d->dropped++;
    return;
  }
  char buf[TT_ERROR_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 16;
    char **p = realloc(d->lines, cap * sizeof *p);
    if (!p) {
      d->dropped++;
      return;
    }
    d->lines = p;
    d->cap = cap;
  }
  char *s = strdup(buf);
  if (!s) {
    d->dropped++;
    return;
  }
  d->lines[d->n++] = s;
}

void tt_diag_free(tt_diag *d) {
  if (!d) return;
  for (size_t i = 0; i < d->n; i++) free(d->lines[i]);
  free(d->lines);
  memset(d, 0, sizeof *d);
}
