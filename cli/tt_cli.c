#include "tt_cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#ifndef TT_SOURCE_DATADIR
#define TT_SOURCE_DATADIR ""
#endif
#ifndef TT_INSTALL_DATADIR
#define TT_INSTALL_DATADIR ""
#endif
#ifndef TT_REL_DATADIR
#define TT_REL_DATADIR "share/tiertrend"
#endif

#define TT_BUNDLED_FILE "tip_tiers.csv"

enum {
  OPT_DATA = 256,
  OPT_GROUPS,
  OPT_SCALE,
  OPT_FROM,
  OPT_TO,
  OPT_GROUP,
  OPT_FORMAT,
  OPT_OUT,
  OPT_SEED,
  OPT_QUIET,
  OPT_TABLE,
  OPT_LAYOUT,
  OPT_COL_ENTITY,
  OPT_COL_CODE,
  OPT_COL_YEAR,
  OPT_COL_STATE,
  OPT_COL_GROUP,
  OPT_MAX_ENTITIES,
  OPT_MAX_FIELD,
  OPT_MAX_ROW,
  OPT_MAX_COLUMNS,
  OPT_YEAR_RANGE,
  OPT_HELP
};

static const tt_cli_option common_opts[] = {
    {"data", 1, OPT_DATA, "FILE",
     "ratings CSV, long or wide (default: the bundled TIP data)"},
    {"groups", 1, OPT_GROUPS, "FILE",
     "group of each entity (CSV: iso3|country, region|group)"},
    {"scale", 1, OPT_SCALE, "FILE",
     "ordinal scale (CSV: code,label,value,aliases; default: TIP tiers)"},
    {"from", 1, OPT_FROM, "YEAR", "first year to use"},
    {"to", 1, OPT_TO, "YEAR", "last year to use"},
    {"group", 1, OPT_GROUP, "G", "only entities of group G (e.g. EAP)"},
    {"format", 1, OPT_FORMAT, "FMT", "text (default), md, csv or json"},
    {"out", 1, OPT_OUT, "PATH", "write to PATH instead of standard output"},
    {"table", 1, OPT_TABLE, "NAME", "only this table (csv: which one)"},
    {"seed", 1, OPT_SEED, "N", "random seed (bootstrap, permutations)"},
    {"quiet", 0, OPT_QUIET, NULL, "no warnings on standard error"},
    {"layout", 1, OPT_LAYOUT, "L", "input layout: auto (default), long, wide"},
    {"col-entity", 1, OPT_COL_ENTITY, "NAME", "entity name column"},
    {"col-code", 1, OPT_COL_CODE, "NAME", "entity code column (the key)"},
    {"col-year", 1, OPT_COL_YEAR, "NAME", "year column (long layout)"},
    {"col-state", 1, OPT_COL_STATE, "NAME", "tier/state column (long layout)"},
    {"col-group", 1, OPT_COL_GROUP, "NAME", "group column"},
    {"year-range", 1, OPT_YEAR_RANGE, "LO:HI",
     "accepted years (default 1800:2200)"},
    {"max-entities", 1, OPT_MAX_ENTITIES, "N",
     "limit on distinct entities (default 10000000)"},
    {"max-field", 1, OPT_MAX_FIELD, "BYTES",
     "limit on one field (default 65536)"},
    {"max-row", 1, OPT_MAX_ROW, "BYTES", "limit on one row (default 1048576)"},
    {"max-columns", 1, OPT_MAX_COLUMNS, "N",
     "limit on fields in one row (default 10000)"},
    {"help", 0, OPT_HELP, NULL, "this help"},
    {NULL, 0, 0, NULL, NULL}};

void tt_cli_init(tt_cli *cli, const tt_command *cmd) {
  memset(cli, 0, sizeof *cli);
  cli->cmd = cmd;
  cli->from = INT_MIN;
  cli->to = INT_MAX;
  cli->format = TT_FMT_TEXT;
  cli->group_index = TT_GROUP_NONE;
  tt_load_options_default(&cli->load);
  tt_diag_init(&cli->diag);
}

void tt_cli_free(tt_cli *cli) {
  if (!cli->borrowed) {
    tt_panel_free(cli->panel);
    tt_scale_free(cli->scale);
    tt_sources_free(cli->sources);
  }
  tt_diag_free(&cli->diag);
  free(cli->data_path);
  free(cli->args);
  if (cli->out_file) { /* an output left open by an error path */
    fclose(cli->out_file);
    if (cli->out_tmp) unlink(cli->out_tmp);
  }
  free(cli->out_tmp);
  memset(cli, 0, sizeof *cli);
}

