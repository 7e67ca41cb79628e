"""DIET's full intent rankings, out of fold on the training data and on the development sets (issue 19), so
that IntentEnsemble's mix (DIET share, n-gram model, fallback threshold) can be chosen offline by
cross-validation instead of by hand (bench/nlu_dev/tune_ensemble.py).

    .venv/bin/python -m bench.nlu_dev.diet_rankings --out /tmp/diet.json [--folds 5] [--no-full]

Trains config.yml's pipeline up to DIETClassifier (TextNormalizer, JiebaTokenizer, the featurizers, DIET with
its settings; no ensemble, fallback or guards) on each of 5 stratified folds of the NLU files of data/ (seed 42,
bench.accuracy.stratified_folds) and records DIET's ranking of every held-out example; then on all of data/,
ranking the development sets bench/eval/dev.yml and bench/nlu_dev/*.yml (never the sealed set).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from bench.accuracy import stratified_folds
from bench.common import PROJECT_CONFIG, ROOT, quiet_rasa_env, write_nlu_yaml
from bench.eval_nlu import snapshot_training_data, training_pairs

HERE = Path(__file__).resolve().parent
DEV_SETS = {
    "dev": ROOT / "bench" / "eval" / "dev.yml",
    "nlu_dev_real": HERE / "dev_real.yml",
    "nlu_dev_oos": HERE / "dev_oos.yml",
    # the team's own set: only scored (its misses are not read to write training data)
    "independent": ROOT / "tests" / "nlu_test_independent.yml",
}
STOP_AFTER = "DIETClassifier"


def dev_texts() -> dict[str, list[tuple[str, str]]]:
    from bench.common import read_nlu_examples

    from bench.eval.typo import homophone_variant

    out = {}
    for name, path in DEV_SETS.items():
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(content, dict) and "items" in content:
            out[name] = [(q["text"], q.get("intent", "out_of_scope")) for q in content["items"]]
        else:
            out[name] = read_nlu_examples(path)
    # the evaluation's chatter (other domains, no intent: out_of_scope) and dev with one homophone per sentence
    # (bench/eval/typo.py), so that the mix's chatter share and typo drop can be read offline too
    chatter = yaml.safe_load((ROOT / "bench" / "eval" / "chatter.yml").read_text(encoding="utf-8"))["items"]
    out["chatter"] = [(q["text"], "out_of_scope") for q in chatter]
    out["dev_typo"] = [(homophone_variant(t), g) for t, g in out["dev"]]
    return out


def diet_config(dest: Path) -> Path:
    """config.yml's pipeline cut after DIET (every intent ranked), no policies."""
    content = yaml.safe_load(PROJECT_CONFIG.read_text(encoding="utf-8"))
    pipeline = []
    for component in content["pipeline"]:
        pipeline.append(component)
        if component["name"] == STOP_AFTER:
            component["ranking_length"] = 0
            break
    content["pipeline"] = pipeline
    content.pop("policies", None)
    dest.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return dest


def rank(config: Path, train_dir: str, out_dir: Path, texts: list[str]) -> list[dict[str, float]]:
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    model = train_nlu(str(config), train_dir, str(out_dir), fixed_model_name="diet")
    agent = Agent.load(model)

    async def parse_all() -> list[dict[str, float]]:
        out = []
        for text in texts:
            parsed = await agent.parse_message(text)
            out.append({r["name"]: float(r["confidence"]) for r in parsed.get("intent_ranking") or []})
        return out

    return asyncio.run(parse_all())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--no-folds", action="store_true")
    parser.add_argument("--no-full", action="store_true")
    parser.add_argument("--only-folds", help="e.g. 4,3: only these folds (two processes can share the five; "
                        "bench.nlu_dev.ablate score --diet a.json,b.json merges them)")
    args = parser.parse_args()
    quiet_rasa_env()
    os.environ["RASA_MAX_CACHE_SIZE"] = "0"
    os.chdir(ROOT)
    result: dict[str, Any] = {"folds": [], "dev": {}}
    with tempfile.TemporaryDirectory(prefix="kayou-diet-rank-") as tmp:
        work = Path(tmp)
        nlu_dir = snapshot_training_data(work / "data")
        train = training_pairs(nlu_dir)
        config = diet_config(work / "config_diet.yml")
        result["train"] = train
        if not args.no_full:
            sets = dev_texts()
            texts = [t for pairs in sets.values() for t, _ in pairs]
            ranks = rank(config, str(nlu_dir), work / "full", texts)
            start = 0
            for name, pairs in sets.items():
                result["dev"][name] = {"pairs": pairs, "rankings": ranks[start:start + len(pairs)]}
                start += len(pairs)
            args.out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
            print("full done", flush=True)
        if not args.no_folds:
            wanted = {int(k) for k in args.only_folds.split(",")} if args.only_folds else None
            for k, (a, b) in enumerate(stratified_folds(train)):
                if wanted is not None and k not in wanted:
                    continue
                path = write_nlu_yaml([train[i] for i in a], work / f"fold{k}.yml")
                ranks = rank(config, str(path), work / f"out{k}", [train[i][0] for i in b])
                result["folds"].append({"test": [int(i) for i in b], "rankings": ranks})
                args.out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
                print(f"fold {k} done", flush=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    print("done", flush=True)


if __name__ == "__main__":
    main()
