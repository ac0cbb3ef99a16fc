/* proto_count — a sketch of what the load path can cost on top of libcsv:
 * the same job as `tiertrend transitions` (load, pair consecutive years,
 * count, normalise rows) in one streaming pass, written only to measure
 * the proposals in bench/PROFILE.md. It is not tiertrend: it knows only the
 * TIP codes (1, 2, 2WL, 3, SC), the long layout and the column names of
 * bench/gen_panel, and it validates little.
 *
 *   proto_count FILE     prints from,to,count,probability
 *   proto_count --bootstrap B [--seed S] [--gather] FILE
 *                        adds lower,upper: 95 % percentile intervals from
 *                        B resamples of entities (GSL MT19937, the draws
 *                        tt_transitions.c makes, so the same seed gives
 *                        the same intervals as tiertrend when entities
 *                        come in the same order)
 *
 * What it does differently from analysis/tt_csv.c and tt_load.c:
 *  - libcsv is fed whole 1 MiB chunks (no per-line calls, no byte-by-byte
 *    UTF-8 pass; line numbers would be counted only when an error needs
 *    one);
 *  - fields are not copied into a row buffer: each is handled in the field
 *    callback (the key copied once, the year and tier decoded on the spot);
 *  - the entity of the previous row is remembered, so sorted files (the
 *    usual case) skip the hash table for all but an entity's first row;
 *  - the year is parsed by a digit loop (no strtol, no errno);
 *  - tier labels are matched as raw bytes (tiertrend would keep a small
 *    cache of raw spellings seen, so each row costs one comparison instead
 *    of a normalisation);
 *  - keys and names live in one arena (no malloc per entity), and the
 *    table keeps a 64-bit hash per slot so probes rarely touch the keys.
 *
 * The bootstrap: each resample draws n_e entity indices. --gather adds up
 * the drawn entities' sparse counts as they are drawn (random reads over
 * all entities' counts, as tt_transitions.c does); the default first
 * counts how often each entity was drawn (random increments in a small
 * array that stays in cache), then adds count x multiplicity in one
 * sequential pass. The two give the same integer counts, so the same
 * intervals.
 */
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <time.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK ((size_t)1 << 20)
#define NS 5 /* states 1..5; 0 = absent */

static const char *const codes[NS + 1] = {"", "1", "2", "2WL", "3", "SC"};

typedef struct {
  uint64_t hash;
  uint32_t idx; /* entity + 1; 0 = empty */
} slot;

typedef struct {
  /* columns */
  int c_code, c_name, c_year, c_tier, ncol;
  int header;
  int col; /* current column */
  int bad;

  /* current row */
  char key[64], name[256];
  size_t klen, nlen;
  int year, tier;

  /* entities */
  slot *slots;
  size_t cap; /* power of two */
  char *arena;
  size_t arena_len, arena_cap;
  size_t *key_off;  /* arena offset of each entity's key  */
  size_t *name_off; /* and of its name (the first seen)   */
  size_t n_e, cap_e;
  long last_e;

  /* cells: entity-major, years [lo, lo + span) */
  uint8_t *cells;
  int lo;
  size_t span;
} ctx;

static uint64_t hash_key(const char *s, size_t n) {
  /* FNV-1a over the bytes, then a multiply-xorshift finish so the low bits
   * (the slot index) depend on every byte. */
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ULL;
  return h ^ (h >> 32);
}

static int tier_of(const char *s, size_t n) {
  if (n == 1) {
    if (s[0] >= '1' && s[0] <= '3') return s[0] == '3' ? 4 : s[0] - '0';
  } else if (n == 3 && !memcmp(s, "2WL", 3)) {
    return 3;
  } else if (n == 2 && !memcmp(s, "SC", 2)) {
    return 5;
  }
  return -1;
}

static int grow_cells(ctx *c, int year) {
  /* Re-lays the cell array so that year fits, with slack on both sides. */
  int lo = c->span ? (year < c->lo ? year - 16 : c->lo) : year - 16;
  int hi = c->span ? (year >= c->lo + (int)c->span ? year + 16
                                                   : c->lo + (int)c->span - 1)
                   : year + 16;
  size_t span = (size_t)(hi - lo) + 1;
  uint8_t *cells = calloc(c->cap_e ? c->cap_e * span : 1, 1);
  if (!cells) return -1;
  for (size_t e = 0; c->span && e < c->n_e; e++)
    memcpy(cells + e * span + (c->lo - lo), c->cells + e * c->span, c->span);
  free(c->cells);
  c->cells = cells;
  c->lo = lo;
  c->span = span;
  return 0;
}

