"""DIET's rankings of the development sets read from a trained model (the input of IntentEnsemble, captured in the
process), in bench/nlu_dev/diet_rankings.py's format, so that `ablate score` can mix the shipped model's own DIET
instead of a retrained one (issue 19; session 7, nlu7). No training; never the sealed set.

    .venv/bin/python -m bench.nlu_dev.capture_diet --model models/kayou.tar.gz --out /tmp/diet_dev.json
"""
from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from pathlib import Path
from typing import Any

from bench.common import quiet_rasa_env
from bench.eval_nlu import snapshot_training_data, training_pairs
from bench.nlu_dev.diet_rankings import dev_texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    quiet_rasa_env()
    from rasa.core.agent import Agent
    from rasa.shared.nlu.constants import INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY

    from bot.nlu import components

    captured: list[dict[str, float]] = []
    original = components.IntentEnsemble.process

    def process(self, messages):  # type: ignore[no-untyped-def]
        for m in messages:
            captured.append({r.get(INTENT_NAME_KEY): float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
                             for r in m.get(INTENT_RANKING_KEY) or []})
        return original(self, messages)

    components.IntentEnsemble.process = process
    with tempfile.TemporaryDirectory(prefix="kayou-capture-") as tmp:
        train = training_pairs(snapshot_training_data(Path(tmp) / "data"))
    agent = Agent.load(args.model)
    sets = dev_texts()
    result: dict[str, Any] = {"train": train, "folds": [], "dev": {}, "model": str(args.model)}

    async def parse(text: str) -> dict[str, float]:
        captured.clear()
        await agent.parse_message(text)
        return dict(captured[-1]) if captured else {}

    for name, pairs in sets.items():
        result["dev"][name] = {"pairs": pairs, "rankings": [asyncio.run(parse(t)) for t, _ in pairs]}
    args.out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    print("done", {k: len(v["rankings"]) for k, v in result["dev"].items()})


if __name__ == "__main__":
    main()
