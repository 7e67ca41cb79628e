"""Where a turn's CPU goes in the Rasa server: py-spy samples under REST load, grouped by stage.

Run from the repository root:  .venv/bin/python -m bench.profile_server [--concurrency 8] [--seconds 20]

py-spy is not a project dependency; install it outside .venv, e.g.
`.venv/bin/python -m pip install --target /tmp/pyspy py-spy`, then `PY_SPY=/tmp/pyspy/bin/py-spy`
(or have `py-spy` on PATH). Starts the servers as bench/latency.py does, warms up, samples the Rasa
server and the action server at 200 Hz while `--concurrency` conversations run, and writes the raw
collapsed stacks (flamegraph input) plus bench/results/profile.json with the share of the Rasa
server's busy main-thread samples per stage. Bounded by --seconds.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.common import RESULTS_DIR, ROOT, machine, write_result
from bench.latency import Phase, rest_load, start_bot, warm_up

logger = logging.getLogger("bench.profile_server")

# (stage, a frame that marks it); the first match in this order wins for a sample
STAGES = [
    ("action server response check (prebuilt jsonschema validator)", "_validate_action_result (rasa/core/actions/action.py"),
    ("tracker store: save", "save_tracker (rasa/core/processor.py"),
    ("tracker store: load", "fetch_tracker_and_update_session (rasa/core/processor.py"),
    ("tracker store: load", "get_tracker (rasa/core/processor.py"),
    ("NLU parse (jieba, extractor, featurizers, DIET)", "parse_message (rasa/core/processor.py"),
    ("policies: rules, memoization, graph runner", "_predict_next_with_tracker (rasa/core/processor.py"),
    ("remote action call (HTTP, events)", "run (rasa/core/actions/action.py"),
    ("other work inside handle_message", "handle_message (rasa/core/processor.py"),
    ("HTTP server, channel, event loop", ""),
]
# the main thread's stacks start at `rasa`'s entry point, or at runpy when started as `python -m bot.serve rasa`
# (as bench.latency does since bot/serve.py exists: with the old root alone every sample was dropped)
MAIN_THREAD_ROOTS = ("<module> (rasa", "_run_module_as_main (runpy")


def py_spy() -> str | None:
    return os.environ.get("PY_SPY") or shutil.which("py-spy")


def stage_shares(raw: Path) -> dict[str, Any]:
    counts: Counter = Counter()
    main = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack.startswith(MAIN_THREAD_ROOTS):
            continue
        n = int(n)
        main += n
        for stage, marker in STAGES:
            if marker in stack:
                counts[stage] += n
                break
    return {"main_thread_samples": main,
            "share": {stage: round(c / main, 3) for stage, c in counts.most_common()} if main else {}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    spy = py_spy()
    if spy is None:
        raise SystemExit("py-spy not found: `.venv/bin/python -m pip install --target /tmp/pyspy py-spy` "
                         "and PY_SPY=/tmp/pyspy/bin/py-spy")
    os.chdir(ROOT)
    out_dir = RESULTS_DIR / "profile"
    out_dir.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"benchmark": "profile", "machine": machine(), "concurrency": args.concurrency}
    spy_env = dict(os.environ, PYTHONPATH=str(Path(spy).resolve().parents[1]))
    with tempfile.TemporaryDirectory(prefix="kayou-bench-prof-") as tmp:
        bot = start_bot(Path(tmp))
        try:
            warm_up(bot.url)
            recorders = {
                name: subprocess.Popen(
                    [spy, "record", "--pid", str(server.proc.pid), "-d", str(args.seconds), "-r", "200",
                     "--nonblocking", "--format", "raw", "-o", str(out_dir / f"{name}.collapsed.txt")],
                    env=spy_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                for name, server in (("rasa", bot.rasa), ("actions", bot.actions))
            }
            time.sleep(1.0)
            load = Phase("profiled", args.concurrency, 100_000, args.seconds + 2)
            result["load"] = asyncio.run(rest_load(bot.url, load, "prof")).summary()
            for proc in recorders.values():
                proc.wait(timeout=args.seconds + 60)
        finally:
            bot.stop()
    result["rasa"] = stage_shares(out_dir / "rasa.collapsed.txt")
    action_lines = (out_dir / "actions.collapsed.txt").read_text(errors="replace").splitlines()
    busy = sum(int(line.rpartition(" ")[2]) for line in action_lines if re.search(r"handle_request", line))
    # the action server's share of one core spent handling requests (the rest is its event loop waiting)
    result["actions_busy_share"] = round(busy / (args.seconds * 200), 3)
    result["raw"] = [str(p.relative_to(ROOT)) for p in sorted(out_dir.glob("*.collapsed.txt"))]
    write_result("profile", result)
    turns_per_s = result["load"]["turns_per_s"]
    print(f"{args.concurrency} conversations: {turns_per_s} turns/s, p50 {result['load']['p50_ms']} ms "
          f"(load {result['load']['loadavg_end'][0]})")
    print(f"Rasa server main thread ({result['rasa']['main_thread_samples']} samples):")
    for stage, share in result["rasa"]["share"].items():
        print(f"  {share * 100:5.1f}%  {stage}")
    print(f"action server busy {result['actions_busy_share'] * 100:.1f}% of one core")


if __name__ == "__main__":
    main()
