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
from bench.eval.typo import SEED as TYPO_SEED

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



# ---------------------------------------------------------------------------------------------
# the sets


def load_questions(path: Path) -> list[dict[str, Any]]:
    """Items of dev.yml / sealed.yml: text, intent, source (and a note when the label was hard)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["items"]


def load_chatter(path: Path = CHATTER) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["items"]


def labelled_sets(sealed: bool = True) -> dict[str, list[tuple[str, str]]]:
    """(text, gold intent) of every labelled set, the homophone variants included; ``sealed=False``: the sealed
    half is not even read (a helper's run; only the lead scores it, once, after merging)."""
    from bench.eval.typo import homophone_variant

    base = {
        "dev": [(q["text"], q["intent"]) for q in load_questions(DEV)],
        **({"sealed": [(q["text"], q["intent"]) for q in load_questions(SEALED)]} if sealed else {}),
        "independent": read_nlu_examples(NLU_HELD_OUT_INDEPENDENT),
    }
    sets = dict(base)
    for name, pairs in base.items():
        sets[f"{name}_typo"] = [(homophone_variant(text), gold) for text, gold in pairs]
    return sets


def is_sealed(set_name: str) -> bool:
    return set_name.startswith("sealed")


# ---------------------------------------------------------------------------------------------
# baselines (c) and (d): TF-IDF + logistic regression on jieba words (bench.accuracy) and on characters


def char_lr_fit_predict(train: list[tuple[str, str]], test_texts: list[str]) -> tuple[list[str], float, dict]:
    """TF-IDF over character 1–3-grams + logistic regression, C chosen as in bench.accuracy (inner 5-fold CV)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV, StratifiedKFold
    from sklearn.pipeline import Pipeline

    texts, labels = [t for t, _ in train], [i for _, i in train]
    pipe = Pipeline([
        ("tfidf", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), lowercase=True, sublinear_tf=True)),
        ("lr", LogisticRegression(max_iter=3000)),
    ])
    search = GridSearchCV(pipe, {"lr__C": [1.0, 10.0, 100.0]}, scoring="f1_macro",
                          cv=StratifiedKFold(5, shuffle=True, random_state=SEED), n_jobs=1)
    with Stopwatch() as sw:
        search.fit(texts, labels)
    return list(search.predict(test_texts)), sw.seconds, {"C": search.best_params_["lr__C"]}


# ---------------------------------------------------------------------------------------------
# scores


def score_labelled(pairs: list[tuple[str, str]], predicted: list[str], sealed: bool) -> dict[str, Any]:
    """Macro-F1 and accuracy over the items with a project intent; other_card items apart (share taken as a
    card topic). A sealed set gets aggregate figures only: no per-intent rows, no sentences."""
    gold_in = [g for (_, g) in pairs if g != OTHER_CARD]
    pred_in = [p for (_, g), p in zip(pairs, predicted, strict=True) if g != OTHER_CARD]
    scores = intent_scores(gold_in, pred_in) if gold_in else {"macro_f1": None, "accuracy": None, "n": 0}
    other = [p for (_, g), p in zip(pairs, predicted, strict=True) if g == OTHER_CARD]
    result = {
        "macro_f1": scores["macro_f1"], "accuracy": scores["accuracy"], "n": scores["n"],
        "other_card": {"n": len(other),
                       "taken_as_card_topic": round(sum(map(taken_as_card, other)) / len(other), 4) if other else None},
    }
    if not sealed:
        result["per_intent"] = scores.get("per_intent", {})
        result["misses"] = [{"text": t, "gold": g, "predicted": p}
                            for (t, g), p in zip(pairs, predicted, strict=True) if g != p and g != OTHER_CARD]
        result["other_card_items"] = [{"text": t, "predicted": p}
                                      for (t, g), p in zip(pairs, predicted, strict=True) if g == OTHER_CARD]
    return result


def score_chatter(items: list[dict[str, Any]], predicted: list[str]) -> dict[str, Any]:
    taken = [(item, p) for item, p in zip(items, predicted, strict=True) if taken_as_card(p)]
    by_corpus: dict[str, list[int]] = {}
    for item, p in zip(items, predicted, strict=True):
        corpus = item["corpus"].split(" (")[0]
        by_corpus.setdefault(corpus, [0, 0])
        by_corpus[corpus][0] += taken_as_card(p)
        by_corpus[corpus][1] += 1
    return {
        "n": len(items), "taken_as_card": round(len(taken) / len(items), 4) if items else None,
        "by_corpus": {k: {"taken": a, "n": b} for k, (a, b) in sorted(by_corpus.items())},
        "taken_items": [{"text": item["text"], "predicted": p} for item, p in taken],
    }


def score_system(sets: dict[str, list[tuple[str, str]]], chatter: list[dict[str, Any]],
                 predicted: dict[str, list[str]]) -> dict[str, Any]:
    """Every set of one system, plus the homophone drops (macro-F1 of the set minus that of its variants)."""
    out: dict[str, Any] = {name: score_labelled(pairs, predicted[name], is_sealed(name))
                           for name, pairs in sets.items()}
    out["chatter"] = score_chatter(chatter, predicted["chatter"])
    out["typo_drop"] = {}
    for name in sets:
        if not name.endswith("_typo"):
            base, typo = out[name]["macro_f1"], out[f"{name}_typo"]["macro_f1"]
            out["typo_drop"][name] = round(base - typo, 4) if base is not None and typo is not None else None
    return out


# ---------------------------------------------------------------------------------------------
# report


def _f(value: Any, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def markdown(result: dict[str, Any]) -> str:
    """The table of the figures (aggregate only: this is what is printed and what RESULTS.md quotes)."""
    sizes = result["data"]["sets"]
    lines = [
        f"| system | dev (n={sizes['dev']}) F1 / acc | sealed (n={sizes.get('sealed', 0)}) F1 / acc "
        f"| independent (n={sizes['independent']}) F1 / acc | chatter taken as card (n={sizes['chatter']}) "
        "| homophone drop dev / sealed / indep. | 5-fold CV macro-F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    cv = result.get("cross_validation", {})
    for system, s in result["systems"].items():
        if "skipped" in s:
            lines.append(f"| {system} | skipped: {s['skipped']} | | | | | |")
            continue
        cells = [f"{_f(s[n]['macro_f1'])} / {_f(s[n]['accuracy'])}" if n in s else "not scored"
                 for n in ("dev", "sealed", "independent")]
        drop = " / ".join(_f(s["typo_drop"].get(n)) for n in ("dev", "sealed", "independent"))
        fold = cv.get(system)
        cv_cell = f"{fold['mean']:.3f} ± {fold['std']:.3f}" if isinstance(fold, dict) else (fold or "—")
        lines.append(f"| {system} | {' | '.join(cells)} | {_f(s['chatter']['taken_as_card'] * 100, 1)} % "
                     f"| {drop} | {cv_cell} |")
    return "\n".join(lines)


def dev_listing(result: dict[str, Any]) -> str:
    """Every miss on the dev half and on the chatter set (never the sealed half)."""
    lines = []
    for system, s in result["systems"].items():
        if "skipped" in s:
            continue
        for set_name in ("dev", "dev_typo"):
            misses = s[set_name]["misses"]
            lines.append(f"\n{system} — {set_name}: {len(misses)} misses")
            lines += [f"  {m['gold']:<26} → {m['predicted']:<26} {m['text']}" for m in misses]
            lines += [f"  other_card → {o['predicted']:<26} {o['text']}" for o in s[set_name]["other_card_items"]]
        taken = s["chatter"]["taken_items"]
        lines.append(f"\n{system} — chatter taken as a card question: {len(taken)}")
        lines += [f"  {t['predicted']:<26} {t['text']}" for t in taken]
    return "\n".join(lines)


def report(result: dict[str, Any], listing: bool = True) -> str:
    text = markdown(result)
    if listing:
        text += "\n" + dev_listing(result)
    return text


# ---------------------------------------------------------------------------------------------
# orchestration


def _fold_stats(values: list[float]) -> dict[str, Any]:
    mean = sum(values) / len(values)
    return {"folds": [round(v, 4) for v in values], "mean": round(mean, 4),
            "std": round((sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5, 4)}


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    systems_wanted = set(args.systems.split(","))
    result: dict[str, Any] = {"benchmark": "eval_nlu", "complete": False, "command": " ".join(sys.argv),
                              "machine": machine(), "provenance": provenance(),
                              "not_card_intents": sorted(NOT_CARD_INTENTS), "systems": {}}

    def checkpoint(partial: dict[str, Any]) -> None:
        """The figures so far, written after each system (a long run that is stopped keeps them)."""
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(partial, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    with tempfile.TemporaryDirectory(prefix="kayou-eval-nlu-") as tmp:
        workdir = Path(tmp)
        logs = workdir / "logs"  # worker output stays in the temporary folder (it may name sealed predictions)
        nlu_dir = snapshot_training_data(workdir / "data")
        train = training_pairs(nlu_dir)
        sets = labelled_sets(sealed=args.sealed)
        chatter = load_chatter()
        names = list(sets) + ["chatter"]
        texts_by_set = {name: [t for t, _ in pairs] for name, pairs in sets.items()}
        texts_by_set["chatter"] = [c["text"] for c in chatter]
        texts = [t for name in names for t in texts_by_set[name]]
        train_norm = {normalise(t) for t, _ in train}
        result["data"] = {
            "train_files": [p.name for p in sorted(nlu_dir.glob("*.yml"))], "train_examples": len(train),
            "train_intents": len({i for _, i in train}),
            "sets": {name: len(texts_by_set[name]) for name in names},
            "overlap_with_training_after_normalising": {
                name: sum(normalise(t) in train_norm for t in texts_by_set[name]) for name in names},
            "typo_seed": TYPO_SEED,
        }

        def split(predictions: list[str]) -> dict[str, list[str]]:
            out, start = {}, 0
            for name in names:
                out[name] = predictions[start:start + len(texts_by_set[name])]
                start += len(texts_by_set[name])
            return out

        # (a) the project pipeline, through Rasa's whole NLU graph
        if "project" in systems_wanted:
            job: dict[str, Any] = {"name": "project", "texts": texts}
            if args.model:
                job["model"] = str(Path(args.model).resolve())
            else:
                job.update(config=str(PROJECT_CONFIG), train=str(nlu_dir), out_dir=str(workdir / "project"))
            [run_] = run_worker("eval_project", [job], workdir, log_dir=logs)
            deployed = split([p["intent"] for p in run_["predictions"]])
            classifier = split([p["classifier_intent"] for p in run_["predictions"]])
            scored = score_system(sets, chatter, deployed)
            scored["model"] = args.model or "retrained in this run on data/ (config.yml)"
            scored["train_seconds"] = run_["train_seconds"]
            scored["fallbacks"] = {n: sum(p == FALLBACK_INTENT for p in deployed[n]) for n in names}
            scored["classifier_only"] = {
                n: {k: v for k, v in score_labelled(sets[n], classifier[n], True).items()}
                for n in ("dev", "sealed", "independent") if n in sets}
            result["systems"]["project"] = scored
            checkpoint(result)

        # (c), (d) TF-IDF + logistic regression
        lr_systems = {
            "lr_words": lambda tr, te: tfidf_lr_fit_predict(tr, te, JiebaWords()),
            "lr_chars": char_lr_fit_predict,
        }
        for name, fit_predict in lr_systems.items():
            if name in systems_wanted:
                predicted, seconds, params = fit_predict(train, texts)
                scored = score_system(sets, chatter, split(predicted))
                scored.update(train_seconds=round(seconds, 1), hyper_parameters=params)
                result["systems"][name] = scored
                checkpoint(result)

        # (b) Rasa's stock Chinese pipeline on defaults (cached by fingerprint) or a labelled quick look
        if "stock_diet" in systems_wanted:
            cached = cached_stock(nlu_dir)
            label = "stock_diet"
            if args.stock_epochs:
                label = f"stock_diet_{args.stock_epochs}ep_quick_look"
                content = yaml.safe_load(STOCK_CONFIG.read_text(encoding="utf-8"))
                for component in content["pipeline"]:
                    if component["name"] == "DIETClassifier":
                        component["epochs"] = args.stock_epochs
                quick = workdir / "config_stock_quick.yml"
                quick.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
                job = {"name": label, "config": str(quick), "train": str(nlu_dir),
                       "out_dir": str(workdir / "stock"), "texts": texts}
                meta: dict[str, Any] = {"epochs": args.stock_epochs, "note": "quick look, not the recorded baseline"}
            else:
                deadline = time.monotonic() + args.wait_stock_minutes * 60
                while cached is None and time.monotonic() < deadline:
                    time.sleep(30)  # a `--train-stock` started earlier (in the background) may be finishing
                    cached = cached_stock(nlu_dir)
                if cached is None:
                    logger.info("no cached stock model for this data: training it now (300 epochs, 25+ min)")
                    subprocess_train_stock(nlu_dir)
                    cached = cached_stock(nlu_dir)
                job = {"name": label, "model": str(cached[0]), "texts": texts}
                meta = cached[1]
            [run_] = run_worker("eval_stock", [job], workdir, log_dir=logs)
            scored = score_system(sets, chatter, split([p["intent"] for p in run_["predictions"]]))
            scored["model"] = meta if not args.stock_epochs else meta | {"train_seconds": run_["train_seconds"]}
            result["systems"][label] = scored
            checkpoint(result)

        # 5-fold cross-validation of the training data
        if args.cv:
            folds = stratified_folds(train)
            cv: dict[str, Any] = {"folds": len(folds), "seed": 42}
            fold_sets = [([train[i] for i in a], [train[i] for i in b]) for a, b in folds]
            for name, fit_predict in lr_systems.items():
                if name in systems_wanted:
                    cv[name] = _fold_stats([
                        intent_scores([g for _, g in te], fit_predict(tr, [t for t, _ in te])[0])["macro_f1"]
                        for tr, te in fold_sets])
            rasa_cv = [("project", PROJECT_CONFIG)] if "project" in systems_wanted else []
            if args.stock_cv and "stock_diet" in systems_wanted:
                rasa_cv.append(("stock_diet", STOCK_CONFIG))
            for name, config in rasa_cv:
                jobs = [{"name": f"{name}_fold{k}", "config": str(config),
                         "train": str(write_nlu_yaml(tr, workdir / f"{name}_fold{k}.yml")),
                         "out_dir": str(workdir / f"cv_{name}{k}"), "texts": [t for t, _ in te]}
                        for k, (tr, te) in enumerate(fold_sets)]
                runs = [run_worker(f"eval_cv_{name}{k}", [j], workdir, log_dir=logs)[0] for k, j in enumerate(jobs)]
                cv[name] = _fold_stats([
                    intent_scores([g for _, g in te], [p["intent"] for p in r["predictions"]])["macro_f1"]
                    for (_, te), r in zip(fold_sets, runs, strict=True)])
            if "stock_diet" in systems_wanted and not args.stock_cv:
                cv["stock_diet"] = "not run (5 × 300 DIET epochs; --stock-cv)"
            result["cross_validation"] = cv
    result["complete"] = True
    result["wall_seconds"] = round(time.perf_counter() - started, 1)
    result["loadavg_end"] = [round(x, 2) for x in load_average()]
    return result


def normalise(text: str) -> str:
    """Lower case, no punctuation, no space: the form two sentences are compared in."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKC", text).lower()
                   if not (c.isspace() or unicodedata.category(c).startswith(("P", "S"))))


