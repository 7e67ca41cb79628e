"""Why plain TF-IDF + LR over characters is ahead of IntentEnsemble: each part of the deployed intent reading
changed one at a time, out of fold on the training data (5 stratified folds, seed 42) and on the development sets
(issue 19; session 5, nlu5). Never the sealed set.

    .venv/bin/python -m bench.nlu_dev.ablate ngram --out /tmp/ngram_ablate.json [--variants a,b]
    .venv/bin/python -m bench.nlu_dev.ablate score --diet /tmp/diet.json --ngram /tmp/ngram_ablate.json [--out F]

``ngram``: the n-gram model's probabilities for each variant below, out of fold (same folds as
bench/nlu_dev/diet_rankings.py) and trained on all of data/ for the development sets (bench/eval/dev.yml,
bench/nlu_dev/*.yml, chatter, dev with one homophone) and the team's independent set (tests/nlu_test_independent.yml,
only scored: its misses are not read to write data).

``score``: every n-gram variant mixed with DIET's out-of-fold rankings at several shares, then the deployed tail
run on each message as Rasa runs it (IntentEnsemble's scope rules and filler rule, CardTopicFallbackClassifier,
TopicGuard, RequestGuard, DistressGuard: the components themselves, on Rasa Messages with ChineseSlotExtractor's
entities), switching off one part at a time. Scores: macro-F1 / accuracy out of fold (other_card excluded) and on
dev, independent, chatter taken as card, the development other-domain set (bench/nlu_dev/dev_oos.yml) taken as card.
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from bench.accuracy import intent_scores, stratified_folds
from bench.eval_nlu import snapshot_training_data, training_pairs
from bench.nlu_dev.diet_rankings import dev_texts

NOT_CARD = {"out_of_scope", "nlu_fallback", "greet", "goodbye", "thanks", "bot_challenge", "affirm", "deny"}


def eval_texts() -> dict[str, list[tuple[str, str]]]:
    return dev_texts()


# ---------------------------------------------------------------------------------------------------------------
# n-gram variants: each a fit on (text, intent) pairs returning a predict_proba callable


def _char_pinyin(normalize_text: bool = True, **kw: Any):
    def fit(train):
        from bot.nlu.char_pinyin import CharPinyinModel
        from bot.nlu.normalize import normalize

        f = normalize if normalize_text else (lambda t: t)
        model = CharPinyinModel(**{"c": 10.0, "use_words": True, "class_weight": "sqrt_balanced", **kw}).fit(
            [f(t) for t, _ in train], [i for _, i in train])
        return lambda texts: model.predict_proba([f(t) for t in texts])
    return fit


def _plain_chars(c: float = 100.0, analyzer: str = "char", norm: bool = False, class_weight: Any = None,
                 min_df: int = 1):
    """bench/eval_nlu.py's lr_chars (C as its inner grid search chose on this data: 100), optionally changed."""
    def fit(train):
        from collections import Counter

        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        from bot.nlu.normalize import normalize

        f = normalize if norm else (lambda t: t)
        vec = TfidfVectorizer(analyzer=analyzer, ngram_range=(1, 3), lowercase=True, sublinear_tf=True, min_df=min_df)
        texts, labels = [f(t) for t, _ in train], [i for _, i in train]
        weights = class_weight
        if weights == "sqrt_balanced":
            counts = Counter(labels)
            weights = {k: (len(labels) / (len(counts) * n)) ** 0.5 for k, n in counts.items()}
        lr = LogisticRegression(C=c, max_iter=3000, class_weight=weights).fit(vec.fit_transform(texts), labels)
        classes = [str(x) for x in lr.classes_]
        return lambda xs: [dict(zip(classes, map(float, row), strict=True))
                           for row in lr.predict_proba(vec.transform([f(t) for t in xs]))]
    return fit


