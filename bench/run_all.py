"""Every benchmark of 卡友助手, one after the other (`make bench`); prints a summary.

Run from the repository root:  .venv/bin/python -m bench.run_all [--quick] [--only NAME ...]

- projection: bench/bench_projection.py (24-month overdue projection, in this process)
- latency:    bench/latency.py (real servers over loopback; REST, WeChat, RSS, 2 workers, training time)
- accuracy:   bench/accuracy.py (held-out set, 5-fold CV, slots, two baselines, confusion matrix)

Each writes bench/results/<name>.json; nothing else is changed (bench/RESULTS.md and the README's
"Measured" table are updated by hand from these files, with date, command and load). --quick runs a
short version of each (a few minutes). The exit status is 1 when a benchmark could not run; missed
targets are reported in the summary, not as a failure.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import time

from bench.common import RESULTS_DIR, ROOT, load_average, machine, write_result

logger = logging.getLogger("bench.run_all")

BENCHMARKS = ("projection", "latency", "accuracy")
# upper bounds of one benchmark's subprocess (the full stock-baseline training included)
TIMEOUT_S = {"latency": 30 * 60, "accuracy": 60 * 60}


def run_projection(quick: bool) -> dict:
    from bench import bench_projection

    number, repeat = (50, 3) if quick else (200, 5)
    timings = bench_projection.run(number, repeat)
    return {
        "benchmark": "projection", "machine": machine(), "calls_per_run": number, "runs": repeat,
        "target_ms": bench_projection.TARGET_MS,
        "scenarios": {name: {"best_ms": round(b, 3), "median_ms": round(m, 3)} for name, (b, m) in timings.items()},
    }


def run_module(name: str, quick: bool) -> bool:
    cmd = [sys.executable, "-m", f"bench.{name}"] + (["--quick"] if quick else [])
    logger.info("running %s", " ".join(cmd[1:]))
    try:
        proc = subprocess.run(cmd, cwd=ROOT, timeout=TIMEOUT_S[name])
    except subprocess.TimeoutExpired:
        logger.error("%s did not finish within %d s", name, TIMEOUT_S[name])
        return False
    return proc.returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run of every benchmark")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, help="run only these")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    os.chdir(ROOT)
    wanted = args.only or list(BENCHMARKS)
    started = time.perf_counter()
    load0 = load_average()
    failed = []
    for name in wanted:
        if name == "projection":
            write_result("projection", run_projection(args.quick))
        elif not run_module(name, args.quick):
            failed.append(name)

    from bench import accuracy, latency

    lines = [f"\n== 卡友助手 benchmarks ({'quick' if args.quick else 'full'}) — "
             f"{time.perf_counter() - started:.0f} s, load average {load0[0]:.2f} → {load_average()[0]:.2f} "
             f"on {os.cpu_count()} cpus =="]
    for name in wanted:
        path = RESULTS_DIR / f"{name}.json"
        if name in failed or not path.exists():
            lines.append(f"{name}: FAILED (see the log above)")
            continue
        result = json.loads(path.read_text(encoding="utf-8"))
        if name == "projection":
            lines.append("projection (per call, target < 5 ms)")
            lines += [f"  {s['median_ms']:7.3f} ms median  {n}" for n, s in result["scenarios"].items()]
        elif name == "latency":
            lines += latency.summary(result)
        else:
            lines += accuracy.summary(result)
    print("\n".join(lines))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