static long entity(ctx *c) {
  if (c->last_e >= 0) {
    const char *k = c->arena + c->key_off[c->last_e];
    if (k[c->klen] == '\0' && !memcmp(k, c->key, c->klen)) return c->last_e;
  }
  uint64_t h = hash_key(c->key, c->klen);
  size_t j = h & (c->cap - 1);
  while (c->slots[j].idx) {
    size_t e = c->slots[j].idx - 1;
    const char *k = c->arena + c->key_off[e];
    if (c->slots[j].hash == h && k[c->klen] == '\0' &&
        !memcmp(k, c->key, c->klen))
      return (long)e;
    j = (j + 1) & (c->cap - 1);
  }
  /* new entity */
  if ((c->n_e + 1) * 2 > c->cap) {
    size_t cap = c->cap * 2;
    slot *s = calloc(cap, sizeof *s);
    if (!s) return -1;
    for (size_t i = 0; i < c->cap; i++) {
      if (!c->slots[i].idx) continue;
      size_t q = c->slots[i].hash & (cap - 1);
      while (s[q].idx) q = (q + 1) & (cap - 1);
      s[q] = c->slots[i];
    }
    free(c->slots);
    c->slots = s;
    c->cap = cap;
    j = h & (cap - 1);
    while (c->slots[j].idx) j = (j + 1) & (cap - 1);
  }
  if (c->n_e == c->cap_e) {
    size_t cap = c->cap_e * 2;
    size_t *ko = realloc(c->key_off, cap * sizeof *ko);
    if (!ko) return -1;
    c->key_off = ko;
    size_t *no = realloc(c->name_off, cap * sizeof *no);
    if (!no) return -1;
    c->name_off = no;
    if (c->span) { /* no cells before the first year is seen */
      uint8_t *cells = realloc(c->cells, cap * c->span);
      if (!cells) return -1;
      memset(cells + c->cap_e * c->span, 0, (cap - c->cap_e) * c->span);
      c->cells = cells;
    }
    c->cap_e = cap;
  }
  if (c->arena_len + c->klen + c->nlen + 2 > c->arena_cap) {
    size_t cap = c->arena_cap * 2 + c->klen + c->nlen + 2;
    char *a = realloc(c->arena, cap);
    if (!a) return -1;
    c->arena = a;
    c->arena_cap = cap;
  }
  memcpy(c->arena + c->arena_len, c->key, c->klen);
  c->arena[c->arena_len + c->klen] = '\0';
  c->key_off[c->n_e] = c->arena_len;
  c->arena_len += c->klen + 1;
  memcpy(c->arena + c->arena_len, c->name, c->nlen);
  c->arena[c->arena_len + c->nlen] = '\0';
  c->name_off[c->n_e] = c->arena_len;
  c->arena_len += c->nlen + 1;
  c->slots[j].hash = h;
  c->slots[j].idx = (uint32_t)(c->n_e + 1);
  return (long)c->n_e++;
}

static void on_field(void *v, size_t n, void *data) {
  ctx *c = data;
  const char *s = v;
  int col = c->col++;
  if (c->bad) return;
  if (!c->header) {
    if (n == 4 && !memcmp(s, "iso3", 4)) c->c_code = col;
    if (n == 7 && !memcmp(s, "country", 7)) c->c_name = col;
    if (n == 4 && !memcmp(s, "year", 4)) c->c_year = col;
    if (n == 4 && !memcmp(s, "tier", 4)) c->c_tier = col;
    return;
  }
  if (col == c->c_code) {
    if (n == 0 || n >= sizeof c->key) c->bad = 1;
    memcpy(c->key, s, n < sizeof c->key ? n : 0);
    c->klen = n;
  } else if (col == c->c_name) {
    if (n >= sizeof c->name) c->bad = 1;
    memcpy(c->name, s, n < sizeof c->name ? n : 0);
    c->nlen = n;
  } else if (col == c->c_year) {
    int y = 0;
    if (n == 0 || n > 4) c->bad = 1;
    for (size_t i = 0; i < n; i++) {
      unsigned d = (unsigned char)s[i] - '0';
      if (d > 9) c->bad = 1;
      y = y * 10 + (int)d;
    }
    c->year = y;
  } else if (col == c->c_tier) {
    c->tier = tier_of(s, n);
    if (c->tier < 0) c->bad = 1;
  }
}

