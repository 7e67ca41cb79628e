"""Shared helpers of the benchmarks: machine and load notes, percentiles, data files, result files."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "bench"
RESULTS_DIR = BENCH_DIR / "results"
NLU_TRAIN = ROOT / "data" / "nlu.yml"
NLU_HELD_OUT = ROOT / "tests" / "nlu_test.yml"
# the second held-out set (issue 11): query-title / voice / multi-fact style, written unlike the training data
NLU_HELD_OUT_INDEPENDENT = ROOT / "tests" / "nlu_test_independent.yml"
PROJECT_CONFIG = ROOT / "config.yml"
MODEL = ROOT / "models" / "kayou.tar.gz"

logger = logging.getLogger(__name__)


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


def machine() -> dict[str, Any]:
    """What the figures depend on: CPU count and model, Python, and the load when they were taken."""
    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model,
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "loadavg_start": [round(x, 2) for x in load_average()],
    }


def sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return None


def provenance() -> dict[str, Any]:
    """Which code, data and model the figures belong to (read-only git calls; the tree may be dirty)."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "--no-optional-locks", *args], cwd=ROOT, capture_output=True,
                                  text=True, timeout=30).stdout.rstrip()
        except (OSError, subprocess.SubprocessError):
            return ""

    model_mtime = None
    if MODEL.exists():
        model_mtime = datetime.fromtimestamp(MODEL.stat().st_mtime).astimezone().isoformat(timespec="seconds")
    return {
        "git_head": git("rev-parse", "--short", "HEAD"),
        "git_dirty": [line[3:] for line in git("status", "--porcelain").splitlines()
                      if not line[3:].startswith("bench/")],
        "sha256_16": {name: sha256_of(ROOT / name) for name in (
            "data/nlu.yml", "tests/nlu_test.yml", "tests/nlu_test_independent.yml", "config.yml", "domain.yml", "data/rules.yml",
            "data/rules_questions.yml", "data/nlu_topics.yml", "data/stories.yml", "models/kayou.tar.gz")},
        "model_mtime": model_mtime,
    }


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def read_nlu_examples(path: Path) -> list[tuple[str, str]]:
    """(text, intent) pairs of a Rasa NLU YAML file whose examples are plain text (no annotations)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in data["nlu"]:
        if "intent" not in block:
            continue
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                pairs.append((line[2:].strip(), block["intent"]))
    return pairs


def write_nlu_yaml(pairs: list[tuple[str, str]], path: Path) -> Path:
    """Writes (text, intent) pairs as Rasa 3 NLU YAML (intent order kept as first seen)."""
    by_intent: dict[str, list[str]] = {}
    for text, intent in pairs:
        by_intent.setdefault(intent, []).append(text)
    blocks = [
        {"intent": intent, "examples": "".join(f"- {text}\n" for text in texts)}
        for intent, texts in by_intent.items()
    ]

    class _Literal(str):
        pass

    class _Dumper(yaml.SafeDumper):
        pass

    _Dumper.add_representer(_Literal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|"))
    for block in blocks:
        block["examples"] = _Literal(block["examples"])
    path.write_text(
        yaml.dump({"version": "3.1", "nlu": blocks}, Dumper=_Dumper, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return path


def write_result(name: str, payload: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    payload.setdefault("loadavg_end", [round(x, 2) for x in load_average()])
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    logger.info("wrote %s", path.relative_to(ROOT))
    return path


class Stopwatch:
    """`with Stopwatch() as sw: …` then `sw.seconds`."""

    def __enter__(self) -> Stopwatch:
        self._start = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._start


def quiet_rasa_env() -> None:
    """Environment for in-process Rasa work: no telemetry, quiet TensorFlow and SQLAlchemy."""
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
