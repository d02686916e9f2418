/*
 * reference.c - hand-written C callbacks for every benchmark case.
 *
 * The reference for what SciPy's LowLevelCallable interface allows: the
 * same algorithm as the .flt sources in bench/filters, written in plain C
 * and compiled with gcc -O3 -march=native at benchmark time. The noop_*
 * callbacks do no work at all; their time is the interface's own cost
 * (SciPy gathering the neighbourhood and calling through a pointer).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

/* ---- generic_filter: int (double *, intptr_t, double *, void *) ---- */

int min_cross(double *buffer, intptr_t n, double *out, void *user_data) {
  (void)user_data;
  double result = INFINITY;
  for (intptr_t i = 0; i < n; ++i)
    if (buffer[i] < result)
      result = buffer[i];
  *out = result;
  return 1;
}

int contrast(double *buffer, intptr_t n, double *out, void *user_data) {
  (void)user_data;
  double centre = buffer[n / 2];
  double total = 0.0;
  for (intptr_t i = 0; i < n; ++i)
    total += fabs(buffer[i] - centre);
  *out = total;
  return 1;
}

/* np.median: the middle element of the sorted values (n is odd here),
   found by quickselect on a copy, as numpy's partition does. */
int median(double *buffer, intptr_t n, double *out, void *user_data) {
  (void)user_data;
  double v[256];
  if (n > 256 || n < 1)
    return 0;
  memcpy(v, buffer, (size_t)n * sizeof(double));
  intptr_t k = n / 2, lo = 0, hi = n - 1;
  while (lo < hi) {
    double pivot = v[(lo + hi) / 2];
    intptr_t i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot)
        ++i;
      while (v[j] > pivot)
        --j;
      if (i <= j) {
        double t = v[i];
        v[i] = v[j];
        v[j] = t;
        ++i;
        --j;
      }
    }
    if (k <= j)
      hi = j;
    else if (k >= i)
      lo = i;
    else
      break;
  }
  double m = v[k];
  if (n % 2 == 0) { /* mean of the two middle values */
    double below = -INFINITY;
    for (intptr_t i = 0; i < k; ++i)
      if (v[i] > below)
        below = v[i];
    m = (below + m) / 2;
  }
  *out = m;
  return 1;
}

int std_dev(double *buffer, intptr_t n, double *out, void *user_data) {
  (void)user_data;
  double total = 0.0;
  for (intptr_t i = 0; i < n; ++i)
    total += buffer[i];
  double mean = total / (double)n;
  double squares = 0.0;
  for (intptr_t i = 0; i < n; ++i) {
    double d = buffer[i] - mean;
    squares += d * d;
  }
  *out = sqrt(squares / (double)n);
  return 1;
}

int count_above(double *buffer, intptr_t n, double *out, void *user_data) {
  double threshold = user_data ? *(double *)user_data : 0.5;
  int64_t count = 0;
  for (intptr_t i = 0; i < n; ++i)
    count += buffer[i] > threshold;
  *out = (double)count;
  return 1;
}

int noop_filter(double *buffer, intptr_t n, double *out, void *user_data) {
  (void)buffer, (void)n, (void)user_data;
  *out = 0.0;
  return 1;
}

/* ---- generic_filter1d: int (double *, intptr_t, double *, intptr_t, void *) ---- */

int moving_average(double *iline, intptr_t ilen, double *oline, intptr_t olen, void *user_data) {
  (void)user_data;
  intptr_t width = ilen - olen + 1;
  for (intptr_t i = 0; i < olen; ++i) {
    double s = 0.0;
    for (intptr_t k = 0; k < width; ++k)
      s += iline[i + k];
    oline[i] = s / (double)width;
  }
  return 1;
}

int noop_filter1d(double *iline, intptr_t ilen, double *oline, intptr_t olen, void *user_data) {
  (void)iline, (void)ilen, (void)oline, (void)olen, (void)user_data;
  return 1;
}

/* ---- geometric_transform: int (intptr_t *, double *, int, int, void *) ---- */

int shift(intptr_t *output_coords, double *input_coords, int output_rank, int input_rank,
          void *user_data) {
  (void)output_rank, (void)input_rank;
  const double *d = (const double *)user_data;
  input_coords[0] = (double)output_coords[0] - d[0];
  input_coords[1] = (double)output_coords[1] - d[1];
  return 1;
}

int noop_transform(intptr_t *output_coords, double *input_coords, int output_rank,
                   int input_rank, void *user_data) {
  (void)user_data;
  for (int i = 0; i < input_rank && i < output_rank; ++i)
    input_coords[i] = (double)output_coords[i];
  return 1;
}

/* ---- quad: double (int, double *, void *) ---- */

double damped_wave(int n, double *xx, void *user_data) {
  (void)n, (void)user_data;
  double x = xx[0], a = xx[1], b = xx[2];
  return exp(-a * x * x) * cos(b * x);
}

double noop_integrand(int n, double *xx, void *user_data) {
  (void)n, (void)xx, (void)user_data;
  return 1.0;
}