def _scope_detector(c: float = 10.0, card_only: bool = False):
    """nlu7: a separate "is this about the card at all" detector: out_of_scope against every other intent (or, with
    ``card_only``, against the card topics only), character 1–3-grams + pinyin (CharPinyinModel, two classes).
    Returns {"in_domain": p, "out_of_scope": 1 - p}."""
    def fit(train):
        from bot.nlu.char_pinyin import CharPinyinModel
        from bot.nlu.components import CARD_TOPICS
        from bot.nlu.normalize import normalize

        pairs = [(t, "out_of_scope" if i == "out_of_scope" else "in_domain") for t, i in train
                 if not card_only or i == "out_of_scope" or i in CARD_TOPICS]
        model = CharPinyinModel(c=c, use_words=True, class_weight="balanced").fit(
            [normalize(t) for t, _ in pairs], [i for _, i in pairs])
        return lambda texts: model.predict_proba([normalize(t) for t in texts])
    return fit


VARIANTS = {
    "scope": _scope_detector(),
    "scope_card": _scope_detector(card_only=True),
    "deployed": _char_pinyin(),                                   # config.yml's n-gram half
    "no_weights": _char_pinyin(class_weight=None),
    "balanced": _char_pinyin(class_weight="balanced"),
    "no_pinyin": _char_pinyin(use_pinyin=False, use_initials=False),
    "no_words": _char_pinyin(use_words=False),
    "no_normalize": _char_pinyin(normalize_text=False),
    "c100": _char_pinyin(c=100.0),
    "lr_chars": _plain_chars(),                                   # the baseline as bench/eval_nlu.py trains it
    "lr_chars_c10": _plain_chars(c=10.0),
    "lr_chars_wb_mindf2": _plain_chars(c=10.0, analyzer="char_wb", min_df=2),
    "lr_chars_norm": _plain_chars(norm=True),
    "lr_chars_sqrt": _plain_chars(class_weight="sqrt_balanced"),
}


def cmd_ngram(args: argparse.Namespace) -> None:
    out = Path(args.out)
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    with tempfile.TemporaryDirectory(prefix="kayou-ablate-") as tmp:
        data = {"data_dir": Path(args.data_dir)} if args.data_dir else {}
        train = training_pairs(snapshot_training_data(Path(tmp) / "data", **data))
    if result.get("train") not in (None, [list(pair) for pair in train]):  # JSON keeps the pairs as lists
        raise SystemExit(f"{out} was made from other training data")
    result["train"] = train
    sets = eval_texts()
    folds = stratified_folds(train)
    texts = [t for pairs in sets.values() for t, _ in pairs]
    for variant in args.variants.split(","):
        if variant in result and not args.redo:
            continue
        fit = VARIANTS[variant]
        oof: list[Any] | None = None if args.dev_only else [None] * len(train)
        for a, b in [] if args.dev_only else folds:
            predict = fit([train[i] for i in a])
            for i, p in zip(b, predict([train[i][0] for i in b]), strict=True):
                oof[i] = p
        probs = fit(train)(texts)
        dev, start = {}, 0
        for name, pairs in sets.items():
            dev[name] = probs[start:start + len(pairs)]
            start += len(pairs)
        result[variant] = {"oof": oof, "dev": dev}
        out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        print(variant, "done", flush=True)


# ---------------------------------------------------------------------------------------------------------------
# the deployed tail, run by the components themselves


