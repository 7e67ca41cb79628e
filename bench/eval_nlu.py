"""Intent understanding on text nobody on the team wrote (issue 19, "Measure"), beside three baselines.

Run from the repository root:  .venv/bin/python -m bench.eval_nlu

Sets (bench/eval/, see bench/eval/README.md for sources and rules):
- ``dev``      real cardholder questions from public pages, development half: every miss is listed;
- ``sealed``   the other half: only aggregate figures are printed or written, never a sentence;
- ``chatter``  messages from other domains (public corpora): the share taken as a card question;
- ``independent`` tests/nlu_test_independent.yml (the team's own set, for comparison);
- ``*_typo``   dev, sealed and independent with one same-pinyin homophone per sentence
  (bench/eval/typo.py): the drop in macro-F1.

Systems, all trained in the same run on the NLU files of data/ (every file with an ``nlu:`` key):
- ``project``     config.yml, through the whole Rasa NLU pipeline (TextNormalizer, DistressGuard and the
                  FallbackClassifier count: nlu_fallback is wrong for a card question and "not a card
                  question" for chatter);
- ``stock_diet``  bench/config_stock_zh.yml on defaults (300 epochs), cached by fingerprint under
                  bench/results/cache/eval/; ``--stock-epochs N`` trains a quick look that is labelled as
                  such and never cached or recorded as the baseline;
- ``lr_words``    TF-IDF over jieba words + logistic regression (bench.accuracy.tfidf_lr_fit_predict);
- ``lr_chars``    TF-IDF over character 1–3-grams + logistic regression.
Plus 5-fold cross-validation of the training data (project and both LR baselines; stock DIET with
``--stock-cv``, 5 × 300 epochs).

Scores: macro-F1 over the intents present in the gold labels, ``other_card`` excluded (its items are
scored separately as the share not answered with a card topic); accuracy on the labelled items.

Options: ``--model PATH`` scores an already trained project model (no retraining); ``--no-stock``;
``--no-cv``; ``--train-stock`` only trains and caches the stock baseline (to start it early, in the
background). Writes bench/records/<date>/eval_nlu[-<tag>].json and prints a markdown table.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bench.accuracy import (
    FALLBACK_INTENT,
    STOCK_CONFIG,
    JiebaWords,
    intent_scores,
    run_worker,
    stratified_folds,
    tfidf_lr_fit_predict,
)
from bench.common import (
    BENCH_DIR,
    NLU_HELD_OUT_INDEPENDENT,
    PROJECT_CONFIG,
    RESULTS_DIR,
    ROOT,
    Stopwatch,
    load_average,
    machine,
    provenance,
    quiet_rasa_env,
    read_nlu_examples,
    write_nlu_yaml,
)

logger = logging.getLogger("bench.eval_nlu")

EVAL_DIR = BENCH_DIR / "eval"
DEV = EVAL_DIR / "dev.yml"
SEALED = EVAL_DIR / "sealed.yml"
CHATTER = EVAL_DIR / "chatter.yml"
DATA_DIR = ROOT / "data"
STOCK_CACHE = RESULTS_DIR / "cache" / "eval"
RECORDS = BENCH_DIR / "records"
OTHER_CARD = "other_card"
SEED = 42

# A reply to any intent outside this list is card content: the message was "taken as a card question".
NOT_CARD_INTENTS = frozenset({
    "out_of_scope", FALLBACK_INTENT, "greet", "goodbye", "thanks", "bot_challenge", "affirm", "deny",
})


def taken_as_card(intent: str | None) -> bool:
    return intent is not None and intent not in NOT_CARD_INTENTS


# ---------------------------------------------------------------------------------------------
# training data: every NLU file of data/


def nlu_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """The files of data/ that hold NLU examples (rules and stories are not training data of NLU)."""
    files = []
    for path in sorted(data_dir.glob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if isinstance(content, dict) and content.get("nlu"):
            files.append(path)
    return files


def snapshot_training_data(dest: Path, data_dir: Path = DATA_DIR) -> Path:
    """A copy of the NLU files (the working tree may change during a long run)."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in nlu_files(data_dir):
        shutil.copyfile(path, dest / path.name)
    return dest


def training_pairs(nlu_dir: Path) -> list[tuple[str, str]]:
    """(text, intent) of every example, entity annotations removed (Rasa's own reader)."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(nlu_dir), language="zh")
    return [(ex.get("text"), ex.get("intent")) for ex in data.intent_examples]


def stock_fingerprint(nlu_dir: Path) -> str:
    import rasa

    digest = hashlib.sha256()
    digest.update(rasa.__version__.encode())
    digest.update(STOCK_CONFIG.read_bytes())
    for path in sorted(nlu_dir.glob("*.yml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_stock(nlu_dir: Path) -> tuple[Path, dict[str, Any]] | None:
    fp = stock_fingerprint(nlu_dir)
    model, meta = STOCK_CACHE / f"stock_diet-{fp}.tar.gz", STOCK_CACHE / f"stock_diet-{fp}.json"
    if model.exists() and meta.exists():
        return model, json.loads(meta.read_text(encoding="utf-8"))
    return None


def train_stock(nlu_dir: Path, epochs: int | None, out_dir: Path) -> tuple[Path, dict[str, Any]]:
    """Trains the stock pipeline in this process; on defaults (epochs None) the model is cached."""
    quiet_rasa_env()
    os.environ["RASA_MAX_CACHE_SIZE"] = "0"
    from rasa.model_training import train_nlu

    config = STOCK_CONFIG
    if epochs is not None:
        content = yaml.safe_load(STOCK_CONFIG.read_text(encoding="utf-8"))
        for component in content["pipeline"]:
            if component["name"] == "DIETClassifier":
                component["epochs"] = epochs
        config = out_dir / "config_stock_quick.yml"
        out_dir.mkdir(parents=True, exist_ok=True)
        config.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    load = load_average()
    with Stopwatch() as sw:
        model = Path(train_nlu(str(config), str(nlu_dir), str(out_dir), fixed_model_name="stock_diet"))
    meta = {"train_seconds": round(sw.seconds, 1), "trained_at": machine()["date"],
            "epochs": epochs or "default (300)", "train_loadavg_start": [round(x, 2) for x in load],
            "train_loadavg_end": [round(x, 2) for x in load_average()]}
    if epochs is None:
        fp = stock_fingerprint(nlu_dir)
        STOCK_CACHE.mkdir(parents=True, exist_ok=True)
        target = STOCK_CACHE / f"stock_diet-{fp}.tar.gz"
        shutil.move(str(model), target)
        (STOCK_CACHE / f"stock_diet-{fp}.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        model = target
    return model, meta


def main_train_stock() -> None:
    with tempfile.TemporaryDirectory(prefix="kayou-eval-stock-") as tmp:
        nlu_dir = snapshot_training_data(Path(tmp) / "data")
        if cached_stock(nlu_dir):
            print(f"stock model cached already ({stock_fingerprint(nlu_dir)})")
            return
        model, meta = train_stock(nlu_dir, None, Path(tmp) / "out")
        print(f"stock model trained: {model.relative_to(ROOT)} {meta}")


if __name__ == "__main__" and "--train-stock" in sys.argv:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    main_train_stock()
