"""What an e2e test reads back from a live bot's conversation: one home for the helpers every e2e file needs
(the case slot, its cards and situation, the intent of the last message, a PDF's text)."""
from __future__ import annotations

import shutil
import subprocess


def case(bot, s: str) -> dict:
    """The case slot of sender `s` (empty cards and situation before anything is stored)."""
    return bot.tracker(s)["slots"]["case"] or {"cards": [], "situation": {}}


def cards(bot, s: str) -> list[tuple]:
    """(bank, amount, overdue_days) of each stored card, in order."""
    return [(c.get("bank"), c.get("amount"), c.get("overdue_days")) for c in case(bot, s)["cards"]]


def situation(bot, s: str) -> dict:
    return case(bot, s)["situation"]


def intent_of(live_bot, s: str) -> str:
    """The intent Rasa read in sender `s`'s last message."""
    return live_bot.tracker(s)["latest_message"]["intent"]["name"]


def flat(text: str) -> str:
    """`text` without any white space (a PDF's or a bubble's line breaks fall anywhere)."""
    return "".join(text.split())


def pdf_text(data: bytes) -> str:
    """The text of a PDF, read back with Debian's pdftotext, without white space."""
    assert shutil.which("pdftotext"), "pdftotext (Debian poppler-utils) is needed: make browser-deps"
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return flat(out)
