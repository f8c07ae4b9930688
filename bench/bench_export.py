"""Time every `python -m graph export --format F` against `python -m graph stats` on one graph.

The graph is bench/generate.py's (100,000 triples by default), written once to a temporary
folder. Each command runs as a fresh process, start to exit, several times, alternating
formats so that a busy machine slows all of them alike; the best time counts, and the peak
memory (maximum resident set size) of that run is shown. Prints a Markdown section for
bench/RESULTS.md.

    python bench/bench_export.py [--triples N] [--runs N]
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from graph.defaults import EXPORT_FORMATS  # noqa: E402


def timed(argv):
    """(seconds, peak MB) of one run of ``argv`` in a fresh process, output thrown away."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-export-"))
    try:
        data = folder / "graph.ttl"
        with open(data, "w", encoding="utf-8") as f:
            subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--triples", str(args.triples)],
                           stdout=f, check=True)
        jobs = {"stats": [sys.executable, "-m", "graph", "stats", "--data", str(data)]}
        for fmt in EXPORT_FORMATS:
            jobs[fmt] = [sys.executable, "-m", "graph", "export", "--format", fmt, "--data", str(data), "--out"]
        best, sizes = {}, {}
        for run in range(args.runs):
            for name, argv in jobs.items():
                out = folder / f"out-{name}-{run}"
                result = timed(argv + [str(out)] if name != "stats" else argv)
                if name not in best or result[0] < best[name][0]:
                    best[name] = result
                if out.exists():
                    sizes[name] = sum(p.stat().st_size for p in out.iterdir()) if out.is_dir() else out.stat().st_size
                    shutil.rmtree(out) if out.is_dir() else out.unlink()
        floor = best["stats"][0]
        print(f"### {args.triples:,} triples ({data.stat().st_size / 1e6:.1f} MB of Turtle), best of {args.runs}\n")
        print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}. Each job a fresh process, "
              "start to exit; memory is its peak resident set size.\n")
        print("| job | time | time / stats | peak memory | output |")
        print("|---|---|---|---|---|")
        for name, (seconds, mb) in best.items():
            what = "stats --data" if name == "stats" else f"export --format {name}"
            size = f"{sizes[name] / 1e6:.1f} MB" if name in sizes else "(text report)"
            print(f"| {what} | {seconds:.2f} s | {seconds / floor:.2f} | {mb:.0f} MB | {size} |")
        slowest = max((n for n in best if n != "stats"), key=lambda n: best[n][0])
        print(f"\nThe slowest export, {slowest}, takes {best[slowest][0] / floor:.2f} of the time of stats.")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
