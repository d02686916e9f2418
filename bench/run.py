"""Run the llcc benchmark suite and write bench/results.md and bench/results.png.

    /usr/bin/python3 bench/run.py [--quick] [--llcc build/cli/llcc]
                                  [--llcc-baseline OTHER_LLCC] [--skip-latency]

(`bash scripts/bench.sh` builds llcc and runs this.) Every row of a case is
timed in the same process, interleaved round by round, so a busy machine
slows all rows alike; the table quotes medians and each row's ratio to the
hand-written C callback. Results are checked against the C reference before
any time is reported.
"""
import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import cases as suite  # noqa: E402
import latency  # noqa: E402

ORDER = ["C reference", "llcc", suite.WHOLE, suite.WHOLE2, "numba",
         "SciPy native", "Python", "no-op C"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def version_of(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True).stdout
        return out.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def same(result, expected):
    result, expected = np.asarray(result), np.asarray(expected)
    if result.shape != expected.shape:
        return False, "shape"
    if np.array_equal(result, expected):
        return True, "identical"
    diff = np.max(np.abs(result - expected))
    scale = max(1.0, float(np.max(np.abs(expected))))
    return bool(diff <= 1e-9 * scale), f"max diff {diff:.1e}"


def run_case(case, repeats):
    """Times every runnable implementation; returns {name: (median s, check)}."""
    runnable = [impl for impl in case.impls if impl.run is not None]
    expected = None
    checks = {}
    times = {impl.name: [] for impl in runnable}
    # Warm-up run: compiles numba's lazy parts, faults pages in, and gives
    # the result to check.
    for impl in runnable:
        start = time.perf_counter()
        result = impl.run()
        first = time.perf_counter() - start
        if impl.name == "C reference":
            expected = result
            checks[impl.name] = "reference"
        elif impl.check is False:
            checks[impl.name] = "-"
        else:
            want = expected if impl.check is None else impl.check(result)
            ok, how = same(result, want)
            checks[impl.name] = ("ok" if ok else "MISMATCH") + f" ({how})"
        if impl.repeats == 1:
            times[impl.name].append(first)
    for r in range(repeats):
        # Rotate the order each round, so no row always runs first.
        for impl in runnable[r % len(runnable):] + runnable[:r % len(runnable)]:
            if impl.repeats is not None and len(times[impl.name]) >= impl.repeats:
                continue
            start = time.perf_counter()
            impl.run()
            times[impl.name].append(time.perf_counter() - start)
    return {impl.name: (statistics.median(times[impl.name]) * impl.scale, checks[impl.name],
                        len(times[impl.name]),
                        (max(times[impl.name]) - min(times[impl.name])) /
                        statistics.median(times[impl.name]))
            for impl in runnable}


def fmt_time(seconds):
    if seconds is None:
        return "n/a"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def fmt_ratio(r):
    if r is None:
        return "n/a"
    return f"{r:.2f}×" if r < 10 else f"{r:.0f}×"


def write_chart(path, summary):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = ["llcc", suite.WHOLE, "numba", "SciPy native", "no-op C", "Python"]
    colours = ["#1f77b4", "#17becf", "#ff7f0e", "#2ca02c", "#7f7f7f", "#d62728"]
    titles = [title for title, _ in summary]
    fig, ax = plt.subplots(figsize=(9, 0.75 * len(titles) + 1.5))
    height = 0.8 / len(names)
    for k, (name, colour) in enumerate(zip(names, colours)):
        ys, xs = [], []
        for i, (_, ratios) in enumerate(summary):
            r = ratios.get(name)
            if r is not None:
                ys.append(i + (k - (len(names) - 1) / 2) * height)
                xs.append(r)
        ax.barh(ys, xs, height=height, color=colour, label=name)
    ax.axvline(1.0, color="black", linewidth=1)
    ax.set_xscale("log")
    ax.set_yticks(range(len(titles)))
    ax.set_yticklabels(titles, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("time relative to the hand-written C callback (gcc -O3), log scale; "
                  "1 = C, lower is faster")
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(axis="x", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="small images and few repeats (a CI smoke test, seconds not minutes)")
    parser.add_argument("--llcc", default=os.path.join(ROOT, "build", "cli", "llcc"))
    parser.add_argument("--llcc-baseline", help="another llcc binary to time in the latency table")
    parser.add_argument("--repeats", type=int, help="timed runs per row (default 5, quick 2)")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--cases", help="comma-separated case keys to run (min_cross, contrast, "
                        "median, std, count_above, moving_average, shift, damped_wave); "
                        "default all")
    parser.add_argument("--skip-rows", default="",
                        help="comma-separated implementations not to time (e.g. "
                        "'Python,numba' for a quick look at the kernels)")
    parser.add_argument("--out", help="where results.md and results.png go (default bench/, "
                        "or build/bench-quick/ with --quick)")
    args = parser.parse_args()
    if args.out is None:
        args.out = os.path.join(ROOT, "build", "bench-quick") if args.quick else HERE

    n, crop, quad_calls = (256, 48, 100) if args.quick else (2048, 192, 1000)
    repeats = args.repeats or (2 if args.quick else 5)
    lat_runs, lat_slow = (5, 2) if args.quick else (20, 10)

    started = datetime.datetime.now(datetime.timezone.utc)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="llcc-bench-") as work:
        log(f"building the suite ({n}x{n} images) ...")
        cases, sources = suite.build_suite(args.llcc, work, n, crop, quad_calls)
        if args.cases:
            keys = args.cases.split(",")
            cases = [case for case in cases if case.key in keys]
        skipped = set(filter(None, args.skip_rows.split(",")))
        for case in cases:
            for impl in case.impls:
                if impl.name in skipped and impl.name != "C reference":
                    impl.run, impl.note = None, "not run (--skip-rows)"
        results = []
        for case in cases:
            log(f"case {case.title} ...")
            results.append((case, run_case(case, repeats)))
        lat_rows = [] if args.skip_latency else latency.measure(
            args.llcc, work, lat_runs, lat_slow, args.llcc_baseline, log)
    finished = datetime.datetime.now(datetime.timezone.utc)

    lines = []
    w = lines.append
    w("# llcc benchmarks")
    w("")
    w("Generated by `bash scripts/bench.sh`" + (" `--quick`" if args.quick else "") +
      " (bench/run.py); do not edit by hand: everything after the per-case tables (the "
      "explanations and the dated measurements of single rows) comes from bench/notes.md, "
      "where new sections go.")
    w("")
    w(f"- Date: {started:%Y-%m-%d %H:%M} UTC, {(finished - started).total_seconds():.0f} s")
    w(f"- Machine: {cpu_model()}, {os.cpu_count()} cores (shared; load average "
      f"{load:.2f} at the start), Linux {platform.release()}")
    w(f"- {version_of([args.llcc, '--version'])}; {version_of(['gcc', '--version'])}; "
      f"Python {platform.python_version()}, NumPy {np.__version__}, "
      f"SciPy {__import__('scipy').__version__}, numba {__import__('numba').__version__}")
    w(f"- Images: {n}×{n} float64, uniform random in [0, 1); every row of a case runs "
      f"{repeats} times (after a warm-up run that is also checked against the C reference), "
      "interleaved with the other rows (the order rotating each round); times are medians, "
      "spread is half the max-min range relative to the median. Python rows run once on a "
      f"{crop}×{crop} crop and are scaled by the pixel ratio ({(n / crop) ** 2:.0f}×).")
    w("- C reference: bench/reference.c, `gcc -O3 -march=native`; llcc uses its default "
      "`-O2 --cpu native`; numba compiles for the host CPU too.")
    w("")

    summary = []
    w("## Summary: time relative to the hand-written C callback")
    w("")
    w("| case | C reference | llcc | llcc whole-array | ×2 threads | numba | SciPy native "
      "| Python | no-op C |")
    w("|---|---|---|---|---|---|---|---|---|")
    for case, res in results:
        c = res["C reference"][0]
        ratios = {name: res[name][0] / c for name in res}
        summary.append((case.title, ratios))
        cells = [fmt_time(c)] + [fmt_ratio(ratios.get(name)) for name in ORDER[1:]]
        w(f"| {case.title} | " + " | ".join(cells) + " |")
    w("")
    w("![ratios](results.png)")
    w("")

    # Issue 14's measure of the whole-array entry points: how many times
    # faster than SciPy's own entry point calling the same llcc callback.
    w("## llcc's whole-array entry points against SciPy with the same llcc callback")
    w("")
    w("| case | SciPy + llcc callback | llcc whole-array, 1 thread | times faster | 2 threads "
      "| times faster |")
    w("|---|---|---|---|---|---|")
    for case, res in results:
        if "llcc" not in res or suite.WHOLE not in res:
            continue
        cb = res["llcc"][0]
        one, two = res[suite.WHOLE][0], res.get(suite.WHOLE2, (None,))[0]
        cells = [fmt_time(cb), fmt_time(one), f"{cb / one:.1f}×",
                 fmt_time(two) if two else "n/a", f"{cb / two:.1f}×" if two else "n/a"]
        w(f"| {case.title} | " + " | ".join(cells) + " |")
    w("")

    w("## Each case")
    for case, res in results:
        c = res["C reference"][0]
        w("")
        w(f"### {case.title}")
        w("")
        w("| implementation | time (median) | × C | runs | spread | result | note |")
        w("|---|---|---|---|---|---|---|")
        for impl in case.impls:
            if impl.name in res:
                t, check, runs, spread = res[impl.name]
                w(f"| {impl.name} | {fmt_time(t)} | {fmt_ratio(t / c)} | {runs} | "
                  f"{'' if runs < 2 else f'±{spread * 50:.0f}%'} | {check} | {impl.note} |")
            else:
                w(f"| {impl.name} | n/a | n/a | | | | {impl.note} |")
        errors = sources.errors.get(case.key)
        if errors:
            w("")
            w("llcc could not compile: " + "; ".join(f"`{e}`" for e in errors))

    if lat_rows:
        w("")
        w("## Compile latency: one small function, a cold process per compile")
        w("")
        w(latency.__doc__.split("\n\n", 1)[1].strip())
        w("")
        w("| compile | median | min | runs | note |")
        w("|---|---|---|---|---|")
        for name, med, mn, runs, note in lat_rows:
            if med is None:
                w(f"| {name} | n/a | n/a | | {note} |")
            else:
                w(f"| {name} | {med:.1f} ms | {mn:.1f} ms | {runs} | {note} |")

    slower = [(case.title, res["llcc"][0] / res["C reference"][0])
              for case, res in results if "llcc" in res]
    w("")
    w("## Where llcc stands against C")
    w("")
    for title, r in slower:
        if r > 1.10:
            w(f"- {title}: llcc is {r:.2f}× the C time ({(r - 1) * 100:.0f}% slower).")
        elif r < 0.90:
            w(f"- {title}: llcc is {r:.2f}× the C time ({(1 - r) * 100:.0f}% faster).")
        else:
            w(f"- {title}: within 10% of C ({r:.2f}×).")
    for case, res in results:
        if "llcc" not in res:
            note = next(i.note for i in case.impls if i.name == "llcc")
            w(f"- {case.title}: no llcc row, {note}.")
    notes = os.path.join(HERE, "notes.md")
    if os.path.exists(notes):
        w("")
        with open(notes) as f:
            w(f.read().rstrip())

    os.makedirs(args.out, exist_ok=True)
    md = os.path.join(args.out, "results.md")
    with open(md, "w") as f:
        f.write("\n".join(lines) + "\n")
    write_chart(os.path.join(args.out, "results.png"), summary)
    print("\n".join(lines))
    log(f"wrote {md} and results.png")
    bad = [(case.title, name) for case, res in results for name, (_, check, _, _) in res.items()
           if check.startswith("MISMATCH")]
    if bad:
        log("MISMATCHED RESULTS: " + ", ".join(f"{t}: {n}" for t, n in bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
