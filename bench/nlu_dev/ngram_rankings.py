"""The n-gram model's probabilities, out of fold on the training data and on the development sets, in the layout
bench/nlu_dev/tune_ensemble.py and tune_fallback.py read beside DIET's (bench/nlu_dev/diet_rankings.py).

    .venv/bin/python -m bench.nlu_dev.ngram_rankings --out /tmp/ngram.json [--variants sqrt_balanced,none]

Same training data (the NLU files of data/, snapshotted as diet_rankings does), same 5 stratified folds (seed 42),
same development sets (bench/eval/dev.yml, bench/nlu_dev/*.yml, chatter, dev with one homophone); never the sealed
set. A variant is a class weighting of `CharPinyinModel` (words on, C 10, no augmentation, as config.yml).
Writes ``{"train": [...], variant: {"oof": [...], "dev": {set: [...]}}}``.
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from bench.accuracy import stratified_folds
from bench.eval_nlu import snapshot_training_data, training_pairs
from bench.nlu_dev.diet_rankings import dev_texts


def fit_proba(train: list[tuple[str, str]], texts: list[str], class_weight: str | None) -> list[dict[str, float]]:
    from bot.nlu.char_pinyin import CharPinyinModel
    from bot.nlu.normalize import normalize

    model = CharPinyinModel(c=10.0, use_words=True, class_weight=class_weight, augment=0)
    model.fit([normalize(t) for t, _ in train], [i for _, i in train])
    return [{k: float(v) for k, v in p.items()} for p in model.predict_proba([normalize(t) for t in texts])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--variants", default="sqrt_balanced")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kayou-ngram-rank-") as tmp:
        train = training_pairs(snapshot_training_data(Path(tmp) / "data"))
    result: dict = {"train": train}
    sets = dev_texts()
    folds = stratified_folds(train)
    for variant in args.variants.split(","):
        weight = None if variant == "none" else variant
        oof: list[dict[str, float] | None] = [None] * len(train)
        for a, b in folds:
            for i, p in zip(b, fit_proba([train[i] for i in a], [train[i][0] for i in b], weight), strict=True):
                oof[i] = p
        texts = [t for pairs in sets.values() for t, _ in pairs]
        probs = fit_proba(train, texts, weight)
        dev, start = {}, 0
        for name, pairs in sets.items():
            dev[name] = probs[start:start + len(pairs)]
            start += len(pairs)
        result[variant] = {"oof": oof, "dev": dev}
        args.out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        print(variant, "done", flush=True)


if __name__ == "__main__":
    main()