int tt_cli_exit_code(int code) {
  switch (code) {
    case TT_OK:
    case TT_CLI_DONE: return EX_OK;
    case TT_EINVAL: return EX_USAGE;
    case TT_EDATA: return EX_DATAERR;
    case TT_ENOINPUT: return EX_NOINPUT;
    case TT_ECANTCREAT: return EX_CANTCREAT;
    case TT_EIO: return EX_IOERR;
  }
  /* TT_ENOMEM, TT_ENUMERIC, TT_EINTERNAL and any code added later. */
  return EX_SOFTWARE;
}

int tt_cli_fail(tt_cli *cli, int code, const char *fmt, ...) {
  (void)cli;
  va_list ap;
  va_start(ap, fmt);
  fputs("tiertrend: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return code;
}

int tt_cli_fail_err(tt_cli *cli, const tt_error *err) {
  return tt_cli_fail(cli, err->code ? err->code : TT_EINTERNAL, "%s",
                     err->msg[0] ? err->msg : "internal error");
}

void tt_cli_warn(tt_cli *cli, const char *fmt, ...) {
  if (cli->quiet) return;
  va_list ap;
  va_start(ap, fmt);
  fputs("tiertrend: warning: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

int tt_cli_int(tt_cli *cli, const char *opt, const char *arg, long lo,
               long hi, long *out) {
  char *end;
  errno = 0;
  long v = strtol(arg, &end, 10);
  if (errno || end == arg || *end)
    return tt_cli_fail(cli, TT_EUSAGE, "%s: '%s' is not a whole number", opt,
                       arg);
  if (v < lo || v > hi)
    return tt_cli_fail(cli, TT_EUSAGE, "%s: %ld is outside %ld..%ld", opt, v,
                       lo, hi);
  *out = v;
  return TT_OK;
}

int tt_cli_real(tt_cli *cli, const char *opt, const char *arg, double lo,
                double hi, double *out) {
  char *end;
  errno = 0;
  double v = strtod(arg, &end);
  if (errno || end == arg || *end || !isfinite(v))
    return tt_cli_fail(cli, TT_EUSAGE, "%s: '%s' is not a number", opt, arg);
  if (v < lo || v > hi)
    return tt_cli_fail(cli, TT_EUSAGE, "%s: %g is outside %g..%g", opt, v, lo,
                       hi);
  *out = v;
  return TT_OK;
}

int tt_cli_unranked(tt_cli *cli, const char *arg, tt_unranked *out) {
  if (!strcmp(arg, "include")) *out = TT_UNRANKED_INCLUDE;
  else if (!strcmp(arg, "exclude")) *out = TT_UNRANKED_EXCLUDE;
  else if (!strcmp(arg, "adjust")) *out = TT_UNRANKED_ADJUST;
  else
    return tt_cli_fail(cli, TT_EUSAGE, "--unranked: '%s' is not one of "
                       "include, exclude, adjust", arg);
  return TT_OK;
}

static void print_opts(FILE *f, const tt_cli_option *o) {
  for (; o && o->name; o++) {
    char left[64];
    snprintf(left, sizeof left, "--%s%s%s", o->name, o->has_arg ? " " : "",
             o->has_arg ? o->arg_name : "");
    fprintf(f, "  %-24s %s\n", left, o->help);
  }
}

static void print_help(const tt_cli *cli, const tt_cli_option *extra) {
  const tt_command *c = cli->cmd;
  printf("usage: tiertrend %s\n\n%s\n", c->usage, c->summary);
  if (c->help && *c->help) printf("\n%s\n", c->help);
  if (extra && extra->name) {
    printf("\nOptions:\n");
    print_opts(stdout, extra);
  }
  printf("\nCommon options:\n");
  print_opts(stdout, common_opts);
  printf("\nTiers: lower is better (Tier 1 = 1, Watch List = 2.5, Tier 3 = 3),"
         "\nso a negative change or slope is an improvement.\n");
}

static int parse_year_range(tt_cli *cli, const char *arg) {
  char *end;
  errno = 0;
  long lo = strtol(arg, &end, 10);
  if (errno || end == arg || *end != ':')
    return tt_cli_fail(cli, TT_EUSAGE,
                       "--year-range: '%s' is not LO:HI (e.g. 1900:2100)",
                       arg);
  const char *h = end + 1;
  long hi = strtol(h, &end, 10);
  if (errno || end == h || *end || lo > hi || lo < -100000 || hi > 100000)
    return tt_cli_fail(cli, TT_EUSAGE,
                       "--year-range: '%s' is not LO:HI with LO <= HI", arg);
  cli->load.year_lo = (int)lo;
  cli->load.year_hi = (int)hi;
  return TT_OK;
}

static int common_option(tt_cli *cli, int key, const char *arg) {
  long v;
  switch (key) {
    case OPT_DATA: cli->data = arg; return TT_OK;
    case OPT_GROUPS: cli->groups = arg; return TT_OK;
    case OPT_SCALE: cli->scale_path = arg; return TT_OK;
    case OPT_GROUP: cli->group = arg; return TT_OK;
    case OPT_OUT: cli->out = arg; return TT_OK;
    case OPT_TABLE: cli->table = arg; return TT_OK;
    case OPT_QUIET: cli->quiet = 1; return TT_OK;
    case OPT_FROM:
      if (tt_cli_int(cli, "--from", arg, -100000, 100000, &v)) return TT_EUSAGE;
      cli->from = (int)v;
      return TT_OK;
    case OPT_TO:
      if (tt_cli_int(cli, "--to", arg, -100000, 100000, &v)) return TT_EUSAGE;
      cli->to = (int)v;
      return TT_OK;
    case OPT_FORMAT: {
      int f = tt_format_parse(arg);
      if (f < 0)
        return tt_cli_fail(cli, TT_EUSAGE,
                           "--format: '%s' is not one of text, md, csv, json",
                           arg);
      cli->format = (tt_format)f;
      return TT_OK;
    }
    case OPT_SEED: {
      char *end;
      errno = 0;
      unsigned long long s = strtoull(arg, &end, 10);
      if (errno || end == arg || *end || arg[0] == '-')
        return tt_cli_fail(cli, TT_EUSAGE,
                           "--seed: '%s' is not a non-negative whole number",
                           arg);
      cli->seed = (unsigned long)s;
      cli->has_seed = 1;
      return TT_OK;
    }
    case OPT_LAYOUT:
      if (!strcmp(arg, "auto")) cli->load.layout = TT_LAYOUT_AUTO;
      else if (!strcmp(arg, "long")) cli->load.layout = TT_LAYOUT_LONG;
      else if (!strcmp(arg, "wide")) cli->load.layout = TT_LAYOUT_WIDE;
      else
        return tt_cli_fail(cli, TT_EUSAGE,
                           "--layout: '%s' is not one of auto, long, wide",
                           arg);
      return TT_OK;
    case OPT_COL_ENTITY: cli->load.col_entity = arg; return TT_OK;
    case OPT_COL_CODE: cli->load.col_code = arg; return TT_OK;
    case OPT_COL_YEAR: cli->load.col_year = arg; return TT_OK;
    case OPT_COL_STATE: cli->load.col_state = arg; return TT_OK;
    case OPT_COL_GROUP: cli->load.col_group = arg; return TT_OK;
    case OPT_YEAR_RANGE: return parse_year_range(cli, arg);
    case OPT_MAX_ENTITIES:
      if (tt_cli_int(cli, "--max-entities", arg, 1, LONG_MAX, &v))
        return TT_EUSAGE;
      cli->load.max_entities = (size_t)v;
      return TT_OK;
    case OPT_MAX_FIELD:
      if (tt_cli_int(cli, "--max-field", arg, 16, 1L << 30, &v))
        return TT_EUSAGE;
      cli->load.csv.max_field = (size_t)v;
      return TT_OK;
    case OPT_MAX_COLUMNS:
      if (tt_cli_int(cli, "--max-columns", arg, 2, 10000000, &v))
        return TT_EUSAGE;
      cli->load.csv.max_columns = (size_t)v;
      return TT_OK;
    case OPT_MAX_ROW:
      if (tt_cli_int(cli, "--max-row", arg, 16, 1L << 30, &v))
        return TT_EUSAGE;
      cli->load.csv.max_row = (size_t)v;
      return TT_OK;
  }
  return tt_cli_fail(cli, TT_EINTERNAL, "unhandled option %d", key);
}

int tt_cli_parse(tt_cli *cli, int argc, char **argv,
                 const tt_cli_option *extra, tt_cli_option_fn fn, void *ctx) {
  size_t n_common = sizeof common_opts / sizeof *common_opts - 1, n_extra = 0;
  while (extra && extra[n_extra].name) n_extra++;
  struct option *lo = calloc(n_common + n_extra + 1, sizeof *lo);
  if (!lo) return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  for (size_t i = 0; i < n_common; i++)
    lo[i] = (struct option){common_opts[i].name,
                            common_opts[i].has_arg ? required_argument
                                                   : no_argument,
                            NULL, common_opts[i].key};
  for (size_t i = 0; i < n_extra; i++)
    lo[n_common + i] = (struct option){
        extra[i].name, extra[i].has_arg ? required_argument : no_argument,
        NULL, extra[i].key};

  int rc = TT_OK, c;
  optind = 1;
  opterr = 0;
  /* '-' first: positional arguments come back in order as key 1, so
   * "country Cambodia --format csv" and "country --format csv Cambodia"
   * both work. ':' first makes a missing argument return ':'. */
  char **args = calloc((size_t)argc + 1, sizeof *args);
  if (!args) {
    free(lo);
    return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  }
  int n_args = 0;
  while (rc == TT_OK && (c = getopt_long(argc, argv, "-:h", lo, NULL)) != -1) {
    if (c == 1) {
      args[n_args++] = optarg;
    } else if (c == 'h' || c == OPT_HELP) {
      print_help(cli, extra);
      rc = TT_CLI_DONE;
    } else if (c == ':') {
      rc = tt_cli_fail(cli, TT_EUSAGE, "%s needs a value (see 'tiertrend %s "
                       "--help')", argv[optind - 1], cli->cmd->name);
    } else if (c == '?') {
      const char *bad = argv[optind - 1];
      rc = tt_cli_fail(cli, TT_EUSAGE,
                       "unknown option '%s' for '%s' (see 'tiertrend %s "
                       "--help')",
                       bad, cli->cmd->name, cli->cmd->name);
    } else if (c >= 1000 && fn) {
      rc = fn(cli, c, optarg, ctx);
    } else {
      rc = common_option(cli, c, optarg);
    }
  }
  while (rc == TT_OK && optind < argc) args[n_args++] = argv[optind++];
  free(lo);
  free(cli->args);
  cli->args = args;
  cli->n_args = n_args;
  if (rc == TT_OK && cli->from != INT_MIN && cli->to != INT_MAX &&
      cli->from > cli->to)
    rc = tt_cli_fail(cli, TT_EUSAGE, "--from %d is after --to %d", cli->from,
                     cli->to);
  return rc;
}

/* ---- data --------------------------------------------------------------- */

static int is_dir_with_data(const char *dir) {
  if (!dir || !*dir) return 0;
  char path[PATH_MAX];
  struct stat st;
  if (snprintf(path, sizeof path, "%s/%s", dir, TT_BUNDLED_FILE) >=
      (int)sizeof path)
    return 0;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *tt_cli_datadir(void) {
  const char *env = getenv("TIERTREND_DATADIR");
  if (env && *env) return strdup(env);
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = '\0'; /* PREFIX/bin */
      slash = strrchr(exe, '/');
      if (slash) {
        *slash = '\0'; /* PREFIX */
        char cand[PATH_MAX];
        if (snprintf(cand, sizeof cand, "%s/%s", exe, TT_REL_DATADIR) <
                (int)sizeof cand &&
            is_dir_with_data(cand))
          return strdup(cand);
      }
    }
  }
  if (is_dir_with_data(TT_SOURCE_DATADIR)) return strdup(TT_SOURCE_DATADIR);
  if (is_dir_with_data(TT_INSTALL_DATADIR)) return strdup(TT_INSTALL_DATADIR);
  return NULL;
}

static void flush_diag(tt_cli *cli) {
  for (size_t i = 0; i < cli->diag.n; i++) tt_cli_warn(cli, "%s", cli->diag.lines[i]);
  if (cli->diag.dropped)
    tt_cli_warn(cli, "%zu more warnings not shown", cli->diag.dropped);
  tt_diag_free(&cli->diag);
  tt_diag_init(&cli->diag);
}

/* Borrows the data a report has loaded once for all its sections. */
static int borrow(tt_cli *cli, const tt_cli *from) {
  cli->data_path = strdup(from->data_path);
  if (!cli->data_path) return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  cli->scale = from->scale;
  cli->panel = from->panel;
  cli->sources = from->sources;
  cli->borrowed = 1;
  return TT_OK;
}

static int check_selection(tt_cli *cli);

int tt_cli_load(tt_cli *cli) {
  tt_error err;
  tt_error_clear(&err);
  if (cli->sink && cli->sink->shared) {
    int rc = borrow(cli, cli->sink->shared);
    return rc ? rc : check_selection(cli);
  }
  int bundled = cli->data == NULL;
  if (bundled) {
    char *dir = tt_cli_datadir();
    if (!dir)
      return tt_cli_fail(cli, TT_ENOINPUT,
                         "the bundled data (%s) is not found; name a file "
                         "with --data FILE or set TIERTREND_DATADIR",
                         TT_BUNDLED_FILE);
    size_t n = strlen(dir) + sizeof "/" TT_BUNDLED_FILE;
    cli->data_path = malloc(n);
    if (cli->data_path) snprintf(cli->data_path, n, "%s/%s", dir, TT_BUNDLED_FILE);
    free(dir);
  } else {
    cli->data_path = strdup(cli->data);
  }
  if (!cli->data_path) return tt_cli_fail(cli, TT_ENOMEM, "out of memory");

  cli->scale = cli->scale_path ? tt_scale_load_csv(cli->scale_path, &err)
                               : tt_scale_alloc_tip();
  if (!cli->scale) return tt_cli_fail_err(cli, &err);

  cli->panel = tt_panel_load_csv(cli->data_path, cli->scale, &cli->load,
                                 &cli->diag, &err);
  if (!cli->panel) {
    flush_diag(cli);
    return tt_cli_fail_err(cli, &err);
  }
  if (cli->groups &&
      tt_panel_load_groups(cli->panel, cli->groups, &cli->load, &cli->diag,
                           &err)) {
    flush_diag(cli);
    return tt_cli_fail_err(cli, &err);
  }
  /* A sources file beside the data is optional; a broken one is a
   * warning, since no number depends on it. */
  char *sp = tt_sources_path_for(cli->data_path);
  if (sp && access(sp, R_OK) == 0) {
    cli->sources = tt_sources_load(sp, &err);
    if (!cli->sources) tt_diag_add(&cli->diag, "%s (sources ignored)", err.msg);
  }
  free(sp);
  flush_diag(cli);
  return check_selection(cli);
}

/* --group and --from/--to against the loaded data. */
static int check_selection(tt_cli *cli) {
  if (cli->group) {
    cli->group_index = tt_panel_find_group(cli->panel, cli->group);
    if (cli->group_index < 0) {
      char list[512];
      size_t used = 0;
      list[0] = '\0';
      for (size_t g = 0; g < cli->panel->n_groups && used < sizeof list; g++) {
        int k = snprintf(list + used, sizeof list - used, "%s%s", g ? ", " : "",
                         cli->panel->group_names[g]);
        if (k < 0) break;
        used += (size_t)k;
      }
      return tt_cli_fail(cli, TT_EUSAGE, "--group: no group '%s' in the data "
                         "(groups: %s)", cli->group,
                         cli->panel->n_groups ? list : "none");
    }
  }
  const tt_panel *p = cli->panel;
  if ((cli->from != INT_MIN && cli->from > p->year_max) ||
      (cli->to != INT_MAX && cli->to < p->year_min))
    return tt_cli_fail(cli, TT_EUSAGE,
                       "--from/--to select no year of the data (%d-%d)",
                       p->year_min, p->year_max);
  return TT_OK;
}

void tt_cli_years(const tt_cli *cli, int *lo, int *hi) {
  *lo = cli->panel->year_min;
  *hi = cli->panel->year_max;
  if (cli->from > *lo) *lo = cli->from;
  if (cli->to < *hi) *hi = cli->to;
}

const char *tt_cli_values(const tt_cli *cli, char *buf, size_t n) {
  size_t used = 0;
  buf[0] = '\0';
  for (size_t k = 1; k <= cli->scale->n && used < n; k++) {
    const tt_state *st = &cli->scale->states[k];
    if (!st->ranked) continue;
    int w = snprintf(buf + used, n - used, "%s%s = %g", used ? ", " : "",
                     st->label, st->value);
    if (w < 0) break;
    used += (size_t)w;
  }
  return buf;
}

const char *tt_cli_ordinal(int n) {
  if (n % 100 >= 11 && n % 100 <= 13) return "th";
  switch (n % 10) {
    case 1: return "st";
    case 2: return "nd";
    case 3: return "rd";
  }
  return "th";
}

const char *tt_cli_code(const tt_cli *cli, int k) {
  return k >= 1 && (size_t)k <= cli->scale->n ? cli->scale->states[k].code
                                              : "";
}
const char *tt_cli_label(const tt_cli *cli, int k) {
  return k >= 1 && (size_t)k <= cli->scale->n ? cli->scale->states[k].label
                                              : "absent";
}

tt_doc *tt_cli_doc(tt_cli *cli, const char *title) {
  tt_doc *d = tt_doc_alloc(cli->cmd->name, title);
  if (!d) return NULL;
  const tt_panel *p = cli->panel;
  if (p) {
    int lo, hi;
    tt_cli_years(cli, &lo, &hi);
    const char *base = strrchr(cli->data_path, '/');
    base = base ? base + 1 : cli->data_path;
    /* The path as the user gave it; the bundled file by name only, so
     * outputs do not depend on where the tool is installed. */
    if (cli->data)
      tt_doc_meta(d, "data", "%s", cli->data);
    else
      tt_doc_meta(d, "data", "%s (bundled)", base);
    tt_doc_meta(d, "scale", "%s", cli->scale->name);
    tt_doc_meta(d, "entities", "%zu", p->n_entities);
    tt_doc_meta(d, "years", "%d-%d", lo, hi);
    if (cli->group) tt_doc_meta(d, "group", "%s", cli->group);
    if (cli->sink) { /* the report says once what the data is */
      tt_doc_set_embedded(d);
      return d;
    }
    tt_doc_para(d, "Data: %s, %zu entities, %d-%d%s%s.", base, p->n_entities,
                lo, hi, cli->group ? ", group " : "",
                cli->group ? cli->group : "");
  }
  return d;
}

/* ---- output ------------------------------------------------------------- */

char *tt_cli_tmp_name(const char *path) {
  size_t n = strlen(path) + 32;
  char *tmp = malloc(n);
  if (!tmp) return NULL;
  /* Same folder, so rename() is atomic; pid keeps parallel runs apart. */
  const char *slash = strrchr(path, '/');
  if (slash)
    snprintf(tmp, n, "%.*s/.%s.tmp%ld", (int)(slash - path), path, slash + 1,
             (long)getpid());
  else
    snprintf(tmp, n, ".%s.tmp%ld", path, (long)getpid());
  return tmp;
}

int tt_cli_commit(tt_cli *cli, const char *tmp, const char *path) {
  if (rename(tmp, path) != 0) {
    int e = errno;
    unlink(tmp);
    return tt_cli_fail(cli, TT_ECANTCREAT, "%s: cannot create: %s", path,
                       strerror(e));
  }
  return TT_OK;
}

int tt_cli_out_open(tt_cli *cli, const char *path, FILE **f) {
  if (!path || !strcmp(path, "-")) {
    *f = stdout;
    return TT_OK;
  }
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
    return tt_cli_fail(cli, TT_ECANTCREAT, "%s: is a folder, not a file",
                       path);
  char *tmp = tt_cli_tmp_name(path);
  if (!tmp) return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
  FILE *o = fopen(tmp, "wx");
  if (!o) {
    int e = errno;
    free(tmp);
    return tt_cli_fail(cli, TT_ECANTCREAT, "%s: cannot create: %s", path,
                       strerror(e));
  }
  free(cli->out_tmp);
  cli->out_tmp = tmp;
  cli->out_file = o;
  *f = o;
  return TT_OK;
}

int tt_cli_out_close(tt_cli *cli, const char *path, FILE *f, int ok) {
  if (f == stdout) return TT_OK; /* checked once at exit, as git does */
  errno = 0;
  int werr = fflush(f) != 0 || ferror(f);
  int e = errno ? errno : EIO; /* fflush reports ENOSPC, EDQUOT ... */
  int cerr = fclose(f) != 0;
  if (cerr && !werr) e = errno;
  cli->out_file = NULL;
  char *tmp = cli->out_tmp;
  cli->out_tmp = NULL;
  if (!ok || werr || cerr) {
    unlink(tmp);
    free(tmp);
    if (!ok) return TT_OK;
    return tt_cli_fail(cli, TT_EIO, "%s: write failed: %s", path,
                       strerror(e));
  }
  int rc = tt_cli_commit(cli, tmp, path);
  free(tmp);
  return rc;
}

/* As a report section: Markdown into report.md, data tables as CSV. */
static int emit_to_sink(tt_cli *cli, tt_doc *doc) {
  tt_report_sink *k = cli->sink;
  tt_error err;
  tt_error_clear(&err);
  /* Long tables stay out of report.md but are named, with their files. */
  int hidden = 0;
  for (size_t i = 0; k->hide && k->hide[i]; i++)
    hidden |= tt_doc_hide(doc, k->hide[i]);
  if (tt_doc_write(doc, k->md, TT_FMT_MD, cli->table, &err))
    return tt_cli_fail_err(cli, &err);
  if (hidden) {
    fprintf(k->md, "\nIn this folder only:");
    for (size_t i = 0, n = 0; k->hide[i]; i++)
      for (size_t j = 0; j < tt_doc_n_tables(doc); j++) {
        const tt_table *t = tt_doc_get(doc, j);
        if (strcmp(tt_table_name(t), k->hide[i])) continue;
        fprintf(k->md, "%s %s (`%s_%s.csv`)", n++ ? ";" : "",
                tt_table_title(t), k->prefix, tt_table_name(t));
      }
    fprintf(k->md, ".\n");
  }
  fputc('\n', k->md);
  for (size_t i = 0; i < tt_doc_n_tables(doc); i++) {
    const tt_table *t = tt_doc_get(doc, i);
    if (!(tt_table_flags(t) & TT_TABLE_DATA)) continue;
    if (cli->table && strcmp(cli->table, tt_table_name(t)) != 0) continue;
    size_t n = strlen(k->dir) + strlen(k->prefix) + strlen(tt_table_name(t)) + 8;
    char *path = malloc(n);
    if (!path) return tt_cli_fail(cli, TT_ENOMEM, "out of memory");
    snprintf(path, n, "%s/%s_%s.csv", k->dir, k->prefix, tt_table_name(t));
    FILE *f = fopen(path, "w");
    int rc = f ? tt_table_write_csv(t, f, &err) : TT_ECANTCREAT;
    if (f && (fclose(f) != 0) && !rc) rc = TT_EIO;
    if (rc) {
      k->failed = 1;
      rc = rc == TT_ENOMEM ? tt_cli_fail_err(cli, &err)
                              : tt_cli_fail(cli, rc, "%s: cannot write: %s",
                                            path, strerror(errno));
      free(path);
      return rc;
    }
    k->n_csv++;
    free(path);
  }
  return ferror(k->md) ? tt_cli_fail(cli, TT_EIO, "report.md: write failed")
                       : TT_OK;
}

int tt_cli_emit(tt_cli *cli, tt_doc *doc) {
  if (cli->sink) return emit_to_sink(cli, doc);
  FILE *f;
  int rc = tt_cli_out_open(cli, cli->out, &f);
  if (rc) return rc;
  tt_error err;
  tt_error_clear(&err);
  rc = tt_doc_write(doc, f, cli->format, cli->table, &err);
  if (rc) {
    tt_cli_out_close(cli, cli->out, f, 0);
    return tt_cli_fail_err(cli, &err);
  }
  if (cli->format == TT_FMT_CSV && !cli->table) {
    char list[512];
    size_t used = 0, n_data = 0;
    list[0] = '\0';
    for (size_t i = 0; i < tt_doc_n_tables(doc) && used < sizeof list; i++) {
      if (!(tt_table_flags(tt_doc_get(doc, i)) & TT_TABLE_DATA)) continue;
      int k = snprintf(list + used, sizeof list - used, "%s%s",
                       used ? ", " : "", tt_table_name(tt_doc_get(doc, i)));
      if (k < 0) break;
      used += (size_t)k;
      n_data++;
    }
    if (n_data > 1)
      tt_cli_warn(cli, "csv shows the table '%s'; choose another with "
                  "--table (%s)", tt_table_name(tt_doc_csv_default(doc)), list);
  }
  return tt_cli_out_close(cli, cli->out, f, 1);
}
