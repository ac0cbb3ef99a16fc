#include "tt_markov.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ROW_SUM_TOL 1e-9

void tt_markov_free(tt_markov *mc) {
  if (!mc) return;
  free(mc->P);
  free(mc->steady);
  free(mc);
}

/* reach[i*m+j] = 1 when j can be reached from i in zero or more steps,
 * over the edges p_ij > 0 (Warshall). Edges out of `cut` are ignored when
 * cut < m, which makes that state absorbing. */
static void reachability(size_t m, const double *P, size_t cut,
                         unsigned char *reach) {
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < m; j++)
      reach[i * m + j] = i == j || (i != cut && P[i * m + j] > 0);
  for (size_t k = 0; k < m; k++)
    for (size_t i = 0; i < m; i++)
      if (reach[i * m + k])
        for (size_t j = 0; j < m; j++)
          if (reach[k * m + j]) reach[i * m + j] = 1;
}

static size_t gcd(size_t a, size_t b) {
  while (b) {
    size_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/* Period of the closed class `cls`: the gcd over its edges u -> v of
 * level(u) + 1 - level(v), with levels from a breadth-first search. */
static int class_period(const tt_markov *mc, int cls) {
  size_t m = mc->m, queue[TT_SCALE_MAX_STATES], head = 0, tail = 0;
  long level[TT_SCALE_MAX_STATES];
  for (size_t i = 0; i < m; i++) level[i] = -1;
  for (size_t i = 0; i < m && !tail; i++)
    if (mc->class_of[i] == cls) {
      level[i] = 0;
      queue[tail++] = i;
    }
  while (head < tail) {
    size_t u = queue[head++];
    for (size_t v = 0; v < m; v++)
      if (mc->P[u * m + v] > 0 && level[v] < 0) {
        level[v] = level[u] + 1;
        queue[tail++] = v;
      }
  }
  size_t g = 0;
  for (size_t u = 0; u < m; u++)
    if (mc->class_of[u] == cls)
      for (size_t v = 0; v < m; v++)
        if (mc->P[u * m + v] > 0) {
          long d = level[u] + 1 - level[v];
          g = gcd(g, (size_t)(d < 0 ? -d : d));
        }
  return (int)g;
}

static void classify(tt_markov *mc) {
  size_t m = mc->m;
  unsigned char reach[TT_SCALE_MAX_STATES * TT_SCALE_MAX_STATES];
  reachability(m, mc->P, m, reach);
  for (size_t i = 0; i < m; i++) mc->class_of[i] = -1;
  mc->n_classes = 0;
  for (size_t i = 0; i < m; i++) {
    if (mc->class_of[i] >= 0) continue;
    int c = (int)mc->n_classes++;
    for (size_t j = i; j < m; j++)
      if (reach[i * m + j] && reach[j * m + i]) mc->class_of[j] = c;
  }
  mc->n_closed = 0;
  for (size_t c = 0; c < mc->n_classes; c++) {
    int closed = 1;
    size_t size = 0, last = 0;
    for (size_t i = 0; i < m; i++) {
      if (mc->class_of[i] != (int)c) continue;
      size++;
      last = i;
      for (size_t j = 0; j < m && closed; j++)
        if (mc->P[i * m + j] > 0 && mc->class_of[j] != (int)c) closed = 0;
    }
    if (!closed)
      mc->class_kind[c] = TT_CLASS_TRANSIENT;
    else if (size == 1 && mc->P[last * m + last] == 1.0)
      mc->class_kind[c] = TT_CLASS_ABSORBING;
    else
      mc->class_kind[c] = TT_CLASS_RECURRENT;
    mc->n_closed += closed;
  }
  mc->steady_unique = mc->n_closed == 1;
  mc->period = 0;
  if (mc->steady_unique)
    for (size_t c = 0; c < mc->n_classes; c++)
      if (mc->class_kind[c] != TT_CLASS_TRANSIENT)
        mc->period = class_period(mc, (int)c);
}

/* pi (P - I) = 0 with sum(pi) = 1: the transposed system with its last
 * equation replaced by the normalisation. With one closed class the null
 * space of P - I is the constant vector alone, so the m - 1 equations
 * kept are independent and the system has one solution. */
static int steady_solve(tt_markov *mc, tt_error *err) {
  size_t m = mc->m;
  int rc = TT_OK, sign;
  gsl_matrix *A = gsl_matrix_alloc(m, m), *LU = gsl_matrix_alloc(m, m);
  gsl_vector *b = gsl_vector_calloc(m), *x = gsl_vector_alloc(m);
  gsl_vector *work = gsl_vector_alloc(m);
  gsl_permutation *perm = gsl_permutation_alloc(m);
  mc->steady = malloc(m * sizeof *mc->steady);
  if (!A || !LU || !b || !x || !work || !perm || !mc->steady) {
    rc = tt_error_set(err, TT_ENOMEM, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < m; j++)
      gsl_matrix_set(A, i, j, mc->P[j * m + i] - (i == j ? 1.0 : 0.0));
  for (size_t j = 0; j < m; j++) gsl_matrix_set(A, m - 1, j, 1.0);
  gsl_vector_set(b, m - 1, 1.0);
  gsl_matrix_memcpy(LU, A);
  if (gsl_linalg_LU_decomp(LU, perm, &sign) ||
      gsl_linalg_LU_solve(LU, perm, b, x) ||
      gsl_linalg_LU_refine(A, LU, perm, b, x, work)) {
    rc = tt_error_set(err, TT_ENUMERIC,
                      "the steady-state equations could not be solved");
    goto done;
  }
  double sum = 0;
  for (size_t i = 0; i < m; i++) {
    double v = gsl_vector_get(x, i);
    /* transient states carry no mass; rounding may leave 1e-17 */
    if (mc->class_kind[mc->class_of[i]] == TT_CLASS_TRANSIENT || v < 0)
      v = 0;
    mc->steady[i] = v;
    sum += v;
  }
  for (size_t i = 0; i < m; i++) mc->steady[i] /= sum;
done:
  if (rc) {
    free(mc->steady);
    mc->steady = NULL;
  }
  gsl_matrix_free(A);
  gsl_matrix_free(LU);
  gsl_vector_free(b);
  gsl_vector_free(x);
  gsl_vector_free(work);
  gsl_permutation_free(perm);
  return rc;
}

static tt_markov *build(size_t m, const int *state, const double *P,
                        const int *no_data, tt_error *err) {
  if (m < 1 || m > TT_SCALE_MAX_STATES) {
    tt_error_set(err, TT_EINVAL, "a chain needs 1 to %d states (got %zu)",
                 TT_SCALE_MAX_STATES, m);
    return NULL;
  }
  for (size_t i = 0; i < m; i++) {
    double sum = 0;
    for (size_t j = 0; j < m; j++) {
      double v = P[i * m + j];
      if (!(v >= 0 && v <= 1)) {
        tt_error_set(err, TT_EDATA,
                     "transition probability (%zu,%zu) = %g is not in [0,1]",
                     i + 1, j + 1, v);
        return NULL;
      }
      sum += v;
    }
    if (fabs(sum - 1.0) > ROW_SUM_TOL) {
      tt_error_set(err, TT_EDATA, "row %zu of the transition matrix sums "
                   "to %.12g, not 1", i + 1, sum);
      return NULL;
    }
  }
  tt_markov *mc = calloc(1, sizeof *mc);
  if (!mc || !(mc->P = malloc(m * m * sizeof *mc->P))) {
    free(mc);
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  mc->m = m;
  memcpy(mc->state, state, m * sizeof *state);
  memcpy(mc->P, P, m * m * sizeof *P);
  if (no_data) memcpy(mc->no_data, no_data, m * sizeof *no_data);
  classify(mc);
  if (mc->steady_unique && steady_solve(mc, err)) {
    tt_markov_free(mc);
    return NULL;
  }
  return mc;
}

tt_markov *tt_markov_alloc(size_t m, const int *state, const double *P,
                           tt_error *err) {
  return build(m, state, P, NULL, err);
}

tt_markov *tt_markov_from_transitions(const tt_transitions *t,
                                      tt_error *err) {
  size_t m = t->m, n = 0, keep[TT_SCALE_MAX_STATES];
  for (size_t i = 0; i < m; i++) {
    double in = 0;
    for (size_t j = 0; j < m; j++) in += t->count[j * m + i];
    if (t->row_total[i] > 0 || in > 0) keep[n++] = i;
  }
  if (!n) {
    tt_error_set(err, TT_EDATA, "no transitions to build a chain from");
    return NULL;
  }
  double *P = malloc(n * n * sizeof *P);
  if (!P) {
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  int state[TT_SCALE_MAX_STATES], no_data[TT_SCALE_MAX_STATES] = {0};
  for (size_t a = 0; a < n; a++) {
    size_t i = keep[a];
    state[a] = t->state[i];
    no_data[a] = !(t->row_total[i] > 0);
    for (size_t b = 0; b < n; b++)
      P[a * n + b] = no_data[a] ? (a == b ? 1.0 : 0.0)
                                : t->prob[i * m + keep[b]];
  }
  tt_markov *mc = build(n, state, P, no_data, err);
  free(P);
  return mc;
}

/* ---- projections and powers --------------------------------------------- */

void tt_projection_free(tt_projection *pr) {
  if (!pr) return;
  free(pr->dist);
  free(pr);
}

tt_projection *tt_markov_project(const tt_markov *mc, const double *start,
                                 size_t k, int year0, tt_error *err) {
  size_t m = mc->m;
  double sum = 0;
  for (size_t j = 0; j < m; j++) {
    if (!(start[j] >= 0)) {
      tt_error_set(err, TT_EINVAL, "start distribution has a negative or "
                   "missing share");
      return NULL;
    }
    sum += start[j];
  }
  if (fabs(sum - 1.0) > ROW_SUM_TOL) {
    tt_error_set(err, TT_EINVAL, "start distribution sums to %g, not 1", sum);
    return NULL;
  }
  tt_projection *pr = calloc(1, sizeof *pr);
  if (!pr || !(pr->dist = malloc((k + 1) * m * sizeof *pr->dist))) {
    free(pr);
    tt_error_set(err, TT_ENOMEM, "out of memory");
    return NULL;
  }
  pr->m = m;
  pr->k = k;
  pr->year0 = year0;
  memcpy(pr->dist, start, m * sizeof *start);
  gsl_matrix_const_view P = gsl_matrix_const_view_array(mc->P, m, m);
  for (size_t t = 1; t <= k; t++) {
    gsl_vector_const_view prev =
        gsl_vector_const_view_array(pr->dist + (t - 1) * m, m);
    gsl_vector_view next = gsl_vector_view_array(pr->dist + t * m, m);
    /* row vector times P = P^T times column vector */
    gsl_blas_dgemv(CblasTrans, 1.0, &P.matrix, &prev.vector, 0.0,
                   &next.vector);
  }
  return pr;
}

int tt_markov_power(const tt_markov *mc, size_t k, double *out,
                    tt_error *err) {
  size_t m = mc->m;
  double *tmp = malloc(m * m * sizeof *tmp);
  if (!tmp) return tt_error_set(err, TT_ENOMEM, "out of memory");
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < m; j++) out[i * m + j] = i == j;
  gsl_matrix_const_view P = gsl_matrix_const_view_array(mc->P, m, m);
  gsl_matrix_view O = gsl_matrix_view_array(out, m, m);
  gsl_matrix_view T = gsl_matrix_view_array(tmp, m, m);
  for (size_t t = 0; t < k; t++) {
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &O.matrix, &P.matrix, 0.0,
                   &T.matrix);
    memcpy(out, tmp, m * m * sizeof *out);
  }
  free(tmp);
  return TT_OK;
}

int tt_markov_occupation_horizon(const tt_markov *mc, size_t k, double *out,
                                 tt_error *err) {
  size_t m = mc->m;
  double *pw = malloc(m * m * sizeof *pw), *tmp = malloc(m * m * sizeof *tmp);
  if (!pw || !tmp) {
    free(pw);
    free(tmp);
    return tt_error_set(err, TT_ENOMEM, "out of memory");
  }
  memcpy(pw, mc->P, m * m * sizeof *pw);
  memset(out, 0, m * m * sizeof *out);
  gsl_matrix_const_view P = gsl_matrix_const_view_array(mc->P, m, m);
  gsl_matrix_view W = gsl_matrix_view_array(pw, m, m);
  gsl_matrix_view T = gsl_matrix_view_array(tmp, m, m);
  for (size_t t = 1; t <= k; t++) {
    for (size_t q = 0; q < m * m; q++) out[q] += pw[q];
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &W.matrix, &P.matrix, 0.0,
                   &T.matrix);
    memcpy(pw, tmp, m * m * sizeof *pw);
  }
  free(pw);
  free(tmp);
  return TT_OK;
}

/* ---- first passage and occupation --------------------------------------- */

/* Solves (I - Q) x = b over the states listed in idx[0..n), where Q is P
 * restricted to them. x may alias nothing. */
static int solve_restricted(const tt_markov *mc, const size_t *idx, size_t n,
                            const double *b, double *x, tt_error *err) {
  size_t m = mc->m;
  int rc = TT_OK, sign;
  gsl_matrix *A = gsl_matrix_alloc(n, n), *LU = gsl_matrix_alloc(n, n);
  gsl_vector *bv = gsl_vector_alloc(n), *xv = gsl_vector_alloc(n);
  gsl_vector *work = gsl_vector_alloc(n);
  gsl_permutation *perm = gsl_permutation_alloc(n);
  if (!A || !LU || !bv || !xv || !work || !perm) {
    rc = tt_error_set(err, TT_ENOMEM, "out of memory");
    goto done;
  }
  for (size_t a = 0; a < n; a++) {
    gsl_vector_set(bv, a, b[a]);
    for (size_t c = 0; c < n; c++)
      gsl_matrix_set(A, a, c, (a == c) - mc->P[idx[a] * m + idx[c]]);
  }
  gsl_matrix_memcpy(LU, A);
  if (gsl_linalg_LU_decomp(LU, perm, &sign) ||
      gsl_linalg_LU_solve(LU, perm, bv, xv) ||
      gsl_linalg_LU_refine(A, LU, perm, bv, xv, work)) {
    rc = tt_error_set(err, TT_ENUMERIC, "a passage-time system could not "
                      "be solved");
    goto done;
  }
  for (size_t a = 0; a < n; a++) x[a] = gsl_vector_get(xv, a);
done:
  gsl_matrix_free(A);
  gsl_matrix_free(LU);
  gsl_vector_free(bv);
  gsl_vector_free(xv);
  gsl_vector_free(work);
  gsl_permutation_free(perm);
  return rc;
}

int tt_markov_passage(const tt_markov *mc, double *out, tt_error *err) {
  size_t m = mc->m;
  unsigned char reach[TT_SCALE_MAX_STATES * TT_SCALE_MAX_STATES];
  unsigned char cut[TT_SCALE_MAX_STATES * TT_SCALE_MAX_STATES];
  reachability(m, mc->P, m, reach);
  for (size_t j = 0; j < m; j++) {
    /* i reaches j for sure when no state it can reach before j (j made
     * absorbing) is unable to reach j */
    reachability(m, mc->P, j, cut);
    size_t idx[TT_SCALE_MAX_STATES], n = 0;
    int sure[TT_SCALE_MAX_STATES];
    for (size_t i = 0; i < m; i++) {
      sure[i] = 0;
      if (i == j) continue;
      int ok = 1;
      for (size_t k = 0; k < m && ok; k++)
        if (cut[i * m + k] && !reach[k * m + j]) ok = 0;
      if (ok) {
        sure[i] = 1;
        idx[n++] = i;
      }
    }
    double b[TT_SCALE_MAX_STATES], x[TT_SCALE_MAX_STATES];
    for (size_t a = 0; a < n; a++) b[a] = 1.0;
    if (n && solve_restricted(mc, idx, n, b, x, err)) return err->code;
    for (size_t i = 0; i < m; i++) out[i * m + j] = INFINITY;
    for (size_t a = 0; a < n; a++) out[idx[a] * m + j] = x[a];
    /* mean return time: one step, then the passage from where it lands */
    double ret = 1.0;
    for (size_t k = 0; k < m && isfinite(ret); k++) {
      double pk = mc->P[j * m + k];
      if (k == j || pk == 0) continue;
      ret = sure[k] ? ret + pk * out[k * m + j] : INFINITY;
    }
    out[j * m + j] = ret;
  }
  return TT_OK;
}

int tt_markov_occupation(const tt_markov *mc, double *out, tt_error *err) {
  size_t m = mc->m, idx[TT_SCALE_MAX_STATES], n = 0;
  for (size_t q = 0; q < m * m; q++) out[q] = NAN;
  for (size_t i = 0; i < m; i++)
    if (mc->class_kind[mc->class_of[i]] == TT_CLASS_TRANSIENT) idx[n++] = i;
  if (!n) return TT_OK;
  /* column c of N = (I - Q)^-1 solves (I - Q) x = e_c */
  for (size_t c = 0; c < n; c++) {
    double b[TT_SCALE_MAX_STATES] = {0}, x[TT_SCALE_MAX_STATES];
    b[c] = 1.0;
    if (solve_restricted(mc, idx, n, b, x, err)) return err->code;
    for (size_t a = 0; a < n; a++) out[idx[a] * m + idx[c]] = x[a];
  }
  return TT_OK;
}
