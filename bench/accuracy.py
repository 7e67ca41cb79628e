"""Accuracy: intents on the held-out set and by 5-fold cross-validation, slots, against two baselines.

Run from the repository root:  .venv/bin/python -m bench.accuracy [--quick] [--retrain-baselines]

Systems, all trained on data/nlu.yml only and evaluated on two held-out sets (never trained on):
tests/nlu_test.yml (written by the same hands as the training data) and tests/nlu_test_independent.yml
(written differently: search-query titles, voice-style run-on text, several facts and a question).
- ``project``: config.yml (jieba + user dictionary, ChineseSlotExtractor, word + char n-gram counts,
  DIET without transformer layers, FallbackClassifier). Scored as deployed (a message below the
  fallback threshold counts as wrong) and as classifier only (DIET's best intent, fallback ignored).
- ``stock_diet``: bench/config_stock_zh.yml, Rasa's stock Chinese pipeline on defaults.
- ``tfidf_lr``: TF-IDF over jieba tokens (plain jieba, word 1–2-grams) + logistic regression,
  C chosen by an inner 5-fold CV on the training data only; ``tfidf_lr_userdict`` is the same with
  the project's jieba dictionary.

Each Rasa pipeline is trained and run in its own subprocess (Rasa's JiebaTokenizer loads user
dictionaries into jieba's global tokenizer, which would leak the project's dictionary into the stock
baseline), with Rasa's training cache disabled so that training times are real.

The stock baseline needs 300 DIET epochs (10–20 min on 2 cores). Its model is kept in
bench/results/cache/ under a fingerprint of (Rasa version, its config, data/nlu.yml) and reused while
those are unchanged (with its seed fixed, a retrain gives the same model); --retrain-baselines forces
a retrain. Its training time is the one measured when it was trained (recorded with date and load).

--quick: held-out sets only, the shipped models/kayou.tar.gz for the project (no training), the stock
baseline only if cached, no cross-validation. --no-cv skips the cross-validation only; --no-stock skips
the stock baseline (when it is not cached it costs 300 DIET epochs, ≈ 25 min).

The project's fallback threshold is swept from the same predictions (DIET's top two confidences): the
FallbackClassifier turns a message into nlu_fallback when the top confidence is below the threshold or
the top two are closer than the ambiguity threshold.

Writes bench/results/accuracy.json and bench/results/confusion.png; prints a summary.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.common import (
    BENCH_DIR,
    MODEL,
    NLU_HELD_OUT,
    NLU_HELD_OUT_INDEPENDENT,
    NLU_TRAIN,
    PROJECT_CONFIG,
    RESULTS_DIR,
    ROOT,
    Stopwatch,
    load_average,
    machine,
    provenance,
    quiet_rasa_env,
    read_nlu_examples,
    sha256_of,
    write_nlu_yaml,
    write_result,
)

logger = logging.getLogger("bench.accuracy")

STOCK_CONFIG = BENCH_DIR / "config_stock_zh.yml"
SLOTS_GOLD = BENCH_DIR / "slots_gold.yml"
CACHE_DIR = RESULTS_DIR / "cache"
LOG_DIR = RESULTS_DIR / "logs"
JIEBA_DICT_DIR = ROOT / "data" / "jieba"
FALLBACK_INTENT = "nlu_fallback"
# the slots of CONTRACT §1; other entity types (e.g. an amount without a role) are not scored
SLOT_ENTITIES = (
    "bank", "debt_amount", "overdue_days", "monthly_income", "monthly_expenses", "monthly_budget",
    "installments",
)
FOLDS = 5
SEED = 42
TARGET_MACRO_F1 = 0.95
# a Rasa worker (training + predictions) may not run longer than this
WORKER_TIMEOUT_S = 45 * 60
THRESHOLDS = (0.0, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
HELD_OUT_SETS = {"same_hands": NLU_HELD_OUT, "independent": NLU_HELD_OUT_INDEPENDENT}


# ---------------------------------------------------------------------------------------------
# worker: runs in a subprocess, trains (or loads) one Rasa pipeline and predicts


def _worker(spec_path: Path) -> None:
    """Each job: train `config` on `train` (unless `model` is given), then parse `texts`."""
    quiet_rasa_env()
    # a disabled cache: every component is really trained, so the training time is real
    os.environ["RASA_MAX_CACHE_SIZE"] = "0"
    os.chdir(ROOT)  # config.yml names data/jieba relative to the project root
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    results = []
    for job in spec["jobs"]:
        train_seconds = None
        model = job.get("model")
        if model is None:
            load = load_average()
            with Stopwatch() as sw:
                model = train_nlu(job["config"], job["train"], job["out_dir"], fixed_model_name=job["name"])
            train_seconds = sw.seconds
            logger.info("%s trained in %.1f s", job["name"], train_seconds)
        agent = Agent.load(model)

        async def parse_all(agent: Any, texts: list[str]) -> list[dict[str, Any]]:
            out = []
            for text in texts:
                parsed = await agent.parse_message(text)
                ranking = [r for r in parsed.get("intent_ranking") or [] if r["name"] != FALLBACK_INTENT]
                out.append({
                    "intent": (parsed.get("intent") or {}).get("name"),
                    "classifier_intent": ranking[0]["name"] if ranking else None,
                    "top_confidences": [round(float(r["confidence"]), 4) for r in ranking[:2]],
                    "entities": [
                        {"entity": e["entity"], "value": e["value"]} for e in parsed.get("entities") or []
                    ],
                })
            return out

        with Stopwatch() as sw:
            predictions = asyncio.run(parse_all(agent, job["texts"]))
        results.append({
            "name": job["name"],
            "model": str(model),
            "train_seconds": train_seconds,
            "train_loadavg_start": list(load) if train_seconds is not None else None,
            "parse_ms_per_message": sw.seconds * 1000 / max(1, len(job["texts"])),
            "predictions": predictions,
        })
    Path(spec["out"]).write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")


def run_worker(label: str, jobs: list[dict[str, Any]], workdir: Path, log_dir: Path = LOG_DIR,
               timeout_s: float = WORKER_TIMEOUT_S) -> list[dict[str, Any]]:
    """`log_dir`: where the worker's output goes (bench/eval_nlu.py keeps it in its temporary folder, so
    that nothing about the sealed set outlives the run)."""
    spec = workdir / f"{label}.spec.json"
    out = workdir / f"{label}.out.json"
    spec.write_text(json.dumps({"jobs": jobs, "out": str(out)}, ensure_ascii=False), encoding="utf-8")
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"accuracy-{label}-{os.getpid()}.log"
    logger.info("%s: %d job(s), log in %s", label, len(jobs), log_path)
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", PYTHONUNBUFFERED="1")
    with open(log_path, "wb") as log:
        proc = subprocess.run(
            [sys.executable, "-m", "bench.accuracy", "--worker", str(spec)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=timeout_s,
        )
    if proc.returncode != 0:
        tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-30:])
        raise RuntimeError(f"accuracy worker {label} failed ({proc.returncode}):\n{tail}")
    return json.loads(out.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# baseline (b): TF-IDF on jieba tokens + logistic regression (in this process, its own jieba)


class JiebaWords:
    """A picklable tokenizer over a private jieba.Tokenizer (never jieba's global one)."""

    def __init__(self, user_dict_dir: Path | None = None) -> None:
        import jieba

        self.user_dict_dir = user_dict_dir
        self._tok = jieba.Tokenizer()
        self._tok.initialize()
        for path in sorted(user_dict_dir.glob("*")) if user_dict_dir else ():
            self._tok.load_userdict(str(path))

    def __call__(self, text: str) -> list[str]:
        return [w for w in self._tok.lcut(text) if w.strip()]

    # scikit-learn clones estimators: share the loaded tokenizer (it holds a lock, and never changes)
    def __deepcopy__(self, memo: dict) -> JiebaWords:
        return self

    def __reduce__(self) -> tuple:
        return JiebaWords, (self.user_dict_dir,)


def tfidf_lr_fit_predict(
    train: list[tuple[str, str]], test_texts: list[str], tokenizer: JiebaWords
) -> tuple[list[str], float, dict[str, Any]]:
    """(predictions, training seconds, chosen hyper-parameters)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV, StratifiedKFold
    from sklearn.pipeline import Pipeline

    texts, labels = [t for t, _ in train], [i for _, i in train]
    pipe = Pipeline([
        ("tfidf", TfidfVectorizer(tokenizer=tokenizer, token_pattern=None, lowercase=True,
                                  ngram_range=(1, 2), sublinear_tf=True)),
        ("lr", LogisticRegression(max_iter=3000)),
    ])
    search = GridSearchCV(
        pipe, {"lr__C": [1.0, 10.0, 100.0]}, scoring="f1_macro",
        cv=StratifiedKFold(5, shuffle=True, random_state=SEED), n_jobs=1,
    )
    with Stopwatch() as sw:
        search.fit(texts, labels)
    return list(search.predict(test_texts)), sw.seconds, {"C": search.best_params_["lr__C"]}


# ---------------------------------------------------------------------------------------------
# metrics


def intent_scores(gold: list[str], predicted: list[str]) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, classification_report, f1_score

    labels = sorted(set(gold))
    report = classification_report(gold, predicted, labels=labels, output_dict=True, zero_division=0)
    return {
        "macro_f1": round(float(f1_score(gold, predicted, average="macro", labels=labels, zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(gold, predicted)), 4),
        "n": len(gold),
        "per_intent": {
            label: {k: round(float(report[label][k]), 4) for k in ("precision", "recall", "f1-score", "support")}
            for label in labels
        },
    }


def errors_of(pairs: list[tuple[str, str]], predicted: list[str]) -> list[dict[str, str]]:
    return [{"text": t, "gold": g, "predicted": p} for (t, g), p in zip(pairs, predicted, strict=True) if g != p]


def _norm_value(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return round(float(value), 2)
    try:
        return round(float(value), 2)
    except (TypeError, ValueError):
        return str(value).strip()


def _as_multiset(entities: dict[str, Any]) -> list[tuple[str, Any]]:
    items = []
    for name, value in (entities or {}).items():
        for v in value if isinstance(value, list) else [value]:
            items.append((name, _norm_value(v)))
    return sorted(items, key=repr)


def slot_scores(gold: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> dict[str, Any]:
    """Sentence exact match over the CONTRACT slots, plus per-slot precision/recall of (slot, value)."""
    from collections import Counter

    exact = 0
    misses = []
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for item, pred in zip(gold, predictions, strict=True):
        want = Counter(_as_multiset(item.get("entities") or {}))
        got = Counter(
            (e["entity"], _norm_value(e["value"])) for e in pred["entities"] if e["entity"] in SLOT_ENTITIES
        )
        if want == got:
            exact += 1
        else:
            misses.append({"text": item["text"], "expected": sorted(want.elements(), key=repr),
                           "got": sorted(got.elements(), key=repr)})
        for key in set(want) | set(got):
            hit = min(want[key], got[key])
            tp[key[0]] += hit
            fp[key[0]] += got[key] - hit
            fn[key[0]] += want[key] - hit
    per_slot = {}
    for name in SLOT_ENTITIES:
        p_den, r_den = tp[name] + fp[name], tp[name] + fn[name]
        per_slot[name] = {
            "precision": round(tp[name] / p_den, 4) if p_den else None,
            "recall": round(tp[name] / r_den, 4) if r_den else None,
            "support": r_den,
        }
    return {
        "sentences": len(gold),
        "exact_match": exact,
        "exact_match_rate": round(exact / len(gold), 4) if gold else None,
        "per_slot": per_slot,
        "misses": misses,
    }


def confusion_png(gold: list[str], predicted: list[str], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import confusion_matrix

    rows = sorted(set(gold))
    cols = rows + sorted(set(predicted) - set(rows))
    matrix = confusion_matrix(gold, predicted, labels=cols)[: len(rows), :]
    fig, ax = plt.subplots(figsize=(13, 11), dpi=110)
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(cols)))
    ax.set_xticklabels(cols, rotation=75, ha="right", fontsize=8)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows, fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold (tests/nlu_test.yml)")
    ax.set_title(title, fontsize=10)
    high = matrix.max() / 2 if matrix.size else 0
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            if matrix[i, j]:
                ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if matrix[i, j] > high else ("black" if i == j else "firebrick"))
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def as_fallback(prediction: dict[str, Any], threshold: float, ambiguity: float) -> str:
    """What the FallbackClassifier would answer at `threshold` (DIET's prediction otherwise)."""
    conf = prediction.get("top_confidences") or [0.0]
    second = conf[1] if len(conf) > 1 else 0.0
    if conf[0] < threshold or conf[0] - second < ambiguity:
        return FALLBACK_INTENT
    return prediction["classifier_intent"]


def threshold_sweep(gold: list[str], predictions: list[dict[str, Any]], ambiguity: float) -> list[dict[str, Any]]:
    rows = []
    for threshold in THRESHOLDS:
        predicted = [as_fallback(p, threshold, ambiguity if threshold else 0.0) for p in predictions]
        scores = intent_scores(gold, predicted)
        rows.append({"threshold": threshold, "ambiguity_threshold": ambiguity if threshold else 0.0,
                     "macro_f1": scores["macro_f1"], "accuracy": scores["accuracy"],
                     "fallbacks": sum(p == FALLBACK_INTENT for p in predicted)})
    return rows


def fallback_settings() -> tuple[float, float]:
    pipeline = yaml.safe_load(PROJECT_CONFIG.read_text(encoding="utf-8"))["pipeline"]
    for component in pipeline:
        if str(component.get("name", "")).endswith("FallbackClassifier"):  # also bot.nlu.components.CardTopicFallbackClassifier
            return float(component.get("threshold", 0.3)), float(component.get("ambiguity_threshold", 0.1))
    return 0.0, 0.0


def split(predictions: list[Any], sizes: dict[str, int]) -> dict[str, list[Any]]:
    out, start = {}, 0
    for name, n in sizes.items():
        out[name] = predictions[start:start + n]
        start += n
    return out


# ---------------------------------------------------------------------------------------------
# orchestration


def stock_fingerprint(nlu_train: Path) -> str:
    import rasa

    digest = hashlib.sha256()
    digest.update(rasa.__version__.encode())
    for path in (STOCK_CONFIG, nlu_train):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_stock_model(nlu_train: Path) -> tuple[Path, dict[str, Any]] | None:
    fp = stock_fingerprint(nlu_train)
    model, meta = CACHE_DIR / f"stock_diet-{fp}.tar.gz", CACHE_DIR / f"stock_diet-{fp}.json"
    if model.exists() and meta.exists():
        return model, json.loads(meta.read_text(encoding="utf-8"))
    return None


def stratified_folds(pairs: list[tuple[str, str]]) -> list[tuple[list[int], list[int]]]:
    from sklearn.model_selection import StratifiedKFold

    labels = [i for _, i in pairs]
    splitter = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    return [(list(a), list(b)) for a, b in splitter.split(labels, labels)]


def run(quick: bool, retrain_baselines: bool, cv_wanted: bool = True, stock_wanted: bool = True,
        cv_forced: bool = False) -> dict[str, Any]:
    started = time.perf_counter()
    result: dict[str, Any] = {"benchmark": "accuracy", "quick": quick, "machine": machine(),
                              "provenance": provenance()}
    # systems[set name][system name]
    systems: dict[str, dict[str, Any]] = {name: {} for name in HELD_OUT_SETS}
    with tempfile.TemporaryDirectory(prefix="kayou-bench-acc-") as tmp:
        workdir = Path(tmp)
        # one snapshot of the data for the whole run: the working tree may change meanwhile
        nlu_train = workdir / "nlu_train.yml"
        shutil.copyfile(NLU_TRAIN, nlu_train)
        train = read_nlu_examples(nlu_train)
        sets = {name: read_nlu_examples(path) for name, path in HELD_OUT_SETS.items()}
        sizes = {name: len(pairs) for name, pairs in sets.items()}
        golds = {name: [i for _, i in pairs] for name, pairs in sets.items()}
        texts = [t for pairs in sets.values() for t, _ in pairs]
        slots_gold = yaml.safe_load(SLOTS_GOLD.read_text(encoding="utf-8"))["sentences"]
        train_texts = {t for t, _ in train}
        result["data"] = {
            "train_examples": len(train), "train_intents": len({i for _, i in train}),
            "held_out_sets": {name: {"file": str(HELD_OUT_SETS[name].relative_to(ROOT)), "examples": sizes[name],
                                     "intents": len(set(golds[name])),
                                     "overlapping_train": len({t for t, _ in sets[name]} & train_texts)}
                              for name in sets},
            "slot_gold_sentences": len(slots_gold), "train_sha256_16": sha256_of(nlu_train),
        }
        result["held_out"] = systems

        # --- project pipeline, held-out sets; slots through the shipped model -------------------
        jobs = [{"name": "shipped", "model": str(MODEL), "texts": texts + [s["text"] for s in slots_gold]}]
        if not quick:
            jobs.append({"name": "project", "config": str(PROJECT_CONFIG), "train": str(nlu_train),
                         "out_dir": str(workdir / "project"), "texts": texts})
        project_runs = {r["name"]: r for r in run_worker("project", jobs, workdir)}
        shipped = project_runs["shipped"]
        result["slots"] = {"model": "models/kayou.tar.gz", **slot_scores(slots_gold, shipped["predictions"][len(texts):])}
        main_run = project_runs.get("project", shipped)
        threshold, ambiguity = fallback_settings()
        main_by_set = split(main_run["predictions"][: len(texts)], sizes)
        shipped_by_set = split(shipped["predictions"][: len(texts)], sizes)
        for name, pairs in sets.items():
            gold, preds = golds[name], main_by_set[name]
            deployed = [p["intent"] for p in preds]
            systems[name]["project"] = {
                "model": "retrained on data/nlu.yml (NLU only)" if not quick else "models/kayou.tar.gz (shipped)",
                "train_seconds": main_run["train_seconds"],
                "train_loadavg_start": main_run.get("train_loadavg_start"),
                "parse_ms_per_message": round(main_run["parse_ms_per_message"], 2),
                "as_deployed": intent_scores(gold, deployed),
                "classifier_only": intent_scores(gold, [p["classifier_intent"] for p in preds]),
                "fallback_count": sum(p == FALLBACK_INTENT for p in deployed),
                "fallback_threshold_sweep": threshold_sweep(gold, preds, ambiguity),
                "fallback_threshold": threshold, "ambiguity_threshold": ambiguity,
                "errors": errors_of(pairs, deployed),
            }
            if not quick:
                systems[name]["project"]["shipped_model_macro_f1"] = intent_scores(
                    gold, [p["intent"] for p in shipped_by_set[name]])["macro_f1"]
            confusion_png(gold, deployed, RESULTS_DIR / f"confusion-{name}.png",
                          f"Kayou pipeline (config.yml) on {HELD_OUT_SETS[name].name}, macro-F1 "
                          f"{systems[name]['project']['as_deployed']['macro_f1']:.3f}, n={len(gold)}")

        # --- baseline (a): stock Rasa Chinese pipeline ---------------------------------------
        cached = None if retrain_baselines else cached_stock_model(nlu_train)
        if not stock_wanted or (cached is None and quick):
            reason = "--no-stock" if not stock_wanted else "no cached stock model (run the full `make bench` once)"
            for name in sets:
                systems[name]["stock_diet"] = {"skipped": reason}
        else:
            if cached is None:
                [stock] = run_worker("stock_diet", [{
                    "name": "stock_diet", "config": str(STOCK_CONFIG), "train": str(nlu_train),
                    "out_dir": str(workdir / "stock"), "texts": texts}], workdir)
                CACHE_DIR.mkdir(parents=True, exist_ok=True)
                fp = stock_fingerprint(nlu_train)
                # keep one stock model (≈ 22 MB): older data snapshots are not compared against any more
                for old in CACHE_DIR.glob("stock_diet-*"):
                    old.unlink()
                shutil.move(stock["model"], CACHE_DIR / f"stock_diet-{fp}.tar.gz")
                meta = {"train_seconds": stock["train_seconds"], "trained_at": machine()["date"],
                        "train_loadavg_start": stock["train_loadavg_start"],
                        "train_loadavg_end": [round(x, 2) for x in load_average()]}
                (CACHE_DIR / f"stock_diet-{fp}.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
                reused = False
            else:
                [stock] = run_worker("stock_diet", [{"name": "stock_diet", "model": str(cached[0]),
                                                     "texts": texts}], workdir)
                meta, reused = cached[1], True
            stock_by_set = split([p["intent"] for p in stock["predictions"]], sizes)
            for name, pairs in sets.items():
                systems[name]["stock_diet"] = {
                    "config": "bench/config_stock_zh.yml",
                    "train_seconds": meta["train_seconds"], "trained_at": meta["trained_at"],
                    "train_loadavg_start": meta.get("train_loadavg_start"),
                    "train_loadavg_end": meta.get("train_loadavg_end"),
                    "model_reused_from_cache": reused,
                    "parse_ms_per_message": round(stock["parse_ms_per_message"], 2),
                    "as_deployed": intent_scores(golds[name], stock_by_set[name]),
                    "errors": errors_of(pairs, stock_by_set[name]),
                }

        # --- baseline (b): TF-IDF + logistic regression ---------------------------------------
        plain, with_dict = JiebaWords(), JiebaWords(JIEBA_DICT_DIR)
        for system, tok in (("tfidf_lr", plain), ("tfidf_lr_userdict", with_dict)):
            pred, seconds, params = tfidf_lr_fit_predict(train, texts, tok)
            for name, set_pred in split(pred, sizes).items():
                systems[name][system] = {"train_seconds": round(seconds, 2), "hyper_parameters": params,
                                         "as_deployed": intent_scores(golds[name], set_pred),
                                         "errors": errors_of(sets[name], set_pred)}

        # --- 5-fold cross-validation on data/nlu.yml -----------------------------------------
        if (not quick and cv_wanted) or cv_forced:
            folds = stratified_folds(train)
            cv_jobs = []
            for k, (train_idx, test_idx) in enumerate(folds):
                fold_train = write_nlu_yaml([train[i] for i in train_idx], workdir / f"fold{k}.yml")
                cv_jobs.append({"name": f"project_fold{k}", "config": str(PROJECT_CONFIG),
                                "train": str(fold_train), "out_dir": str(workdir / f"cv{k}"),
                                "texts": [train[i][0] for i in test_idx]})
            cv_runs = run_worker("project_cv", cv_jobs, workdir)
            cv: dict[str, Any] = {"folds": FOLDS, "seed": SEED, "project": [], "project_classifier_only": [],
                                  "tfidf_lr": [], "project_train_seconds": []}
            for (train_idx, test_idx), fold_run in zip(folds, cv_runs, strict=True):
                fold_gold = [train[i][1] for i in test_idx]
                cv["project"].append(intent_scores(fold_gold, [p["intent"] for p in fold_run["predictions"]])["macro_f1"])
                cv["project_classifier_only"].append(
                    intent_scores(fold_gold, [p["classifier_intent"] for p in fold_run["predictions"]])["macro_f1"])
                cv["project_train_seconds"].append(round(fold_run["train_seconds"], 1))
                pred, _, _ = tfidf_lr_fit_predict([train[i] for i in train_idx],
                                                  [train[i][0] for i in test_idx], plain)
                cv["tfidf_lr"].append(intent_scores(fold_gold, pred)["macro_f1"])
            for key in ("project", "project_classifier_only", "tfidf_lr"):
                values = cv[key]
                mean = sum(values) / len(values)
                std = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
                cv[f"{key}_mean"], cv[f"{key}_std"] = round(mean, 4), round(std, 4)
            cv["stock_diet"] = "not cross-validated: 5 × 300 DIET epochs would take 1–2 h on 2 cores"
            result["cross_validation"] = cv

    result["targets"] = {}
    for name in sets:
        project_f1 = systems[name]["project"]["as_deployed"]["macro_f1"]
        baselines = {k: v["as_deployed"]["macro_f1"] for k, v in systems[name].items()
                     if k != "project" and "as_deployed" in v}
        result["targets"][name] = {
            "macro_f1_ge_0.95": project_f1 >= TARGET_MACRO_F1,
            "ahead_of_baselines": all(project_f1 > f for f in baselines.values()) if baselines else None,
            "baselines_compared": sorted(baselines),
        }
    result["wall_seconds"] = round(time.perf_counter() - started, 1)
    return result


def summary(result: dict[str, Any]) -> list[str]:
    lines = [f"accuracy (train n={result['data']['train_examples']}, {result['data']['train_intents']} intents)"]
    for set_name, systems in result["held_out"].items():
        info = result["data"]["held_out_sets"][set_name]
        lines.append(f" held-out {set_name} ({info['file']}, n={info['examples']}, {info['intents']} intents)")
        for name, s in systems.items():
            if "skipped" in s:
                lines.append(f"  {name:<18} skipped: {s['skipped']}")
                continue
            extra = ""
            if "classifier_only" in s:
                extra = (f"  classifier-only {s['classifier_only']['macro_f1']:.4f}"
                         f" / {s['classifier_only']['accuracy']:.4f}, fallbacks {s['fallback_count']}")
            train = f"{s['train_seconds']:.1f} s" if s.get("train_seconds") is not None else "—"
            lines.append(f"  {name:<18} macro-F1 {s['as_deployed']['macro_f1']:.4f}  acc {s['as_deployed']['accuracy']:.4f}"
                         f"  train {train}{extra}")
            if "fallback_threshold_sweep" in s:
                sweep = ", ".join(f"{r['threshold']:.2f}→{r['macro_f1']:.3f}/{r['accuracy']:.3f}"
                                  for r in s["fallback_threshold_sweep"])
                lines.append(f"  {'':<18} fallback threshold sweep (macro-F1/acc): {sweep}")
    cv = result.get("cross_validation")
    if cv:
        lines.append(f"  5-fold CV macro-F1: project {cv['project_mean']:.4f} ± {cv['project_std']:.4f}"
                     f" (classifier-only {cv['project_classifier_only_mean']:.4f}),"
                     f" tfidf_lr {cv['tfidf_lr_mean']:.4f} ± {cv['tfidf_lr_std']:.4f}")
    sl = result["slots"]
    lines.append(f"  slots exact match {sl['exact_match']}/{sl['sentences']} = {sl['exact_match_rate']:.3f}")
    lines.append(f"  targets: {result['targets']}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="held-out set only, shipped model, no CV")
    parser.add_argument("--retrain-baselines", action="store_true", help="retrain the cached stock baseline")
    parser.add_argument("--no-cv", action="store_true", help="skip the 5-fold cross-validation")
    parser.add_argument("--no-stock", action="store_true", help="skip the stock Rasa baseline")
    parser.add_argument("--cv", action="store_true", help="with --quick: run the cross-validation all the same")
    parser.add_argument("--out", default="accuracy", help="result name: bench/results/<out>.json (default accuracy)")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if args.worker:
        _worker(args.worker)
        return
    result = run(args.quick, args.retrain_baselines, cv_wanted=not args.no_cv, stock_wanted=not args.no_stock,
                 cv_forced=args.cv)
    write_result(args.out, result)
    print("\n".join(summary(result)))


if __name__ == "__main__":
    main()
