"""Chooses IntentEnsemble's mix by cross-validation on the training data (issue 19), not by hand.

    .venv/bin/python -m bench.nlu_dev.tune_ensemble --diet /tmp/diet.json --ngram /tmp/lr.json [--out FILE]

Inputs: DIET's out-of-fold rankings (bench/nlu_dev/diet_rankings.py) and the n-gram model's out-of-fold
probabilities on the same 5 stratified folds (seed 42) for one or more feature variants (same file layout:
``{variant: {"oof": [...], "dev": {set: [...]}}}``), plus both models' rankings of the development sets
(bench/eval/dev.yml, bench/nlu_dev/dev_real.yml, bench/nlu_dev/dev_oos.yml).

Rule: for each variant and DIET share, the fallback threshold is the lowest one (step 0.05) at which at most 3 %
of the other-domain development messages (bench/nlu_dev/dev_oos.yml) are taken as a card question (issue 19's
target is 5 %; 3 % leaves room for a set that differs); the variant, share and threshold chosen are those with
the best out-of-fold mean of macro-F1 and accuracy on the training data as deployed (below the threshold or
within the ambiguity margin of 0.08 = nlu_fallback = wrong), so that a model whose confidences are flatter pays
for the higher threshold it needs; accuracy counts beside macro-F1 because a fallback costs a real question its
answer (issue 19's target for real questions is accuracy). The development questions'
figures are printed beside it, for reading, not for choosing.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench.accuracy import intent_scores

NOT_CARD = {"out_of_scope", "nlu_fallback", "greet", "goodbye", "thanks", "bot_challenge", "affirm", "deny"}
WEIGHTS = [round(0.1 * k, 1) for k in range(11)]
THRESHOLDS = [round(0.05 * k, 2) for k in range(0, 13)]
CHATTER_LIMIT = 0.03


AMBIGUITY = 0.08  # config.yml's FallbackClassifier ambiguity_threshold (kept as it is)


def mix(diet: dict[str, float], ngram: dict[str, float], w: float) -> tuple[str, float, float]:
    """The mixed top intent, its confidence and the runner-up's confidence."""
    names = set(diet) | set(ngram)
    scores = {n: w * diet.get(n, 0.0) + (1 - w) * ngram.get(n, 0.0) for n in names}
    ranked = sorted(sorted(scores), key=lambda n: -scores[n])
    return ranked[0], scores[ranked[0]], scores[ranked[1]] if len(ranked) > 1 else 0.0


def deployed(pred: tuple[str, float, float], threshold: float) -> str:
    """As Rasa's FallbackClassifier: below the threshold, or within AMBIGUITY of the runner-up → nlu_fallback."""
    name, top, second = pred
    return name if top >= threshold and top - second >= AMBIGUITY else "nlu_fallback"


def scores(gold: list[str], predicted: list[str]) -> tuple[float, float]:
    pairs = [(g, p) for g, p in zip(gold, predicted, strict=True) if g != "other_card"]
    s = intent_scores([g for g, _ in pairs], [p for _, p in pairs])
    return round(s["macro_f1"], 4), round(s["accuracy"], 4)


def run(diet_path: Path, ngram_path: Path, only: list[str] | None = None) -> dict[str, Any]:
    diet = json.loads(diet_path.read_text(encoding="utf-8"))
    ngram = json.loads(ngram_path.read_text(encoding="utf-8"))
    train = diet["train"]
    gold = [i for _, i in train]
    diet_oof: list[dict[str, float] | None] = [None] * len(train)
    for fold in diet["folds"]:
        for i, r in zip(fold["test"], fold["rankings"], strict=True):
            diet_oof[i] = r
    assert ngram["train"] == train, "the two files were made from different training data"
    # the folds present (a run cut short covers part of the training data; the figures say how much)
    covered = [i for i, r in enumerate(diet_oof) if r is not None]
    gold = [gold[i] for i in covered]
    diet_oof = [diet_oof[i] for i in covered]
    variants = [k for k in ngram if k != "train" and (not only or k in only)]
    for variant in variants:
        ngram[variant]["oof"] = [ngram[variant]["oof"][i] for i in covered]
    table = []
    for variant in variants:
        for w in WEIGHTS:
            mixed = [mix(d, n, w) for d, n in zip(diet_oof, ngram[variant]["oof"], strict=True)]
            f1, acc = scores(gold, [m[0] for m in mixed])
            oos = [mix(d, n, w) for d, n in zip(diet["dev"]["nlu_dev_oos"]["rankings"],
                                                ngram[variant]["dev"]["nlu_dev_oos"], strict=True)]
            t = next((t for t in THRESHOLDS
                      if sum(deployed(p, t) not in NOT_CARD for p in oos) / len(oos) <= CHATTER_LIMIT), None)
            row = {"variant": variant, "diet_weight": w, "cv_macro_f1": f1, "cv_accuracy": acc, "threshold": t}
            if t is not None:
                row["cv_deployed"] = scores(gold, [deployed(m, t) for m in mixed])
            table.append(row)
    best = max((r for r in table if r["threshold"] is not None), key=lambda r: sum(r["cv_deployed"]))
    variant, w = best["variant"], best["diet_weight"]

    def dev_preds(name: str) -> list[tuple[str, float]]:
        return [mix(d, n, w) for d, n in zip(diet["dev"][name]["rankings"], ngram[variant]["dev"][name], strict=True)]

    oos = dev_preds("nlu_dev_oos")
    sweep = []
    for t in THRESHOLDS:
        row: dict[str, Any] = {"threshold": t,
                               "nlu_dev_oos_taken": round(sum(deployed(p, t) not in NOT_CARD for p in oos) / len(oos), 4)}
        for name in ("dev", "nlu_dev_real"):
            g = [i for _, i in diet["dev"][name]["pairs"]]
            row[name] = scores(g, [deployed(p, t) for p in dev_preds(name)])
        mixed = [mix(d, n, w) for d, n in zip(diet_oof, ngram[variant]["oof"], strict=True)]
        row["cv_deployed"] = scores(gold, [deployed(m, t) for m in mixed])
        sweep.append(row)
    threshold = best["threshold"]
    return {"rule": __doc__.split("Rule: ")[1].split("\n\n")[0], "chosen": {"variant": variant, "diet_weight": w,
            "threshold": threshold}, "cv_examples": len(covered), "folds": len(diet["folds"]), "cv_table": table, "threshold_sweep": sweep}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diet", type=Path, required=True)
    parser.add_argument("--ngram", type=Path, required=True)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--variants", help="comma-separated: choose among these n-gram variants only")
    args = parser.parse_args()
    result = run(args.diet, args.ngram, args.variants.split(",") if args.variants else None)
    for row in result["cv_table"]:
        print(f"{row['variant']:<12} w={row['diet_weight']:.1f}  CV top intent macro-F1 {row['cv_macro_f1']:.4f}  "
              f"acc {row['cv_accuracy']:.4f}  threshold {row['threshold']}  CV deployed {row.get('cv_deployed')}")
    print("chosen:", result["chosen"], f"(out of fold: {result['cv_examples']} examples, {result['folds']} folds)")
    for row in result["threshold_sweep"]:
        print(row)
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
