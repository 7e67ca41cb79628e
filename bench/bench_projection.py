"""Benchmark: a 24-month overdue projection (target < 5 ms per projection).

Run from the repository root:  .venv/bin/python -m bench.bench_projection [--number N] [--repeat R]
Prints one line per scenario: best and median time per call in milliseconds. Not a test: timings depend
on the machine and its load.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import timeit
from collections.abc import Callable
from datetime import date

from bot.finance import get_schedule, project_minimum_only, project_overdue

TARGET_MS = 5.0
TODAY = date(2024, 6, 1)
SCENARIOS: dict[str, Callable[[], object]] = {
    "project_overdue 10000 元, 720 days (24 statements), default schedule":
        lambda: project_overdue(10000, 720, today=TODAY),
    "project_overdue 52000 元, 720 days, 工商银行 (fee cap)":
        lambda: project_overdue(52000, 720, bank="工商银行", today=TODAY),
    "project_overdue 10000 元, 720 days + to_dict()":
        lambda: project_overdue(10000, 720, today=TODAY).to_dict(),
    "project_minimum_only 10000 元, 24 months":
        lambda: project_minimum_only(10000, 24),
}


def run(number: int, repeat: int) -> dict[str, tuple[float, float]]:
    """{scenario: (best ms, median ms)} per call."""
    get_schedule(None)  # load banks.yml once, outside the timings
    results = {}
    for name, call in SCENARIOS.items():
        runs = timeit.repeat(call, number=number, repeat=repeat)
        per_call = [total / number * 1000 for total in runs]
        results[name] = (min(per_call), statistics.median(per_call))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=200, help="calls per timing run")
    parser.add_argument("--repeat", type=int, default=5, help="timing runs")
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cpus, "
          f"{args.repeat} runs x {args.number} calls")
    failed = False
    for name, (best, median) in run(args.number, args.repeat).items():
        verdict = "ok" if median < TARGET_MS else "SLOW"
        failed |= median >= TARGET_MS
        print(f"{best:8.3f} ms best {median:8.3f} ms median  [{verdict} < {TARGET_MS} ms]  {name}")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
