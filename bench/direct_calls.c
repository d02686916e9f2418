/* direct_calls.c - time two callbacks of bench/ by calling them straight from C.
 *
 * Through SciPy, quad's integrand and generic_filter1d's callback share each
 * call with SciPy's own work (the no-op C callback is half the quad row and
 * 0.7x the moving-average row), so a few percent of the callback hide in
 * noise. This driver loads each library given (llcc's .so files and the C
 * reference built from bench/reference.c) and calls its function directly:
 *
 *   gcc -O2 bench/direct_calls.c -o /tmp/direct_calls -ldl
 *   /tmp/direct_calls quad ref.so main.so new.so   # damped_wave, 2,000,000 calls
 *   /tmp/direct_calls ma ref.so main.so new.so     # moving_average, 2048 outputs a call
 *
 * The libraries take turns (rotating) for 41 rounds; it prints the median
 * and the least thread CPU time per call (quad) or per output (ma).
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef double (*integrand)(int, double *, void *);
typedef int (*filter1d)(double *, intptr_t, double *, intptr_t, void *);

enum { Rounds = 41, MaxLibs = 8, Width = 11, Line = 2048 };

static double cpuNow(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int byValue(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* One round of one library: nanoseconds per call or per output. */
static double quadRound(void *fn) {
  double xx[3] = {0.0, 0.7, 3.0}, sum = 0.0;
  const int calls = 2000000;
  double start = cpuNow();
  for (int k = 0; k < calls; ++k) {
    xx[0] = (k % 1000) * 0.005; /* quad's points span [0, 5] */
    sum += ((integrand)fn)(3, xx, NULL);
  }
  double ns = (cpuNow() - start) / calls * 1e9;
  volatile double sink = sum;
  (void)sink;
  return ns;
}

static double maRound(void *fn) {
  static double in[Line + Width - 1], out[Line];
  for (int k = 0; k < Line + Width - 1; ++k)
    in[k] = (k * 7919 % 1000) / 1000.0;
  const int calls = 2000;
  double start = cpuNow();
  for (int k = 0; k < calls; ++k)
    ((filter1d)fn)(in, Line + Width - 1, out, Line, NULL);
  return (cpuNow() - start) / calls / Line * 1e9;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc - 2 > MaxLibs || (strcmp(argv[1], "quad") && strcmp(argv[1], "ma"))) {
    fprintf(stderr, "usage: %s quad|ma LIB.so...\n", argv[0]);
    return 2;
  }
  int quad = !strcmp(argv[1], "quad"), n = argc - 2;
  void *fn[MaxLibs];
  double times[MaxLibs][Rounds];
  for (int i = 0; i < n; ++i) {
    void *lib = dlopen(argv[i + 2], RTLD_NOW | RTLD_LOCAL);
    fn[i] = lib ? dlsym(lib, quad ? "damped_wave" : "moving_average") : NULL;
    if (!fn[i]) {
      fprintf(stderr, "%s: %s\n", argv[i + 2], lib ? "no such function" : dlerror());
      return 1;
    }
  }
  for (int r = 0; r < Rounds; ++r)
    for (int j = 0; j < n; ++j) {
      int i = (j + r) % n;
      times[i][r] = quad ? quadRound(fn[i]) : maRound(fn[i]);
    }
  for (int i = 0; i < n; ++i) {
    qsort(times[i], Rounds, sizeof(double), byValue);
    printf("%-44s median %7.3f ns  least %7.3f ns  %s\n", argv[i + 2], times[i][Rounds / 2],
           times[i][0], quad ? "per call" : "per output");
  }
  return 0;
}