def subprocess_train_stock(nlu_dir: Path) -> None:
    import subprocess

    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    subprocess.run([sys.executable, "-m", "bench.eval_nlu", "--train-stock", "--data", str(nlu_dir)],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def main_train_stock(data: Path | None) -> None:
    with tempfile.TemporaryDirectory(prefix="kayou-eval-stock-") as tmp:
        nlu_dir = data or snapshot_training_data(Path(tmp) / "data")
        if cached_stock(nlu_dir):
            print(f"stock model cached already ({stock_fingerprint(nlu_dir)})")
            return
        model, meta = train_stock(nlu_dir, None, Path(tmp) / "out")
        print(f"stock model trained: {model.relative_to(ROOT)} {meta}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="score this trained project model instead of retraining config.yml")
    parser.add_argument("--systems", default="project,stock_diet,lr_words,lr_chars",
                        help="comma-separated subset of project,stock_diet,lr_words,lr_chars")
    parser.add_argument("--stock-epochs", type=int, help="quick look: train the stock pipeline with N epochs "
                        "(labelled as such, never cached; the recorded figure is on defaults)")
    parser.add_argument("--wait-stock-minutes", type=float, default=0,
                        help="wait this long for a stock model being trained by an earlier --train-stock")
    parser.add_argument("--no-cv", dest="cv", action="store_false", help="skip the 5-fold cross-validation")
    parser.add_argument("--stock-cv", action="store_true", help="cross-validate the stock pipeline too (slow)")
    parser.add_argument("--no-listing", action="store_true", help="print the table only (no dev miss listing)")
    parser.add_argument("--no-sealed", dest="sealed", action="store_false",
                        help="do not read or score the sealed half (helpers' runs: only the lead scores it)")
    parser.add_argument("--out-dir", type=Path, default=RECORDS / date.today().isoformat())
    parser.add_argument("--tag", default="", help="result file bench/records/<date>/eval_nlu[-TAG].json")
    parser.add_argument("--train-stock", action="store_true", help="only train and cache the stock baseline")
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if args.train_stock:
        main_train_stock(args.data)
        return
    args.out = args.out_dir / f"eval_nlu{'-' + args.tag if args.tag else ''}.json"
    result = run(args)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(report(result, listing=not args.no_listing))
    print(f"\nwritten: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
