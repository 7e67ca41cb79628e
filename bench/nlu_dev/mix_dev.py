"""DIET's share in IntentEnsemble read on the development sets (issue 19): dev, dev with homophones, chatter.

    .venv/bin/python -m bench.nlu_dev.mix_dev --diet /tmp/diet.json [--augment N] [--threshold 0.2]

DIET's rankings come from bench/nlu_dev/diet_rankings.py (its "dev" part: trained on all of data/); the n-gram
model (bot/nlu/char_pinyin.py, as config.yml sets it) is trained here on the same examples. For each DIET share
the mix is scored as deployed (FallbackClassifier's threshold and ambiguity margin, card_in_scope), without the
guards after it. A reading aid beside the cross-validation, not a tuning on the sealed half (never read).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.accuracy import intent_scores
from bench.eval_nlu import OTHER_CARD, taken_as_card


def main() -> None:
    from bot.nlu.char_pinyin import CharPinyinModel, card_in_scope, other_debt_out_of_scope
    from bot.nlu.normalize import normalize

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--diet", type=Path, required=True)
    parser.add_argument("--augment", type=int, default=0)
    parser.add_argument("--threshold", type=float, default=0.2)
    parser.add_argument("--margin", type=float, default=0.08)
    args = parser.parse_args()
    data = json.loads(args.diet.read_text(encoding="utf-8"))
    train = data["train"]
    sets = {name: data["dev"][name] for name in ("dev", "dev_typo", "chatter")}
    model = CharPinyinModel(c=10.0, use_words=True, augment=args.augment).fit(
        [normalize(t) for t, _ in train], [i for _, i in train])
    ngram = {name: model.predict_proba([normalize(t) for t, _ in s["pairs"]]) for name, s in sets.items()}
    for w in [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]:
        out = {"diet_weight": w}
        preds = {}
        for name, s in sets.items():
            preds[name] = []
            for (text, _), diet, ng in zip(s["pairs"], s["rankings"], ngram[name], strict=True):
                mixed = {n: w * diet.get(n, 0.0) + (1 - w) * ng.get(n, 0.0) for n in set(diet) | set(ng)}
                mixed = other_debt_out_of_scope(normalize(text), card_in_scope(normalize(text), mixed))
                ranked = sorted(mixed.items(), key=lambda kv: (-kv[1], kv[0]))
                top, conf = ranked[0]
                second = ranked[1][1] if len(ranked) > 1 else 0.0
                preds[name].append(top if conf >= args.threshold and conf - second >= args.margin else "nlu_fallback")
        for name in ("dev", "dev_typo"):
            keep = [(g, p) for (_, g), p in zip(sets[name]["pairs"], preds[name], strict=True) if g != OTHER_CARD]
            sc = intent_scores([g for g, _ in keep], [p for _, p in keep])
            out[f"{name}_f1"], out[f"{name}_acc"] = sc["macro_f1"], sc["accuracy"]
        out["typo_drop"] = round(out["dev_f1"] - out["dev_typo_f1"], 4)
        out["chatter_card"] = round(sum(map(taken_as_card, preds["chatter"])) / len(preds["chatter"]), 4)
        print(json.dumps(out))


if __name__ == "__main__":
    main()
