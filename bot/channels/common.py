"""What every input channel does to a user's text before the bot sees it, and to its replies.

Shared by the REST and WeChat channels so that masking, length limits and the "bot said nothing"
fallback behave the same everywhere.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# jieba + DIET on a 10,000-character message took 19 s and blocked the worker: read a prefix only.
MAX_TEXT_CHARS = 500
# A turn's JSON body (500 characters of message plus a sender) is a few KB; anything far larger is
# refused with 413 before it is read whole (Sanic's own limit is 100 MB).
MAX_REQUEST_BYTES = 64 * 1024
# Conversation ids are "<channel>:<sender>" (rest:…, widget:…, wechat:<openid>); a sender is this long
# at most and made of these characters, so no client can name another channel's conversation.
MAX_SENDER_CHARS = 128

EMPTY_MESSAGE_REPLY = (
    "您好像发送了一条空白消息。请直接描述您的情况，例如：“招行欠了两万五，逾期45天，利息多少？”"
)
TRUNCATED_NOTE = "（您的消息较长，我只读取了前{limit}个字。如果还有重要情况，请分几条发给我。）"



def _number_not_kept() -> str:
    # issue 23 item 16: a full card, ID or phone number typed into the chat is masked before anything keeps it
    from bot import facts as F

    return F.labels()["number_not_kept"]


# Answers to a client program of the REST channel (or the widget's page) that sent a bad request: in
# Chinese, naming the field, since a bank's developer reads them.
REQUEST_NOT_JSON = '请求体应为 JSON：{"sender": "…", "message": "…"}'
SENDER_MISSING = (
    '缺少 sender 字段：sender 是对话标识，每位用户一个固定的字符串（例如 "user-42"），'
    '请求体如 {"sender": "user-42", "message": "你好"}。'
)
SENDER_INVALID = (
    "sender 字段无效：对话标识应为 1–{limit} 个英文字母、数字或 _ . @ - 字符，以字母或数字开头，"
    "且不能是手机号、卡号或身份证号。"
)
BODY_TOO_LARGE = "请求体过大（上限 {limit} KB）：一条消息只会读取前 {chars} 个字，请分几条发送。"
NO_REPLY_FALLBACK = (
    "抱歉，系统暂时出了点问题，刚才这条消息没能处理。"
    "请稍后再发一次；如需人工帮助，请回复“转人工”，或直接拨打您信用卡背面的银行客服电话。"
)


@dataclass
class PreparedText:
    text: str
    empty: bool = False
    notes: list[str] = field(default_factory=list)


def prepare_user_text(raw: object) -> PreparedText:
    """Masks personal numbers and bounds the length of what a user sent (any channel).

    The text is cut before it is masked (masking 11 MB took 23 s of the event loop): a prefix a
    little longer than MAX_TEXT_CHARS is masked, so that a number written across the limit is still
    recognised whole, and the masked text is then cut to MAX_TEXT_CHARS.
    """
    from bot.privacy import mask_text

    text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
    text = text.replace("\x00", "").strip()
    if not text:
        return PreparedText(text="", empty=True)
    if len(text) <= MAX_TEXT_CHARS:
        masked = mask_text(text)
        return PreparedText(text=masked, notes=[_number_not_kept()] if masked != text else [])
    masked = _masked_prefix(text, mask_text)
    notes = [TRUNCATED_NOTE.format(limit=MAX_TEXT_CHARS)]
    if masked != text[:MAX_TEXT_CHARS]:
        notes.append(_number_not_kept())
    return PreparedText(text=masked, notes=notes)


# The longest way to write one personal number: 19 digits and an X with the longest separator between each
# two (bot.privacy.MAX_SEPARATOR_CHARS), after "+0086 ". A number that crosses the end of the masked prefix
# is masked only in part, at most this long, and at the very end of the masked prefix.
_NUMBER_CHARS = 6 + 20 + 19 * 19  # 19 = bot.privacy.MAX_SEPARATOR_CHARS (checked by tests/channels/test_common.py)
# Masking shortens the text (「6 2 2 2 …」 → ****7894), so a longer prefix may be needed to fill
# MAX_TEXT_CHARS after masking; never more than this many characters are masked.
_MAX_MASKED_CHARS = 40 * MAX_TEXT_CHARS


def _masked_prefix(text: str, mask_text: Callable[[str], str]) -> str:
    """The first MAX_TEXT_CHARS characters of the masked `text`, masking only a bounded prefix."""
    end = MAX_TEXT_CHARS + _NUMBER_CHARS
    while True:
        masked = mask_text(text[:end])
        if end >= len(text):
            return masked[:MAX_TEXT_CHARS]
        if len(masked) >= MAX_TEXT_CHARS + _NUMBER_CHARS:
            # whatever was cut at `end` lies in the last _NUMBER_CHARS characters, past the cut
            return masked[:MAX_TEXT_CHARS]
        if end >= _MAX_MASKED_CHARS:
            # a message made (almost) only of numbers: drop the tail that may hold a number cut in half
            return masked[: max(0, len(masked) - _NUMBER_CHARS)][:MAX_TEXT_CHARS]
        end *= 2