static void on_row(int ch, void *data) {
  ctx *c = data;
  (void)ch;
  int ncol = c->col;
  c->col = 0;
  if (c->bad) return;
  if (!c->header) {
    c->header = 1;
    c->ncol = ncol;
    if (c->c_code < 0 || c->c_year < 0 || c->c_tier < 0) c->bad = 1;
    return;
  }
  if (ncol != c->ncol) {
    c->bad = 1;
    return;
  }
  long e = entity(c);
  if (e < 0) {
    c->bad = 2;
    return;
  }
  c->last_e = e;
  if (c->year < c->lo || c->year >= c->lo + (int)c->span) {
    if (grow_cells(c, c->year)) {
      c->bad = 2;
      return;
    }
  }
  uint8_t *cell = c->cells + (size_t)e * c->span + (size_t)(c->year - c->lo);
  if (*cell && *cell != c->tier) c->bad = 1; /* one year, two tiers */
  *cell = (uint8_t)c->tier;
}

/* Per-entity sparse pair counts: entity k's cells are
 * cell[start[k] .. start[k+1]), each with its count n. Entities without a
 * pair are left out (they cannot change a resample's counts). */
typedef struct {
  size_t ne, nnz;
  size_t *start;
  uint8_t *cell; /* (from - 1) * NS + (to - 1) */
  uint32_t *n;
} pair_counts;

static int pair_counts_build(const ctx *c, pair_counts *pc) {
  memset(pc, 0, sizeof *pc);
  pc->start = malloc((c->n_e + 1) * sizeof *pc->start);
  pc->cell = malloc((c->n_e * NS * NS + 1) * sizeof *pc->cell);
  pc->n = malloc((c->n_e * NS * NS + 1) * sizeof *pc->n);
  if (!pc->start || !pc->cell || !pc->n) return -1;
  for (size_t e = 0; e < c->n_e; e++) {
    uint32_t local[NS * NS] = {0};
    const uint8_t *row = c->cells + e * c->span;
    for (size_t t = 0; t + 1 < c->span; t++)
      if (row[t] && row[t + 1]) local[(row[t] - 1) * NS + row[t + 1] - 1]++;
    size_t first = pc->nnz;
    for (int q = 0; q < NS * NS; q++)
      if (local[q]) {
        pc->cell[pc->nnz] = (uint8_t)q;
        pc->n[pc->nnz++] = local[q];
      }
    if (pc->nnz > first) pc->start[pc->ne++] = first;
  }
  pc->start[pc->ne] = pc->nnz;
  return 0;
}

static void pair_counts_free(pair_counts *pc) {
  free(pc->start);
  free(pc->cell);
  free(pc->n);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Fills lower/upper (NS*NS each) with percentile intervals from B
 * resamples. 0, or -1 when out of memory. */
static int bootstrap(const pair_counts *pc, size_t B, unsigned long seed,
                     int gather, double *lower, double *upper) {
  const size_t ne = pc->ne, mm = NS * NS;
  double *draws = malloc(B * mm * sizeof *draws);
  uint32_t *w = calloc(ne ? ne : 1, sizeof *w);
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  if (!draws || !w || !r) {
    free(draws);
    free(w);
    gsl_rng_free(r);
    return -1;
  }
  gsl_rng_set(r, seed);
  double t0 = now();
  for (size_t b = 0; b < B; b++) {
    double count[NS * NS] = {0};
    if (gather) {
      for (size_t k = 0; k < ne; k++) {
        size_t e = (size_t)gsl_rng_uniform_int(r, (unsigned long)ne);
        for (size_t q = pc->start[e]; q < pc->start[e + 1]; q++)
          count[pc->cell[q]] += pc->n[q];
      }
    } else {
      uint64_t acc[NS * NS] = {0};
      memset(w, 0, ne * sizeof *w);
      for (size_t k = 0; k < ne; k++)
        w[gsl_rng_uniform_int(r, (unsigned long)ne)]++;
      for (size_t e = 0; e < ne; e++) {
        uint32_t m = w[e];
        if (!m) continue;
        for (size_t q = pc->start[e]; q < pc->start[e + 1]; q++)
          acc[pc->cell[q]] += (uint64_t)m * pc->n[q];
      }
      for (size_t q = 0; q < mm; q++) count[q] = (double)acc[q];
    }
    for (int a = 0; a < NS; a++) {
      double na = 0;
      for (int z = 0; z < NS; z++) na += count[a * NS + z];
      for (int z = 0; z < NS; z++)
        draws[(size_t)(a * NS + z) * B + b] =
            na > 0 ? count[a * NS + z] / na : NAN;
    }
  }
  double t1 = now();
  for (size_t q = 0; q < mm; q++) {
    double *x = draws + q * B;
    size_t k = 0;
    for (size_t i = 0; i < B; i++)
      if (isfinite(x[i])) x[k++] = x[i];
    if (!k) {
      lower[q] = upper[q] = NAN;
      continue;
    }
    gsl_sort(x, 1, k);
    lower[q] = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.025);
    upper[q] = gsl_stats_quantile_from_sorted_data(x, 1, k, 0.975);
  }
  fprintf(stderr, "proto_count: %zu resamples of %zu entities (%s): %.3f s\n",
          B, ne, gather ? "gather" : "multiplicities", t1 - t0);
  free(draws);
  free(w);
  gsl_rng_free(r);
  return 0;
}

