"""What every input channel does to a user's text before the bot sees it, and to its replies.

Shared by the REST and WeChat channels so that masking, length limits and the "bot said nothing"
fallback behave the same everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# jieba + DIET on a 10,000-character message took 19 s and blocked the worker: read a prefix only.
MAX_TEXT_CHARS = 500

EMPTY_MESSAGE_REPLY = (
    "您好像发送了一条空白消息。请直接描述您的情况，例如：“招行欠了两万五，逾期45天，利息多少？”"
)
TRUNCATED_NOTE = "（您的消息较长，我只读取了前{limit}个字。如果还有重要情况，请分几条发给我。）"
NO_REPLY_FALLBACK = (
    "抱歉，系统暂时出了点问题，没能处理您的消息，您说的内容没有丢失。"
    "请稍后再发一次；如需人工帮助，请回复“转人工”，或直接拨打您信用卡背面的银行客服电话。"
)


@dataclass
class PreparedText:
    text: str
    empty: bool = False
    notes: list[str] = field(default_factory=list)


def prepare_user_text(raw: object) -> PreparedText:
    """Masks personal numbers and bounds the length of what a user sent (any channel)."""
    from bot.privacy import mask_text

    text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
    text = text.replace("\x00", "").strip()
    if not text:
        return PreparedText(text="", empty=True)
    notes = []
    if len(text) > MAX_TEXT_CHARS:
        # mask before cutting so a number cut in half at the boundary is not left readable
        text = mask_text(text)[:MAX_TEXT_CHARS]
        notes.append(TRUNCATED_NOTE.format(limit=MAX_TEXT_CHARS))
    return PreparedText(text=mask_text(text), notes=notes)
