/* gen_panel — a deterministic synthetic panel of ordinal ratings, for the
 * benchmarks.
 *
 *   gen_panel --entities E --years Y --seed S [--rows N] [--first-year F]
 *             [--out FILE]
 *
 * Writes long CSV (country,iso3,region,year,tier), entity by entity, years
 * ascending, like the bundled TIP file. Each entity's tiers follow a Markov
 * chain close to the TIP one-year matrix (1, 2, 2WL, 3 and the unranked
 * SC). Entities enter late or leave early now and then, and single years
 * are missing (a gap: no row), so a pair never spans a missing year. The
 * chain keeps running through a gap, as a country's situation does when it
 * is left out of one report.
 *
 * With --rows N the generator stops after exactly N data rows (the last
 * entity may be cut short) and --entities is only an upper bound.
 * The same arguments always give the same bytes (GSL's MT19937).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#define N_STATES 5

static const char *const state_code[N_STATES] = {"1", "2", "2WL", "3", "SC"};

/* Rows: from 1, 2, 2WL, 3, SC; columns: to the same. Close to the one-year
 * matrix of the TIP reports 2001-2025 (about 4 000 pairs), with the empty
 * cells given a small weight so that every move can occur. Rows need not
 * sum to 1: gsl_ran_discrete normalises. */
static const double tip_matrix[N_STATES][N_STATES] = {
    {0.918, 0.077, 0.001, 0.001, 0.003},
    {0.034, 0.790, 0.165, 0.010, 0.001},
    {0.001, 0.370, 0.516, 0.109, 0.004},
    {0.004, 0.064, 0.200, 0.719, 0.013},
    {0.001, 0.186, 0.093, 0.012, 0.708},
};

/* First-year distribution: roughly the tiers' shares over the reports. */
static const double tip_start[N_STATES] = {0.17, 0.48, 0.21, 0.11, 0.03};

static const char *const regions[] = {"AF", "EAP", "EUR", "NEA", "SCA", "WHA"};

typedef struct {
  unsigned long entities, years, seed, rows;
  int first_year;
  const char *out;
} options;

static void usage(FILE *f) {
  fputs("usage: gen_panel --entities E --years Y --seed S [--rows N]\n"
        "                 [--first-year F] [--out FILE]\n",
        f);
}

static int parse_ulong(const char *s, unsigned long *v) {
  char *end;
  errno = 0;
  unsigned long x = strtoul(s, &end, 10);
  if (errno || end == s || *end || *s == '-') return -1;
  *v = x;
  return 0;
}

static int parse_args(int argc, char **argv, options *o) {
  memset(o, 0, sizeof *o);
  o->first_year = 2001;
  int have_e = 0, have_y = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      exit(0);
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "gen_panel: %s needs a value\n", a);
      return -1;
    }
    const char *v = argv[++i];
    unsigned long x = 0;
    if (!strcmp(a, "--out")) {
      o->out = v;
      continue;
    }
    if (parse_ulong(v, &x)) {
      fprintf(stderr, "gen_panel: %s: '%s' is not a whole number\n", a, v);
      return -1;
    }
    if (!strcmp(a, "--entities")) {
      o->entities = x;
      have_e = 1;
    } else if (!strcmp(a, "--years")) {
      o->years = x;
      have_y = 1;
    } else if (!strcmp(a, "--seed")) {
      o->seed = x;
    } else if (!strcmp(a, "--rows")) {
      o->rows = x;
    } else if (!strcmp(a, "--first-year")) {
      if (x < 1800 || x > 2200) {
        fprintf(stderr, "gen_panel: --first-year must be in 1800-2200\n");
        return -1;
      }
      o->first_year = (int)x;
    } else {
      fprintf(stderr, "gen_panel: unknown option %s\n", a);
      return -1;
    }
  }
  if (!have_e || !have_y || o->entities == 0 || o->years < 2 ||
      o->years > 400) {
    fprintf(stderr, "gen_panel: --entities (>= 1) and --years (2-400) are "
                    "required\n");
    return -1;
  }
  if ((unsigned long)o->first_year + o->years - 1 > 2200) {
    fprintf(stderr, "gen_panel: the last year would pass 2200\n");
    return -1;
  }
  return 0;
}

