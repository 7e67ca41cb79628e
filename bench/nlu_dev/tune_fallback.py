"""Chooses the fallback rule (threshold, ambiguity margin, and whether two card topics on top of a card message are
ambiguous at all) by cross-validation of the training data (issue 19), beside the development sets for reading.

    .venv/bin/python -m bench.nlu_dev.tune_fallback --diet /tmp/diet.json --ngram /tmp/ngram.json [--variant sqrt_balanced]

Inputs as bench/nlu_dev/tune_ensemble.py (DIET's out-of-fold rankings from diet_rankings.py, the n-gram model's from
ngram_rankings.py, same training data and folds). Each prediction is made as deployed: DIET's share ``--diet-weight``
(config.yml), then the scope rules of IntentEnsemble (card_in_scope, other_debt_out_of_scope), then the fallback
rule. Rules compared:

* ``margin``: Rasa's FallbackClassifier: nlu_fallback below the threshold or when the top two are within the margin;
* ``card_pair``: the same, except that a message naming the card (bot.nlu.char_pinyin card words) whose top two
  intents are both card topics (bot.nlu.components.CARD_TOPICS) is not ambiguous: it gets the top answer
  (bot.nlu.components.CardTopicFallbackClassifier);
* ``topic_pair``: as card_pair without the card word.

Chosen (printed first): the rule and values with the best out-of-fold mean of macro-F1 and accuracy among those
taking at most 3 % of the other-domain development messages (bench/nlu_dev/dev_oos.yml) for a card question, as
tune_ensemble does; a tie out of fold goes to the better accuracy on bench/eval/dev.yml, then to the plainer rule. The evaluation's chatter and dev figures are printed beside it for reading (dev is a development
set; the sealed half is never read).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench.accuracy import intent_scores

NOT_CARD = {"out_of_scope", "nlu_fallback", "greet", "goodbye", "thanks", "bot_challenge", "affirm", "deny"}
THRESHOLDS = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35]
MARGINS = [0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12]
RULES = ["margin", "card_pair", "topic_pair"]
CHATTER_LIMIT = 0.03


def mixed(text: str, diet: dict[str, float], ngram: dict[str, float], w: float) -> list[tuple[str, float]]:
    from bot.nlu.char_pinyin import card_in_scope, other_debt_out_of_scope
    from bot.nlu.normalize import normalize

    scores = {n: w * diet.get(n, 0.0) + (1 - w) * ngram.get(n, 0.0) for n in set(diet) | set(ngram)}
    norm = normalize(text)
    scores = other_debt_out_of_scope(norm, card_in_scope(norm, scores))
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:2]


def decide(text: str, top2: list[tuple[str, float]], rule: str, t: float, m: float) -> str:
    from bot.nlu.components import card_pair_is_clear

    (name, conf), (second, conf2) = top2[0], top2[1] if len(top2) > 1 else ("", 0.0)
    if conf < t:
        return "nlu_fallback"
    if conf - conf2 >= m:
        return name
    if rule == "card_pair" and card_pair_is_clear(text, name, second):
        return name
    if rule == "topic_pair" and card_pair_is_clear(text, name, second, need_card_word=False):
        return name
    return "nlu_fallback"


def scores(gold: list[str], predicted: list[str]) -> tuple[float, float]:
    pairs = [(g, p) for g, p in zip(gold, predicted, strict=True) if g != "other_card"]
    s = intent_scores([g for g, _ in pairs], [p for _, p in pairs])
    return round(s["macro_f1"], 4), round(s["accuracy"], 4)


def run(diet_path: Path, ngram_path: Path, variant: str, w: float) -> dict[str, Any]:
    diet = json.loads(diet_path.read_text(encoding="utf-8"))
    ngram = json.loads(ngram_path.read_text(encoding="utf-8"))
    assert ngram["train"] == diet["train"], "the two files were made from different training data"
    train = diet["train"]
    diet_oof: list[dict[str, float] | None] = [None] * len(train)
    for fold in diet["folds"]:
        for i, r in zip(fold["test"], fold["rankings"], strict=True):
            diet_oof[i] = r
    covered = [i for i, r in enumerate(diet_oof) if r is not None]
    fold_of = {i: k for k, fold in enumerate(diet["folds"]) for i in fold["test"]}
    oof = [(train[i][0], train[i][1], mixed(train[i][0], diet_oof[i], ngram[variant]["oof"][i], w)) for i in covered]
    folds = [[j for j, i in enumerate(covered) if fold_of[i] == k] for k in range(len(diet["folds"]))]
    sets = {}
    for name in ("dev", "nlu_dev_real", "nlu_dev_oos", "chatter", "dev_typo"):
        if name in diet["dev"] and name in ngram[variant]["dev"]:
            pairs = diet["dev"][name]["pairs"]
            sets[name] = [(t, g, mixed(t, d, n, w)) for (t, g), d, n in
                          zip(pairs, diet["dev"][name]["rankings"], ngram[variant]["dev"][name], strict=True)]
    table = []
    for rule in RULES:
        for t in THRESHOLDS:
            for m in MARGINS:
                if rule != "margin" and m == 0.0:
                    continue
                row: dict[str, Any] = {"rule": rule, "threshold": t, "margin": m}
                predicted = [decide(x, p, rule, t, m) for x, _, p in oof]
                row["cv"] = scores([g for _, g, _ in oof], predicted)
                # per fold (macro-F1 + accuracy), to read differences against the fold-to-fold spread
                row["cv_fold_sums"] = [round(sum(scores([oof[j][1] for j in f], [predicted[j] for j in f])), 4)
                                       for f in folds]
                for name, items in sets.items():
                    predicted = [decide(x, p, rule, t, m) for x, _, p in items]
                    if name in ("nlu_dev_oos", "chatter"):
                        row[name] = round(sum(p not in NOT_CARD for p in predicted) / len(predicted), 4)
                    else:
                        row[name] = scores([g for _, g, _ in items], predicted)
                if "dev" in row and "dev_typo" in row:
                    row["typo_drop"] = round(row["dev"][0] - row["dev_typo"][0], 4)
                table.append(row)
    allowed = [r for r in table if r.get("nlu_dev_oos", 0.0) <= CHATTER_LIMIT]
    # ties (a rule that changes nothing out of fold) go to the better development accuracy, then to the plainer rule
    best = max(allowed, key=lambda r: (round(sum(r["cv"]), 4), r.get("dev", (0, 0))[1], -RULES.index(r["rule"])))
    return {"rule": __doc__.split("Chosen (printed first): ")[1].split("\n\n")[0], "variant": variant,
            "diet_weight": w, "cv_examples": len(covered), "folds": len(diet["folds"]), "chosen": best, "table": table}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diet", type=Path, required=True)
    parser.add_argument("--ngram", type=Path, required=True)
    parser.add_argument("--variant", default="sqrt_balanced")
    parser.add_argument("--diet-weight", type=float, default=0.3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    result = run(args.diet, args.ngram, args.variant, args.diet_weight)
    print("chosen:", json.dumps(result["chosen"], ensure_ascii=False),
          f"(out of fold: {result['cv_examples']} examples, {result['folds']} folds)")
    for row in result["table"]:
        print(json.dumps(row, ensure_ascii=False))
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
