"""How bench/eval/{dev,sealed,chatter}.yml were made (run once on 2026-12-07; kept as the record).

    python3 bench/eval/build/make_sets.py /tmp/evalraw

The raw folder held what was copied from the `search` tool's stored pages and from two public dialogue
corpora; it is not kept (every item with its source address is in the three files). Only sources whose
address has an md5 hex digest starting with 0–7 were used (see bench/eval/README.md).

- card questions: ``q.tsv`` (url, text; labels in ``labels.py``) and ``q2.tsv`` (url, text, intent, note);
  shuffled once with SEED and cut in half: the first half is dev.yml, the second sealed.yml;
- chatter: ``c.tsv`` (url, text) from the same pages (other debts and other topics), RiSAWOZ first user turns
  (12 domains, PER_DOMAIN each) and CrossWOZ test user turns (CROSSWOZ_N dialogues, one turn each).
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import sys
import zipfile
from pathlib import Path

import yaml

SEED = 20261207
PER_DOMAIN = 11
CROSSWOZ_N = 80
EVAL_DIR = Path(__file__).resolve().parents[1]
RISAWOZ_URL = "https://github.com/alee2022/llm-xrisawoz/blob/main/full_results/dst_zh_results.json"
CROSSWOZ_URL = "https://github.com/thu-coai/CrossWOZ/blob/master/data/crosswoz/test.json.zip"
CLOSING = re.compile(r"^[^，,。]*(再见|谢谢|拜拜)[^，,。]*[。!！]?$")


def allowed(url: str) -> bool:
    return hashlib.md5(url.encode()).hexdigest()[0] in "01234567"


def card_questions(raw: Path) -> list[dict]:
    ns: dict = {}
    exec((raw / "labels.py").read_text(encoding="utf-8"), ns)
    items = []
    for i, line in enumerate((raw / "q.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if i in ns["DROP"]:
            continue
        url, text = line.split("\t")[:2]
        intent, note = ns["L"][i]
        items.append({"text": ns["FIX"].get(i, text), "intent": intent, "source": url, "note": note})
    for line in (raw / "q2.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[1] in ns["DROP2"]:
            continue
        items.append({"text": parts[1], "intent": parts[2], "source": parts[0],
                      "note": parts[3] if len(parts) > 3 else ""})
    return items


def chatter(raw: Path, rng: random.Random) -> list[dict]:
    items = [{"text": text, "source": url, "corpus": "pages (other debts and other topics)"}
             for url, text in (line.split("\t")[:2]
                               for line in (raw / "c.tsv").read_text(encoding="utf-8").splitlines())]
    by_domain: dict[str, list[str]] = {}
    for row in json.loads((raw / "risawoz_dst_zh.json").read_text(encoding="utf-8")):
        if "<state> null <endofstate>" not in row["input"]:
            continue
        text = re.search(r"USER: (.*?) <endofhistory>", row["input"]).group(1).strip()
        domains = re.findall(r"\( (\w+) \)", row["output"])
        if domains and text not in by_domain.setdefault(domains[0], []):
            by_domain[domains[0]].append(text)
    for domain in sorted(by_domain):
        for text in rng.sample(by_domain[domain], min(PER_DOMAIN, len(by_domain[domain]))):
            items.append({"text": text, "source": RISAWOZ_URL, "corpus": f"RiSAWOZ ({domain})"})
    dialogues = json.loads(zipfile.ZipFile(raw / "cw" / "test.json.zip").read("test.json"))
    for key in rng.sample(sorted(dialogues), CROSSWOZ_N):
        turns = [m["content"].strip() for m in dialogues[key]["messages"]
                 if m["role"] == "usr" and not CLOSING.match(m["content"].strip())]
        items.append({"text": rng.choice(turns), "source": CROSSWOZ_URL,
                      "corpus": f"CrossWOZ test ({dialogues[key]['type']}, dialogue {key})"})
    assert all(allowed(item["source"]) for item in items)
    seen, unique = set(), []
    for item in items:
        if item["text"] not in seen:
            seen.add(item["text"])
            unique.append(item)
    return unique


def dump(path: Path, header: str, items: list[dict]) -> None:
    body = yaml.safe_dump({"seed": SEED, "items": items}, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(header + body, encoding="utf-8")


def main(raw: Path) -> None:
    rng = random.Random(SEED)
    questions = card_questions(raw)
    assert all(allowed(q["source"]) for q in questions)
    for q in questions:
        if not q["note"]:
            del q["note"]
    rng.shuffle(questions)
    half = (len(questions) + 1) // 2
    common = ("# Real cardholder questions copied from public pages (search-query titles, headings, forum and\n"
              "# Q&A lines), each with its source address; labelled with one intent of the project\n"
              "# (other_card: a card question no intent fits; scored apart, not in macro-F1).\n"
              f"# Split once at random (seed {SEED}, bench/eval/build/make_sets.py); see bench/eval/README.md.\n")
    dump(EVAL_DIR / "dev.yml", common + "# DEV half: scored with a full miss listing; fine to read.\n",
         questions[:half])
    dump(EVAL_DIR / "sealed.yml",
         "# SEALED: this file is only scored (bench/eval_nlu.py prints aggregate figures only). Its misses are\n"
         "# never printed, read or used for training; do not open it to write training data.\n" + common,
         questions[half:])
    dump(EVAL_DIR / "chatter.yml",
         "# Messages from other domains (public corpora and pages, each with its source), scored as the share\n"
         "# the bot takes for a card question (bench/eval_nlu.py NOT_CARD_INTENTS). See bench/eval/README.md.\n",
         chatter(raw, rng))
    print(f"dev {half}, sealed {len(questions) - half}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