/* Entity codes: upper-case letters, base 26, at least three wide (AAA,
 * AAB, ...), so keys look like ISO3 codes and stay unique. */
static void entity_code(unsigned long e, int width, char *out) {
  for (int i = width - 1; i >= 0; i--) {
    out[i] = (char)('A' + e % 26);
    e /= 26;
  }
  out[width] = '\0';
}

int main(int argc, char **argv) {
  options o;
  if (parse_args(argc, argv, &o)) {
    usage(stderr);
    return 64;
  }
  FILE *f = o.out ? fopen(o.out, "w") : stdout;
  if (!f) {
    fprintf(stderr, "gen_panel: %s: %s\n", o.out, strerror(errno));
    return 73;
  }
  static char obuf[1 << 20]; /* large stdio buffer: few write calls */
  setvbuf(f, obuf, _IOFBF, sizeof obuf);

  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_ran_discrete_t *start = gsl_ran_discrete_preproc(N_STATES, tip_start);
  gsl_ran_discrete_t *step[N_STATES] = {0};
  int ok = rng && start;
  for (int s = 0; s < N_STATES && ok; s++)
    ok = (step[s] = gsl_ran_discrete_preproc(N_STATES, tip_matrix[s])) != NULL;
  if (!ok) {
    fprintf(stderr, "gen_panel: out of memory\n");
    return 70;
  }
  gsl_rng_set(rng, o.seed);

  int width = 3;
  for (unsigned long cap = 26UL * 26 * 26; cap < o.entities && width < 12;
       cap *= 26)
    width++;

  fputs("country,iso3,region,year,tier\n", f);
  unsigned long written = 0;
  char code[16];
  const unsigned long n_regions = sizeof regions / sizeof *regions;
  for (unsigned long e = 0; e < o.entities; e++) {
    if (o.rows && written >= o.rows) break;
    entity_code(e, width, code);
    const char *region = regions[gsl_rng_uniform_int(rng, n_regions)];
    /* Most entities are there from the first report; some join later and
     * a few leave before the last (as states are added to the report). */
    unsigned long first = 0, last = o.years - 1;
    if (gsl_rng_uniform(rng) < 0.25)
      first = gsl_rng_uniform_int(rng, (o.years + 1) / 2);
    if (gsl_rng_uniform(rng) < 0.05)
      last = first + gsl_rng_uniform_int(rng, o.years - first);
    size_t state = gsl_ran_discrete(rng, start);
    for (unsigned long t = first; t <= last; t++) {
      if (t > first) state = gsl_ran_discrete(rng, step[state]);
      if (t > first && t < last && gsl_rng_uniform(rng) < 0.02)
        continue; /* left out of this year's report: a gap */
      if (o.rows && written >= o.rows) break;
      fprintf(f, "Country %s,%s,%s,%lu,%s\n", code, code, region,
              (unsigned long)o.first_year + t, state_code[state]);
      written++;
    }
  }
  int rc = 0;
  int bad = fflush(f) != 0 || ferror(f);
  if (o.out && fclose(f) != 0) bad = 1;
  if (bad) {
    fprintf(stderr, "gen_panel: write error: %s\n", strerror(errno));
    rc = 74;
  }
  if (o.rows && written < o.rows) {
    fprintf(stderr,
            "gen_panel: only %lu rows from %lu entities (asked for %lu)\n",
            written, o.entities, o.rows);
    rc = 65;
  }
  for (int s = 0; s < N_STATES; s++) gsl_ran_discrete_free(step[s]);
  gsl_ran_discrete_free(start);
  gsl_rng_free(rng);
  return rc;
}