int main(int argc, char **argv) {
  size_t B = 0;
  unsigned long seed = 1;
  int gather = 0;
  const char *path = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--bootstrap") && i + 1 < argc)
      B = strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
      seed = strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--gather"))
      gather = 1;
    else if (argv[i][0] != '-' && !path)
      path = argv[i];
    else
      path = NULL, i = argc;
  }
  if (!path) {
    fputs("usage: proto_count [--bootstrap B [--seed S] [--gather]] FILE\n",
          stderr);
    return 64;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "proto_count: %s: %s\n", path, strerror(errno));
    return 66;
  }
  ctx c;
  memset(&c, 0, sizeof c);
  c.c_code = c.c_name = c.c_year = c.c_tier = -1;
  c.last_e = -1;
  c.cap = 1024;
  c.cap_e = 256;
  c.arena_cap = 4096;
  c.slots = calloc(c.cap, sizeof *c.slots);
  c.key_off = malloc(c.cap_e * sizeof *c.key_off);
  c.name_off = malloc(c.cap_e * sizeof *c.name_off);
  c.arena = malloc(c.arena_cap);
  char *chunk = malloc(CHUNK);
  struct csv_parser p;
  int rc = 0;
  if (!c.slots || !c.key_off || !c.name_off || !c.arena || !chunk ||
      csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
    fputs("proto_count: out of memory\n", stderr);
    return 70;
  }
  size_t n;
  while (!c.bad && (n = fread(chunk, 1, CHUNK, f)) > 0)
    if (csv_parse(&p, chunk, n, on_field, on_row, &c) != n) rc = 65;
  if (!rc && ferror(f)) rc = 74;
  if (!rc && csv_fini(&p, on_field, on_row, &c) != 0) rc = 65;
  if (!rc && c.bad) rc = c.bad == 2 ? 70 : 65;
  if (rc) {
    fprintf(stderr, "proto_count: %s: cannot load (error %d)\n", path, rc);
  } else {
    /* One pass over the panel: pairs of consecutive present years. */
    double count[NS + 1][NS + 1] = {{0}};
    for (size_t e = 0; e < c.n_e; e++) {
      const uint8_t *row = c.cells + e * c.span;
      for (size_t t = 0; t + 1 < c.span; t++)
        if (row[t] && row[t + 1]) count[row[t]][row[t + 1]]++;
    }
    double lower[NS * NS], upper[NS * NS];
    pair_counts pc;
    if (B) {
      if (pair_counts_build(&c, &pc) ||
          bootstrap(&pc, B, seed, gather, lower, upper)) {
        fputs("proto_count: out of memory\n", stderr);
        rc = 70;
      }
      pair_counts_free(&pc);
    }
    puts(B ? "from,to,count,probability,lower,upper"
           : "from,to,count,probability");
    for (int a = 1; a <= NS && !rc; a++) {
      double na = 0;
      for (int b = 1; b <= NS; b++) na += count[a][b];
      for (int b = 1; b <= NS; b++) {
        printf("%s,%s,%.0f,%.17g", codes[a], codes[b], count[a][b],
               na > 0 ? count[a][b] / na : 0.0);
        if (B)
          printf(",%.10g,%.10g", lower[(a - 1) * NS + b - 1],
                 upper[(a - 1) * NS + b - 1]);
        putchar('\n');
      }
    }
  }
  csv_free(&p);
  free(chunk);
  free(c.slots);
  free(c.key_off);
  free(c.name_off);
  free(c.arena);
  free(c.cells);
  fclose(f);
  return rc;
}
