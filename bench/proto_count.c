/* proto_count — a sketch of what the load path can cost on top of libcsv:
 * the same job as `tiertrend transitions` (load, pair consecutive years,
 * count, normalise rows) in one streaming pass, written only to measure
 * the proposals in bench/PROFILE.md. It is not tiertrend: it knows only the
 * TIP codes (1, 2, 2WL, 3, SC), the long layout and the column names of
 * bench/gen_panel, and it validates little.
 *
 *   proto_count FILE     prints from,to,count,probability
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
 */
#include <csv.h>
#include <errno.h>
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
  for (size_t e = 0; e < c->n_e; e++)
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
    uint8_t *cells = realloc(c->cells, cap * c->span);
    if (!cells) return -1;
    memset(cells + c->cap_e * c->span, 0, (cap - c->cap_e) * c->span);
    c->cells = cells;
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

int main(int argc, char **argv) {
  if (argc != 2) {
    fputs("usage: proto_count FILE\n", stderr);
    return 64;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    fprintf(stderr, "proto_count: %s: %s\n", argv[1], strerror(errno));
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
    fprintf(stderr, "proto_count: %s: cannot load (error %d)\n", argv[1], rc);
  } else {
    /* One pass over the panel: pairs of consecutive present years. */
    double count[NS + 1][NS + 1] = {{0}};
    for (size_t e = 0; e < c.n_e; e++) {
      const uint8_t *row = c.cells + e * c.span;
      for (size_t t = 0; t + 1 < c.span; t++)
        if (row[t] && row[t + 1]) count[row[t]][row[t + 1]]++;
    }
    puts("from,to,count,probability");
    for (int a = 1; a <= NS; a++) {
      double na = 0;
      for (int b = 1; b <= NS; b++) na += count[a][b];
      for (int b = 1; b <= NS; b++)
        printf("%s,%s,%.0f,%.17g\n", codes[a], codes[b], count[a][b],
               na > 0 ? count[a][b] / na : 0.0);
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