class Tail:
    """IntentEnsemble's rules after the mix, then the fallback and the guards, as config.yml orders them."""

    def __init__(self, threshold: float = 0.25, margin: float = 0.02, card_pair: bool = True, scope: bool = True,
                 filler: bool = True, topic_guard: bool = True, request_guard: bool = True,
                 distress_guard: bool = True, fallback: bool = True, card_threshold: float | None = None,
                 card_margin: float | None = None, gate: float | None = None) -> None:
        from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier

        from bot.nlu.components import CardTopicFallbackClassifier, ChineseSlotExtractor, DistressGuard, RequestGuard
        from bot.nlu.topic_guard import TopicGuard

        cls = CardTopicFallbackClassifier if card_pair else FallbackClassifier
        cfg = {**FallbackClassifier.get_default_config(), "threshold": threshold, "ambiguity_threshold": margin}
        self.fallback = cls(cfg) if fallback else None
        # nlu7: a lower threshold (and margin) among card topics for a message that is about the card: it names the
        # card (gate None) or the scope detector gives it at least ``gate`` (in_domain)
        card_cfg = {**cfg, "threshold": threshold if card_threshold is None else card_threshold,
                    "ambiguity_threshold": margin if card_margin is None else card_margin}
        self.card_fallback = cls(card_cfg) if fallback and (card_threshold is not None or card_margin is not None) else None
        self.gate = gate
        self.extractor = ChineseSlotExtractor.create(ChineseSlotExtractor.get_default_config(), None, None, None)
        self.guards = ([TopicGuard()] if topic_guard else []) + ([RequestGuard()] if request_guard else []) + (
            [DistressGuard.create(DistressGuard.get_default_config(), None, None, None)] if distress_guard else [])
        self.scope, self.filler = scope, filler

    def __call__(self, text: str, scores: dict[str, float], normalize_text: bool = True,
                 in_domain: float | None = None) -> str:
        import re

        from rasa.shared.nlu.training_data.message import Message

        from bot.nlu.char_pinyin import card_in_scope, other_debt_out_of_scope
        from bot.nlu.components import _FILLER_ONLY
        from bot.nlu.normalize import normalize

        text = normalize(text) if normalize_text else text
        if self.scope:
            scores = other_debt_out_of_scope(text, card_in_scope(text, scores))
        if self.filler and _FILLER_ONLY.match(text.strip()) and re.search(r"[^\s.。,，!！?？~～…、]", text):
            scores = {k: 0.1 * v for k, v in scores.items()}
        ranking = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        message = Message(data={"text": text})
        self.extractor.process([message])
        message.set("intent", {"name": ranking[0][0], "confidence": ranking[0][1]}, add_to_output=True)
        message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True)
        if self.fallback is not None:
            from bot.nlu.char_pinyin import names_card
            from bot.nlu.components import CARD_TOPICS

            about_card = (names_card(text) if self.gate is None else (in_domain or 0.0) >= self.gate)
            use_card = self.card_fallback is not None and about_card and ranking[0][0] in CARD_TOPICS
            (self.card_fallback if use_card else self.fallback).process([message])
        for guard in self.guards:
            guard.process([message])
        return message.get("intent")["name"]


def _scores(gold: list[str], predicted: list[str]) -> list[float]:
    pairs = [(g, p) for g, p in zip(gold, predicted, strict=True) if g != "other_card"]
    s = intent_scores([g for g, _ in pairs], [p for _, p in pairs])
    return [round(s["macro_f1"], 4), round(s["accuracy"], 4)]


