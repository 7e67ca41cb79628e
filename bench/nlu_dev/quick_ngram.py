"""A quick look at the n-gram half of the project's intent model (bot/nlu/char_pinyin.py) on data/ (issue 19).

    .venv/bin/python -m bench.nlu_dev.quick_ngram [--cv] [--augment N] [--threshold 0.2]

Trains `CharPinyinModel` (as `IntentEnsemble` does, on the normalised training text) without Rasa or DIET, and
prints dev accuracy / macro-F1, the homophone drop on dev, the share of chatter taken as a card question and,
with --cv, the 5-fold out-of-fold macro-F1 of the training data (same folds as bench.eval_nlu). A minute instead
of the full evaluation's half hour: for choosing what to try; the recorded figures come from bench.eval_nlu.
The sealed half is not read.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.accuracy import intent_scores, stratified_folds
from bench.eval.typo import homophone_variant
from bench.eval_nlu import DEV, OTHER_CARD, load_chatter, load_questions, nlu_files, taken_as_card


def training(data_dir: Path | None = None) -> list[tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    pairs = []
    for path in nlu_files(data_dir) if data_dir else nlu_files():
        data = load_data(str(path), language="zh")
        pairs += [(ex.get("text"), ex.get("intent")) for ex in data.intent_examples]
    return pairs


def fit_predict(train, texts, args):
    from bot.nlu.char_pinyin import CharPinyinModel, card_in_scope, other_debt_out_of_scope
    from bot.nlu.normalize import normalize

    model = CharPinyinModel(c=args.c, use_words=True, augment=args.augment, class_weight=args.class_weight)
    model.fit([normalize(t) for t, _ in train], [i for _, i in train])
    out = []
    for text, probs in zip(texts, model.predict_proba([normalize(t) for t in texts]), strict=True):
        if args.card_in_scope:
            probs = other_debt_out_of_scope(normalize(text), card_in_scope(normalize(text), probs))
        ranked = sorted(probs.items(), key=lambda kv: -kv[1])
        top, conf = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if conf < args.threshold or conf - second < args.margin:
            top = "nlu_fallback"
        out.append(top)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cv", action="store_true")
    parser.add_argument("--augment", type=int, default=0)
    parser.add_argument("--c", type=float, default=10.0)
    parser.add_argument("--class-weight", default=None)
    parser.add_argument("--threshold", type=float, default=0.0)
    parser.add_argument("--margin", type=float, default=0.0)
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--card-in-scope", action="store_true")
    parser.add_argument("--data", type=Path, default=None, help="another data/ folder (default: this checkout's)")
    args = parser.parse_args()
    started = time.perf_counter()
    train = training(args.data)
    dev = [(q["text"], q["intent"]) for q in load_questions(DEV)]
    chatter = [c["text"] for c in load_chatter()]
    dev_in = [(t, g) for t, g in dev if g != OTHER_CARD]
    texts = [t for t, _ in dev_in] + [homophone_variant(t) for t, _ in dev_in] + chatter
    pred = fit_predict(train, texts, args)
    n = len(dev_in)
    gold = [g for _, g in dev_in]
    base, typo = intent_scores(gold, pred[:n]), intent_scores(gold, pred[n:2 * n])
    result = {"train": len(train), "dev_f1": base["macro_f1"], "dev_acc": base["accuracy"],
              "typo_drop": round(base["macro_f1"] - typo["macro_f1"], 4),
              "chatter_card": round(sum(map(taken_as_card, pred[2 * n:])) / len(chatter), 4)}
    if args.cv:
        folds = stratified_folds(train)
        f1s = []
        for a, b in folds:
            p = fit_predict([train[i] for i in a], [train[i][0] for i in b], args)
            f1s.append(intent_scores([train[i][1] for i in b], p)["macro_f1"])
        result["cv_f1"] = round(sum(f1s) / len(f1s), 4)
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result))
    if args.misses:
        for (t, g), p in zip(dev_in, pred[:n], strict=True):
            if g != p:
                print(f"{g:28} {p:28} {t}")
        for t, p in zip(chatter, pred[2 * n:], strict=True):
            if taken_as_card(p):
                print(f"{'CHATTER':28} {p:28} {t}")


if __name__ == "__main__":
    main()
