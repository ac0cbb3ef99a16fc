/* tt_doc.h — command output as named tables, rendered in four formats.
 *
 * A command fills a document (paragraphs, then tables with typed columns
 * and plain-language notes) and hands it to tt_doc_write, which renders
 *   text  aligned tables for people (UTF-8 aware), notes under each;
 *   md    the same as Markdown tables;
 *   csv   one tidy table (chosen with --table, default the first);
 *   json  every table, rows as objects keyed by column name.
 * Allocation failures while filling are remembered and reported by
 * tt_doc_write, so filling code stays straight-line.
 */
#ifndef TT_DOC_H
#define TT_DOC_H

#include <stdio.h>

#include "tt_error.h"

typedef enum { TT_FMT_TEXT, TT_FMT_MD, TT_FMT_CSV, TT_FMT_JSON } tt_format;

typedef enum {
  TT_COL_STR,
  TT_COL_INT,
  TT_COL_REAL,  /* fixed decimals in text, 10 significant digits in data */
  TT_COL_SHARE  /* a proportion: "61.2%" in text/md, 0.612 in csv/json  */
} tt_col_kind;

/* Table flags: which formats show it (default: all). */
enum {
  TT_TABLE_HUMAN = 1, /* text and md */
  TT_TABLE_DATA = 2,  /* csv and json */
  TT_TABLE_ALL = 3
};

typedef struct tt_doc tt_doc;
typedef struct tt_table tt_table;

tt_doc *tt_doc_alloc(const char *command, const char *title);
void tt_doc_free(tt_doc *d);

/* Marks the document as a section of a larger one: Markdown output then
 * leaves out the document's own title. */
void tt_doc_set_embedded(tt_doc *d);

/* A paragraph printed before the tables (text, md) and kept as "about"
 * in JSON. */
void tt_doc_para(tt_doc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A key/value pair describing the run (data file, years...), JSON "meta"
 * object; not shown in text. */
void tt_doc_meta(tt_doc *d, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

tt_table *tt_doc_table(tt_doc *d, const char *name, const char *title,
                       unsigned flags);

void tt_table_col(tt_table *t, const char *name, tt_col_kind kind,
                  int decimals);
/* Starts a new row; cells not put stay NA. */
void tt_table_row(tt_table *t);
void tt_table_str(tt_table *t, size_t col, const char *s);
void tt_table_strf(tt_table *t, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void tt_table_int(tt_table *t, size_t col, long v);
void tt_table_real(tt_table *t, size_t col, double v); /* NaN -> NA */
void tt_table_note(tt_table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Keeps table `name` out of text and Markdown (it stays in csv/json);
 * returns 1 when such a table exists. */
int tt_doc_hide(tt_doc *d, const char *name);

size_t tt_doc_n_tables(const tt_doc *d);
const tt_table *tt_doc_get(const tt_doc *d, size_t i);
const char *tt_table_name(const tt_table *t);
const char *tt_table_title(const tt_table *t);
size_t tt_table_n_rows(const tt_table *t);
unsigned tt_table_flags(const tt_table *t);

/* The table --format csv writes when no --table is given: the first with
 * TT_TABLE_DATA. NULL when none. */
const tt_table *tt_doc_csv_default(const tt_doc *d);

/* Renders the document. `only` names one table (NULL: the default
 * choice for the format). Returns TT_OK, TT_EINVAL (no table of that
 * name; the message lists them), TT_ENOMEM or TT_EIO. */
int tt_doc_write(const tt_doc *d, FILE *out, tt_format fmt, const char *only,
                 tt_error *err);

/* Writes one table as CSV (for the report folder). */
int tt_table_write_csv(const tt_table *t, FILE *out, tt_error *err);

/* Parses "text", "md", "csv", "json"; -1 when unknown. */
int tt_format_parse(const char *s);

/* Display width of a UTF-8 string (code points). */
size_t tt_utf8_width(const char *s);

#endif