def cmd_score(args: argparse.Namespace) -> None:
    ngram = json.loads(Path(args.ngram).read_text(encoding="utf-8"))
    diet = None
    for path in (args.diet or "").split(","):
        if not path:
            continue
        part = json.loads(Path(path).read_text(encoding="utf-8"))  # several files: their folds merged (--only-folds)
        if diet is None:
            diet = part
        else:
            assert part["train"] == diet["train"], "DIET files made from different training data"
            seen = {tuple(f["test"]) for f in diet["folds"]}
            diet["folds"] += [f for f in part["folds"] if tuple(f["test"]) not in seen]
            diet["dev"] = diet.get("dev") or part.get("dev")
    train = ngram["train"]
    if diet is not None:
        assert diet["train"] == train, "DIET's and the n-gram file were made from different training data"
        diet_oof: list[Any] = [None] * len(train)
        for fold in diet["folds"]:
            for i, r in zip(fold["test"], fold["rankings"], strict=True):
                diet_oof[i] = r
        diet_dev = {name: s["rankings"] for name, s in diet["dev"].items()}
    sets = eval_texts()
    configs = [c for c in args.configs.split(";") if c]
    rows = []
    tails: dict[str, Tail] = {}
    for spec in configs:
        # spec: variant,w=0.3,tail options as k=v (threshold, margin, card_pair, scope, filler, topic_guard, ...)
        parts = spec.split(",")
        variant, opts = parts[0], dict(p.split("=") for p in parts[1:])
        w = float(opts.pop("w", "0.3"))
        raw = opts.pop("raw", "0") == "1"
        gate_variant = opts.pop("gate_with", "scope")
        tail_kw = {k: (float(v) if k in ("threshold", "margin", "card_threshold", "card_margin", "gate") else v == "1")
                   for k, v in opts.items()}
        key = json.dumps(tail_kw, sort_keys=True)
        tail = tails.setdefault(key, Tail(**tail_kw))
        if w > 0 and diet is None:
            raise SystemExit("DIET's rankings are needed for w > 0")

        def mixed(d: dict[str, float] | None, n: dict[str, float]) -> dict[str, float]:
            if not w:
                return dict(n)
            return {k: w * d.get(k, 0.0) + (1 - w) * n.get(k, 0.0) for k in set(d) | set(n)}

        def decide(text: str, scores: dict[str, float], gate: dict[str, float] | None = None) -> str:
            if raw:
                return max(scores, key=scores.get)
            return tail(text, scores, in_domain=(gate or {}).get("in_domain"))

        gates = ngram.get(gate_variant) if tail_kw.get("gate") is not None else None

        row: dict[str, Any] = {"config": spec}
        # --same-cover: every share scored on the examples DIET has out-of-fold rankings for (when only some of
        # its folds were trained), so that w=0 and w>0 are compared on the same examples
        covered = [i for i in range(len(train))
                   if diet is None or (w == 0 and not args.same_cover) or diet_oof[i] is not None]
        if not args.no_cv:
            pred = [decide(train[i][0], mixed(diet_oof[i] if w else None, ngram[variant]["oof"][i]),
                           gates["oof"][i] if gates else None) for i in covered]
            row["cv"] = _scores([train[i][1] for i in covered], pred)
            # nlu7: the same out-of-fold predictions on the examples whose gold intent is a card topic (the real
            # questions' population; most training examples are dialogue turns), micro accuracy and macro-F1 over
            # the card topics' gold labels
            from bot.nlu.components import CARD_TOPICS

            card = [(train[i][1], p) for i, p in zip(covered, pred, strict=True) if train[i][1] in CARD_TOPICS]
            row["cv_card_topics"] = _scores([g for g, _ in card], [p for _, p in card])
            row["cv_fallbacks"] = sum(p == "nlu_fallback" for p in pred)
        for name in ("dev", "dev_typo", "nlu_dev_real", "independent", "chatter", "nlu_dev_oos"):
            pairs = sets[name]
            dd = diet_dev[name] if w else [None] * len(pairs)
            gg = gates["dev"][name] if gates else [None] * len(pairs)
            pred = [decide(t, mixed(d, n), g)
                    for (t, _), d, n, g in zip(pairs, dd, ngram[variant]["dev"][name], gg, strict=True)]
            if name in ("chatter", "nlu_dev_oos"):
                row[name] = round(sum(p not in NOT_CARD for p in pred) / len(pred), 4)
            else:
                row[name] = _scores([g for _, g in pairs], pred)
            if name in ("dev", "nlu_dev_real", "chatter"):
                row[f"{name}_fallbacks"] = sum(p == "nlu_fallback" for p in pred)
            if name == "dev" and args.misses:
                row["dev_misses"] = [(t, g, p) for (t, g), p in zip(pairs, pred, strict=True) if g != p and g != "other_card"]
        if "dev" in row and "dev_typo" in row:
            row["typo_drop"] = round(row["dev"][0] - row["dev_typo"][0], 4)
        rows.append(row)
        print(json.dumps({k: v for k, v in row.items() if k != "dev_misses"}, ensure_ascii=False), flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("ngram")
    p.add_argument("--out", required=True)
    p.add_argument("--variants", default=",".join(VARIANTS))
    p.add_argument("--redo", action="store_true")
    p.add_argument("--data-dir", help="another data/ (default: this worktree's), e.g. main's to match DIET's file")
    p.add_argument("--dev-only", action="store_true", help="no cross-validation: trained on all of data/, sets only")
    s = sub.add_parser("score")
    s.add_argument("--ngram", required=True)
    s.add_argument("--diet")
    s.add_argument("--configs", required=True, help="';'-separated: variant,w=0.3,threshold=0.25,topic_guard=0,…")
    s.add_argument("--no-cv", action="store_true")
    s.add_argument("--same-cover", action="store_true", help="w=0 scored on the DIET-covered examples only")
    s.add_argument("--misses", action="store_true")
    s.add_argument("--out")
    args = parser.parse_args()
    {"ngram": cmd_ngram, "score": cmd_score}[args.cmd](args)


if __name__ == "__main__":
    main()
