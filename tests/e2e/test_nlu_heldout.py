"""The trained model on the held-out set (tests/nlu_test.yml, never trained on): macro-F1 ≥ 0.95."""
from __future__ import annotations

import asyncio

import yaml
from sklearn.metrics import f1_score

from tests.e2e.servers import ROOT, ensure_model

MIN_MACRO_F1 = 0.95


def held_out() -> list[tuple[str, str]]:
    data = yaml.safe_load((ROOT / "tests" / "nlu_test.yml").read_text(encoding="utf-8"))
    pairs = []
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                pairs.append((line[2:].strip(), block["intent"]))
    return pairs


def test_held_out_set_is_disjoint_from_training_data():
    train = yaml.safe_load((ROOT / "data" / "nlu.yml").read_text(encoding="utf-8"))
    seen = {line.strip()[2:].strip() for block in train["nlu"] if "examples" in block
            for line in block["examples"].splitlines() if line.strip().startswith("- ")}
    overlap = [text for text, _ in held_out() if text in seen]
    assert not overlap, overlap


def test_intent_macro_f1_on_held_out_set():
    from rasa.core.agent import Agent

    pairs = held_out()
    assert len({intent for _, intent in pairs}) >= 24 and len(pairs) >= 8 * 24
    agent = Agent.load(str(ensure_model()))

    async def predict() -> list[str]:
        return [(await agent.parse_message(text))["intent"]["name"] for text, _ in pairs]

    predicted = asyncio.run(predict())
    gold = [intent for _, intent in pairs]
    macro = f1_score(gold, predicted, average="macro", labels=sorted(set(gold)))
    errors = [(t, g, p) for (t, g), p in zip(pairs, predicted, strict=True) if g != p]
    assert macro >= MIN_MACRO_F1, (macro, errors[:20])
