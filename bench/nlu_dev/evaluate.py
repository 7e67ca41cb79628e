"""Development figures of the nlu helper (issue 19, item 4): the project pipeline before and after, beside
baselines trained on the same data in the same run, on the DEVELOPMENT sets of bench/nlu_dev/ (built by
bench/nlu_dev/build.py from gathered public text; never the sealed evaluation sets).

    .venv/bin/python -m bench.nlu_dev.evaluate [--before-model PATH] [--stock-epochs N] [--cv] [--out FILE]

Systems
- ``before``: the model of main 4afc33a (its data and config.yml), given with --before-model.
- ``after``: config.yml on data/ as it is now (trained here).
- ``after_no_ensemble``: the same without IntentEnsemble (DIET alone on the new data).
- ``tfidf_words_lr``: TF-IDF over jieba words (1–2-grams) + logistic regression (C=10).
- ``tfidf_chars_lr``: TF-IDF over character 1–3-grams (char_wb) + logistic regression (C=10).
- ``char_pinyin_lr``: bot/nlu/char_pinyin.py alone (characters + pinyin + initials).
- ``stock_diet``: bench/config_stock_zh.yml (stock jieba + CountVectors + DIET) with --stock-epochs (the
  stock default is 300; fewer epochs are stated in the output).
All are trained on the intent examples of data/nlu*.yml (entity annotations stripped for the scikit-learn ones).

Scores: dev_real (questions from public pages), dev_real_typo (same, one same-pinyin character each),
dev_oos (other-domain messages: share taken as a card question, i.e. any intent but out_of_scope,
nlu_fallback, greet, goodbye, thanks, bot_challenge). Rasa systems are scored as deployed (below the fallback
threshold = nlu_fallback, wrong on dev_real but no wrong answer either) and by their top intent.
--cv adds 5-fold stratified cross-validation of the scikit-learn systems on the training data.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.accuracy import FALLBACK_INTENT, JiebaWords, intent_scores, run_worker
from bench.common import ROOT, Stopwatch, load_average, machine, provenance, read_nlu_examples

HERE = Path(__file__).resolve().parent
SETS = {"dev_real": HERE / "dev_real.yml", "dev_real_typo": HERE / "dev_real_typo.yml", "dev_oos": HERE / "dev_oos.yml"}
NOT_CARD = {"out_of_scope", FALLBACK_INTENT, "greet", "goodbye", "thanks", "bot_challenge"}
THRESHOLDS = (0.0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")


def training_pairs() -> list[tuple[str, str]]:
    pairs = []
    for path in sorted((ROOT / "data").glob("nlu*.yml")):
        for text, intent in read_nlu_examples(path):
            pairs.append((_ANNOTATION.sub(lambda m: m.group(1) or m.group(2), text), intent))
    return pairs


def sklearn_system(name: str):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from bot.nlu.char_pinyin import CharPinyinModel
    from bot.nlu.normalize import normalize

    if name == "char_pinyin_lr":
        class _Wrapped:
            def fit(self, texts, labels):
                self.m = CharPinyinModel().fit([normalize(t) for t in texts], labels)
                return self

            def predict_with_conf(self, texts):
                out = []
                for p in self.m.predict_proba([normalize(t) for t in texts]):
                    ranked = sorted(p.items(), key=lambda kv: -kv[1])
                    out.append((ranked[0][0], [ranked[0][1], ranked[1][1]]))
                return out
        return _Wrapped()
    if name == "tfidf_words_lr":
        vec = TfidfVectorizer(tokenizer=JiebaWords(), token_pattern=None, ngram_range=(1, 2), sublinear_tf=True)
    else:
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)
    pipe = Pipeline([("tfidf", vec), ("lr", LogisticRegression(C=10.0, max_iter=3000))])

    class _Plain:
        def fit(self, texts, labels):
            pipe.fit(texts, labels)
            return self

        def predict_with_conf(self, texts):
            probs = pipe.predict_proba(texts)
            classes = list(pipe.classes_)
            out = []
            for row in probs:
                order = row.argsort()[::-1]
                out.append((classes[order[0]], [float(row[order[0]]), float(row[order[1]])]))
            return out
    return _Plain()


def fallback_settings(config: Path) -> tuple[float, float]:
    for component in yaml.safe_load(config.read_text(encoding="utf-8"))["pipeline"]:
        if str(component.get("name", "")).endswith("FallbackClassifier"):  # also bot.nlu.components.CardTopicFallbackClassifier
            return float(component.get("threshold", 0.3)), float(component.get("ambiguity_threshold", 0.1))
    return 0.0, 0.0


def as_deployed(intent: str, confidences: list[float], threshold: float, ambiguity: float) -> str:
    second = confidences[1] if len(confidences) > 1 else 0.0
    if threshold and (confidences[0] < threshold or confidences[0] - second < ambiguity):
        return FALLBACK_INTENT
    return intent


def score_sets(sets: dict[str, list[tuple[str, str]]], predicted: dict[str, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, pairs in sets.items():
        gold, pred = [i for _, i in pairs], predicted[name]
        if name == "dev_oos":
            card = sum(p not in NOT_CARD for p in pred)
            out[name] = {"n": len(pred), "taken_as_card_question": round(card / len(pred), 4),
                         "fallbacks": sum(p == FALLBACK_INTENT for p in pred),
                         "errors": [{"text": t, "predicted": p} for (t, _), p in zip(pairs, pred, strict=False) if p not in NOT_CARD]}
        else:
            s = intent_scores(gold, pred)
            out[name] = {"macro_f1": s["macro_f1"], "accuracy": s["accuracy"], "n": s["n"],
                         "fallbacks": sum(p == FALLBACK_INTENT for p in pred),
                         "wrong_answers": sum(p != g and p != FALLBACK_INTENT for g, p in zip(gold, pred, strict=False)),
                         "errors": [{"text": t, "gold": g, "predicted": p}
                                    for (t, g), p in zip(pairs, pred, strict=False) if g != p]}
    if "dev_real" in out and "dev_real_typo" in out:
        out["typo_macro_f1_drop"] = round(out["dev_real"]["macro_f1"] - out["dev_real_typo"]["macro_f1"], 4)
    return out


def sweep(sets, raw: dict[str, list[tuple[str, list[float]]]], ambiguity: float) -> list[dict[str, Any]]:
    rows = []
    for threshold in THRESHOLDS:
        pred = {n: [as_deployed(i, c, threshold, ambiguity) for i, c in raw[n]] for n in raw}
        s = score_sets(sets, pred)
        rows.append({"threshold": threshold,
                     "dev_real_accuracy": s["dev_real"]["accuracy"],
                     "dev_real_wrong_answers": s["dev_real"]["wrong_answers"],
                     "dev_real_fallbacks": s["dev_real"]["fallbacks"],
                     "dev_real_typo_accuracy": s["dev_real_typo"]["accuracy"],
                     "dev_real_typo_wrong_answers": s["dev_real_typo"]["wrong_answers"],
                     "dev_oos_taken_as_card": s["dev_oos"]["taken_as_card_question"],
                     **{f"{n}_macro_f1": s[n]["macro_f1"] for n in ("same_hands", "independent") if n in s}})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before-model", type=Path)
    parser.add_argument("--before-threshold", type=float, nargs=2, default=(0.3, 0.08), metavar=("T", "A"),
                        help="the before model's FallbackClassifier threshold and ambiguity threshold "
                             "(main 4afc33a: 0.3 0.08)")
    parser.add_argument("--stock-epochs", type=int, default=0, help="0: no stock DIET")
    parser.add_argument("--no-after", action="store_true", help="scikit-learn systems (and before) only")
    parser.add_argument("--cv", action="store_true")
    parser.add_argument("--no-sklearn", action="store_true", help="skip the scikit-learn systems")
    parser.add_argument("--cv-rasa", action="store_true",
                        help="5-fold cross-validation of the project pipeline with and without IntentEnsemble "
                             "(10 trainings: slow)")
    parser.add_argument("--model", type=Path, help="score this trained model (e.g. models/kayou.tar.gz of `make "
                        "train`) as `after` instead of training one")
    parser.add_argument("--held-out", action="store_true",
                        help="also score tests/nlu_test.yml and tests/nlu_test_independent.yml (figures only: the "
                             "sentences of misses are not written for the independent set, whose misses must not "
                             "guide training data)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "records" / "2026-12-07" / "nlu" / "dev.json")
    args = parser.parse_args()

    started = time.perf_counter()
    set_paths = dict(SETS)
    if args.held_out:
        set_paths["same_hands"] = ROOT / "tests" / "nlu_test.yml"
        set_paths["independent"] = ROOT / "tests" / "nlu_test_independent.yml"
    sets = {name: read_nlu_examples(path) for name, path in set_paths.items()}
    texts = [t for pairs in sets.values() for t, _ in pairs]
    sizes = {name: len(pairs) for name, pairs in sets.items()}
    train = training_pairs()
    result: dict[str, Any] = {"benchmark": "nlu_dev", "machine": machine(), "provenance": provenance(),
                              "loadavg_start": list(load_average()),
                              "data": {"train_examples": len(train), "train_intents": len({i for _, i in train}),
                                       "sets": sizes},
                              "systems": {}}

    def split(values):
        out, start = {}, 0
        for name, n in sizes.items():
            out[name] = values[start:start + n]
            start += n
        return out

    for name in () if args.no_sklearn else ("tfidf_words_lr", "tfidf_chars_lr", "char_pinyin_lr"):
        system = sklearn_system(name)
        with Stopwatch() as sw:
            system.fit([t for t, _ in train], [i for _, i in train])
        raw = split(system.predict_with_conf(texts))
        result["systems"][name] = {"train_seconds": round(sw.seconds, 1),
                                   "scores": score_sets(sets, {n: [i for i, _ in v] for n, v in raw.items()})}
        result["systems"][name]["scores"].get("independent", {}).pop("errors", None)
        print(name, json.dumps({k: v.get("accuracy", v.get("taken_as_card_question")) if isinstance(v, dict) else v
                                for k, v in result["systems"][name]["scores"].items()}), flush=True)

    if args.cv:
        from sklearn.model_selection import StratifiedKFold

        labels = [i for _, i in train]
        folds = list(StratifiedKFold(5, shuffle=True, random_state=42).split(labels, labels))
        for name in () if args.no_sklearn else ("tfidf_words_lr", "tfidf_chars_lr", "char_pinyin_lr"):
            f1s = []
            for tr, te in folds:
                system = sklearn_system(name).fit([train[i][0] for i in tr], [train[i][1] for i in tr])
                pred = [p for p, _ in system.predict_with_conf([train[i][0] for i in te])]
                f1s.append(intent_scores([train[i][1] for i in te], pred)["macro_f1"])
            result["systems"][name]["cv5_macro_f1"] = {"mean": round(sum(f1s) / 5, 4), "folds": f1s}
            print(name, "cv5", result["systems"][name]["cv5_macro_f1"], flush=True)

    with tempfile.TemporaryDirectory(prefix="kayou-nlu-dev-") as tmp:
        workdir = Path(tmp)
        data_dir = workdir / "data"
        data_dir.mkdir()
        for path in sorted((ROOT / "data").glob("nlu*.yml")):
            shutil.copyfile(path, data_dir / path.name)
        config = ROOT / "config.yml"
        no_ens = workdir / "config_no_ensemble.yml"
        cfg = yaml.safe_load(config.read_text(encoding="utf-8"))
        cfg["pipeline"] = [c for c in cfg["pipeline"] if not c["name"].endswith("IntentEnsemble")]
        no_ens.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
        stock = workdir / "config_stock.yml"
        scfg = yaml.safe_load((ROOT / "bench" / "config_stock_zh.yml").read_text(encoding="utf-8"))
        if args.stock_epochs:
            for c in scfg["pipeline"]:
                if c["name"] == "DIETClassifier":
                    c["epochs"] = args.stock_epochs
        stock.write_text(yaml.safe_dump(scfg, allow_unicode=True), encoding="utf-8")

        jobs = []
        if args.before_model:
            jobs.append(("before", {"name": "before", "model": str(args.before_model), "texts": texts}, config))
        if args.model:
            jobs.append(("after", {"name": "after", "model": str(args.model), "texts": texts}, config))
        elif not args.no_after:
            jobs.append(("after", {"name": "after", "config": str(config), "train": str(data_dir),
                                   "out_dir": str(workdir / "models"), "texts": texts}, config))
        if not args.no_after:
            jobs.append(("after_no_ensemble", {"name": "after_no_ensemble", "config": str(no_ens),
                                               "train": str(data_dir), "out_dir": str(workdir / "models"),
                                               "texts": texts}, no_ens))
        if args.stock_epochs:
            jobs.append(("stock_diet", {"name": "stock_diet", "config": str(stock), "train": str(data_dir),
                                        "out_dir": str(workdir / "models"), "texts": texts}, stock))
        for label, job, cfg_path in jobs:
            (out,) = run_worker(label, [job], workdir)
            threshold, ambiguity = (tuple(args.before_threshold) if label == "before"
                                    else fallback_settings(cfg_path))
            raw = split([(p["classifier_intent"], p["top_confidences"] or [0.0]) for p in out["predictions"]])
            deployed = {n: [as_deployed(i, c, threshold, ambiguity) for i, c in v] for n, v in raw.items()}
            top = {n: [i for i, _ in v] for n, v in raw.items()}
            result["systems"][label] = {
                "train_seconds": round(out["train_seconds"], 1) if out["train_seconds"] else None,
                "fallback_threshold": threshold, "ambiguity_threshold": ambiguity,
                "scores_as_deployed": score_sets(sets, deployed),
                "scores_top_intent": score_sets(sets, top),
                "threshold_sweep": sweep(sets, raw, ambiguity),
                # the top two confidences of every development sentence, for a later sweep
                "raw_development": {n: raw[n] for n in SETS},
            }
            for scores in (result["systems"][label]["scores_as_deployed"], result["systems"][label]["scores_top_intent"]):
                scores.get("independent", {}).pop("errors", None)
            if label == "stock_diet":
                result["systems"][label]["epochs"] = args.stock_epochs
            s = result["systems"][label]["scores_as_deployed"]
            print(label, "real", s["dev_real"]["accuracy"], s["dev_real"]["macro_f1"], "typo",
                  s["dev_real_typo"]["macro_f1"], "oos", s["dev_oos"]["taken_as_card_question"],
                  "train_s", out["train_seconds"], flush=True)
        if args.cv_rasa:
            from sklearn.model_selection import StratifiedKFold

            from bench.common import write_nlu_yaml

            raw_pairs = [pair for path in sorted((ROOT / "data").glob("nlu*.yml")) for pair in read_nlu_examples(path)]
            labels = [i for _, i in raw_pairs]
            folds = list(StratifiedKFold(5, shuffle=True, random_state=42).split(labels, labels))
            cv: dict[str, list[float]] = {"after": [], "after_no_ensemble": []}
            for k, (tr, te) in enumerate(folds):
                fold_dir = workdir / f"fold{k}"
                fold_dir.mkdir()
                write_nlu_yaml([raw_pairs[i] for i in tr], fold_dir / "nlu.yml")
                test = [(_ANNOTATION.sub(lambda m: m.group(1) or m.group(2), raw_pairs[i][0]), raw_pairs[i][1])
                        for i in te]
                for label, cfg_path in (("after", config), ("after_no_ensemble", no_ens)):
                    (out,) = run_worker(f"cv{k}-{label}", [{"name": f"cv{k}-{label}", "config": str(cfg_path),
                                                           "train": str(fold_dir), "out_dir": str(workdir / "models"),
                                                           "texts": [t for t, _ in test]}], workdir)
                    pred = [p["classifier_intent"] for p in out["predictions"]]
                    cv[label].append(intent_scores([i for _, i in test], pred)["macro_f1"])
                    print("cv", k, label, cv[label][-1], flush=True)
            for label, f1s in cv.items():
                result["systems"].setdefault(label, {})["cv5_macro_f1_top_intent"] = {
                    "mean": round(sum(f1s) / len(f1s), 4), "folds": f1s}
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["loadavg_end"] = list(load_average())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print("written", args.out)


if __name__ == "__main__":
    main()
