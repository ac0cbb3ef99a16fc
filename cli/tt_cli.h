/* tt_cli.h — what every command shares: the command table entry, common
 * options, loading the data, and writing output safely.
 *
 * A command is one file cli/cmd_NAME.c defining a tt_command and one row in
 * the table of cli/commands.c. Its run function parses its own options with
 * tt_cli_parse (which also knows the common ones and --help), loads the
 * panel with tt_cli_load, fills a tt_doc and hands it to tt_cli_emit.
 */
#ifndef TT_CLI_H
#define TT_CLI_H

#include <stdio.h>

#include "tt_doc.h"
#include "tt_error.h"
#include "tt_load.h"
#include "tt_panel.h"
#include "tt_scale.h"
#include "tt_sources.h"
#include "tt_transitions.h"

/* Returned by tt_cli_parse after printing --help: exit 0 at once. */
#define TT_CLI_DONE (-1)

/* The command's name for a bad option or argument. It is the library's
 * TT_EINVAL, so library and command errors travel as one kind of code. */
#define TT_EUSAGE TT_EINVAL

/* Commands return library codes (tt_error.h) or TT_CLI_DONE; this is the
 * one place they become exit codes (sysexits.h): TT_OK and TT_CLI_DONE 0,
 * TT_EINVAL 64 (usage), TT_EDATA 65, TT_ENOINPUT 66, TT_ENOMEM,
 * TT_ENUMERIC and TT_EINTERNAL 70 (software), TT_ECANTCREAT 73, TT_EIO 74. */
int tt_cli_exit_code(int code);

typedef struct tt_cli tt_cli;

/* Where a command's output goes when it runs as a section of `report`:
 * its tables are appended to report.md as Markdown and each data table is
 * written to DIR/PREFIX_TABLE.csv. The loaded data of `shared` is
 * borrowed instead of being read again. */
typedef struct {
  FILE *md;
  const char *dir;
  const char *prefix;
  const tt_cli *shared;
  const char *const *hide; /* tables left out of report.md (CSV only)   */
  int failed;     /* a CSV could not be written */
  size_t n_csv;   /* CSV files written so far */
} tt_report_sink;

typedef struct {
  const char *name;
  int (*run)(tt_cli *cli, int argc, char **argv);
  const char *summary;  /* one line for `tiertrend --help`           */
  const char *usage;    /* "country NAME|ISO3... [OPTIONS]"          */
  const char *help;     /* paragraph(s) printed by `COMMAND --help`  */
} tt_command;

/* A command-specific option. key must be >= 1000 (smaller are common). */
typedef struct {
  const char *name;
  int has_arg;          /* 0 = flag, 1 = required argument */
  int key;
  const char *arg_name; /* "N", "YEAR", ... */
  const char *help;
} tt_cli_option;

typedef int (*tt_cli_option_fn)(tt_cli *cli, int key, const char *arg,
                                void *ctx);

struct tt_cli {
  const tt_command *cmd;

  /* common options */
  const char *data;       /* --data FILE (NULL: the bundled data)     */
  const char *groups;     /* --groups FILE                            */
  const char *scale_path; /* --scale FILE                             */
  const char *group;      /* --group G (filter)                       */
  const char *out;        /* --out PATH                               */
  const char *table;      /* --table NAME                             */
  int from, to;           /* --from/--to; INT_MIN/INT_MAX when unset  */
  tt_format format;
  unsigned long seed;
  int has_seed;
  int quiet;
  tt_load_options load;

  char **args;            /* positional arguments after options       */
  int n_args;

  /* filled by tt_cli_load */
  char *data_path;        /* the resolved data file                   */
  tt_scale *scale;
  tt_panel *panel;
  tt_sources *sources;    /* NULL when no sources file is beside      */
  int group_index;        /* --group resolved, or TT_GROUP_NONE       */
  tt_diag diag;

  /* output in progress (tt_cli_out_open/close) */
  FILE *out_file;
  char *out_tmp;

  tt_report_sink *sink;   /* set when running as a report section     */
  int borrowed;           /* scale, panel, sources belong to sink     */
};

void tt_cli_init(tt_cli *cli, const tt_command *cmd);
void tt_cli_free(tt_cli *cli);

/* Parses argv (argv[0] is the command name) with the common options and
 * `extra` (terminated by a zeroed entry), calling fn for each extra one.
 * Positional arguments land in cli->args. Returns TT_OK, TT_CLI_DONE
 * after --help, or TT_EUSAGE after printing the error. */
int tt_cli_parse(tt_cli *cli, int argc, char **argv,
                 const tt_cli_option *extra, tt_cli_option_fn fn, void *ctx);

/* Loads scale, panel, groups and sources per the common options; prints
 * warnings (unless --quiet) and errors. Returns a code (tt_error.h). */
int tt_cli_load(tt_cli *cli);

/* Prints "tiertrend: MESSAGE" to stderr; returns code. */
int tt_cli_fail(tt_cli *cli, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prints err's message and returns its code. */
int tt_cli_fail_err(tt_cli *cli, const tt_error *err);
/* A warning line on stderr, unless --quiet. */
void tt_cli_warn(tt_cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Number parsing for option values: prints a usage error on failure. */
int tt_cli_int(tt_cli *cli, const char *opt, const char *arg, long lo,
               long hi, long *out);
int tt_cli_real(tt_cli *cli, const char *opt, const char *arg, double lo,
                double hi, double *out);

/* --unranked include|exclude|adjust, shared by the commands that build a
 * transition matrix. */
int tt_cli_unranked(tt_cli *cli, const char *arg, tt_unranked *out);

/* Renders doc to --out (atomically) or stdout in the chosen format. */
int tt_cli_emit(tt_cli *cli, tt_doc *doc);

/* A new document titled for this command with the data description as
 * its first paragraph and meta. */
tt_doc *tt_cli_doc(tt_cli *cli, const char *title);

/* Atomic output: opens a temporary file beside `path` ("-" or NULL is
 * stdout); close renames it into place when ok, removes it otherwise.
 * Both return codes (tt_error.h) and print their errors. */
int tt_cli_out_open(tt_cli *cli, const char *path, FILE **f);
int tt_cli_out_close(tt_cli *cli, const char *path, FILE *f, int ok);

/* Creates a temporary name beside path, for writers that need a file name
 * (charts). The caller renames it with tt_cli_commit or removes it. */
char *tt_cli_tmp_name(const char *path);
int tt_cli_commit(tt_cli *cli, const char *tmp, const char *path);

/* The bundled data folder, as a new string, or NULL when none is found:
 * $TIERTREND_DATADIR, then PREFIX/share/tiertrend beside the executable
 * (installed), then the source tree (build tree), then the configured
 * install folder. */
char *tt_cli_datadir(void);

/* Year range of the panel clipped to --from/--to. */
void tt_cli_years(const tt_cli *cli, int *lo, int *hi);

/* The ranked states' values as words for notes: "Tier 1 = 1, Tier 2 = 2,
 * Tier 2 Watch List = 2.5, Tier 3 = 3" (labels of the panel's scale). */
const char *tt_cli_values(const tt_cli *cli, char *buf, size_t n);

/* "st", "nd", "rd" or "th" for 1st, 2nd, 3rd, 4th ... 11th, 21st. */
const char *tt_cli_ordinal(int n);

/* Short label of state k ("2WL") and the long one ("Tier 2 Watch List"). */
const char *tt_cli_code(const tt_cli *cli, int k);
const char *tt_cli_label(const tt_cli *cli, int k);

#endif
