"""WeChat Official Account (公众号) protocol helpers: pure functions, no Sanic, no Rasa.

What lives here:
- signatures (`signature` over token/timestamp/nonce, `msg_signature` over the ciphertext too);
- safe XML parsing: a document type declaration (and so any `<!ENTITY`) is refused while the
  parser reads it, before anything could be expanded;
- safe mode (安全模式): decrypt the `Encrypt` envelope and encrypt the reply (wechatpy's WeChatCrypto);
- passive text replies, and fitting long answers into WeChat's limits;
- turning Rasa bot messages (text, buttons, images) into plain text, since WeChat shows no buttons.

Length rule (decision): WeChat's passive text reply (被动回复) takes at most 2048 bytes of UTF-8
content. A longer answer is split at paragraph, line, sentence, clause or space boundaries
(`split_text`); the first piece goes into the passive reply and the others follow through the
customer-service message API (客服消息). When that API cannot be used (no AppID/AppSecret configured)
the answer is shortened instead: its first piece plus a note saying it was cut (`plan_reply`).
"""
from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat as _expat

import xmltodict
from wechatpy import parse_message as _wechatpy_parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import WeChatSigner

# WeChat's limit on a passive text reply's Content, in bytes of UTF-8.
PASSIVE_TEXT_LIMIT_BYTES = 2048
# Each customer-service (客服) text message is kept to the same size, a safe bound for that API too.
CUSTOM_TEXT_LIMIT_BYTES = 2048
# Plain answer meaning "no reply, don't retry" (WeChat also accepts an empty body).
SUCCESS = "success"
# A real WeChat push is a few hundred bytes; anything far larger is not from WeChat.
MAX_BODY_BYTES = 64 * 1024

# The WeChat channel's own sentences shown to users. The conversation's live in domain.yml; those
# shared by all channels (empty message, no reply, long message) in bot/channels/common.py.
TEXTS: Mapping[str, str] = {
    "welcome": (
        "您好，欢迎关注卡友助手！\n"
        "我可以帮您了解信用卡逾期的利息和违约金、征信影响、催收是否合规，"
        "以及怎样和银行协商停息挂账、个性化分期，还可以帮您拟定还款计划和给银行的申请书。\n"
        "请直接用文字描述您的情况，例如：「我欠招商银行两万五，逾期45天了」。\n"
        "温馨提示：请不要发送完整的卡号、身份证号或密码。"
    ),
    "unsupported": (
        "抱歉，我目前只能看懂文字消息。请用文字描述您的问题，例如：「逾期两个月会上征信吗？」"
    ),
    # a voice message without WeChat's speech recognition text (Recognition)
    "voice_unreadable": (
        "抱歉，这条语音我没能听清楚。麻烦您打字告诉我您的情况，"
        "例如：「我欠招商银行两万五，逾期45天了」，我马上帮您看看。"
    ),
    "options_hint": "（回复序号即可选择）",
    "truncated": "\n\n（回答较长，以上为部分内容。您可以换个更具体的问法，我分几次回答。）",
}


class WeChatProtocolError(Exception):
    """A request that does not follow WeChat's protocol."""


class MalformedMessage(WeChatProtocolError):
    """Unparseable or structurally wrong XML, or a broken safe-mode envelope (→ HTTP 400)."""


class ForbiddenXML(MalformedMessage):
    """XML carrying a document type declaration or entity declarations (→ HTTP 400)."""


class InvalidSignature(WeChatProtocolError):
    """`signature` or `msg_signature` does not match, or the AppID in the envelope is not ours (→ 403)."""


# ---------------------------------------------------------------------------------------------
# signatures


def compute_signature(token: str, timestamp: str, nonce: str, encrypt: str | None = None) -> str:
    """WeChat's SHA-1 over the sorted strings (token, timestamp, nonce[, encrypt])."""
    signer = WeChatSigner()
    signer.add_data(token, timestamp, nonce)
    if encrypt is not None:
        signer.add_data(encrypt)
    return signer.signature


def signature_is_valid(
    token: str, signature: str, timestamp: str, nonce: str, encrypt: str | None = None
) -> bool:
    expected = compute_signature(token, timestamp, nonce, encrypt)
    return hmac.compare_digest(expected.encode("ascii"), (signature or "").encode("utf-8", "replace"))


# ---------------------------------------------------------------------------------------------
# safe XML


class _GuardedExpat:
    """Stands in for the `expat` module that xmltodict uses, adding guards to each parser.

    The document type declaration is refused when the parser meets it, which is before any
    `<!ENTITY` inside it is read, so internal entities (billion laughs) and external ones (XXE)
    are never declared, let alone expanded. A `<!DOCTYPE` typed by a user inside a CDATA
    section is text, not a declaration, and passes.
    """

    @staticmethod
    def ParserCreate(*args: Any, **kwargs: Any) -> Any:  # noqa: N802 (expat's name)
        parser = _expat.ParserCreate(*args, **kwargs)

        def refuse(*_args: Any) -> None:
            raise ForbiddenXML("XML with a DTD or entities is not accepted")

        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        parser.ExternalEntityRefHandler = refuse
        parser.SetParamEntityParsing(_expat.XML_PARAM_ENTITY_PARSING_NEVER)
        return parser


def _to_text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedMessage("body is not UTF-8") from exc


def parse_xml(data: bytes | str) -> dict[str, Any]:
    """Parse a WeChat `<xml>…</xml>` document into a dict of its children.

    Raises ForbiddenXML for a DTD/entity declaration, MalformedMessage for anything else wrong.
    """
    text = _to_text(data)
    if not text.strip():
        raise MalformedMessage("empty body")
    if len(text.encode("utf-8")) > MAX_BODY_BYTES:
        raise MalformedMessage("body too large")
    try:
        # the encoding given to xmltodict (utf-8) overrides any declared encoding of the document
        document = xmltodict.parse(text, expat=_GuardedExpat, disable_entities=True)
    except ForbiddenXML:
        raise
    except (_expat.ExpatError, ValueError, TypeError) as exc:
        raise MalformedMessage(f"malformed XML: {exc}") from exc
    if not isinstance(document, dict) or set(document) != {"xml"}:
        raise MalformedMessage("root element must be <xml>")
    root = document["xml"]
    if not isinstance(root, dict):
        raise MalformedMessage("<xml> has no fields")
    return root


def parse_message(data: bytes | str) -> Any:
    """A wechatpy message or event from the XML of a plain-mode push (or a decrypted envelope)."""
    text = _to_text(data)
    fields = parse_xml(text)
    msg_type = fields.get("MsgType")
    if not isinstance(msg_type, str) or not msg_type.strip():
        raise MalformedMessage("MsgType missing")
    for name in ("FromUserName", "ToUserName"):
        if not isinstance(fields.get(name), str) or not fields[name].strip():
            raise MalformedMessage(f"{name} missing")
    if msg_type.lower() == "event" and not isinstance(fields.get("Event"), str):
        raise MalformedMessage("Event missing")
    try:
        # wechatpy reparses the same, already vetted text (it has no DTD, so nothing to expand)
        message = _wechatpy_parse_message(text)
        # touch the typed fields so a bad MsgId/CreateTime fails here, not later
        _ = (message.id, message.time)
    except (ValueError, TypeError, KeyError, AttributeError, _expat.ExpatError) as exc:
        raise MalformedMessage(f"malformed message: {exc}") from exc
    return message


# ---------------------------------------------------------------------------------------------
# safe mode


def make_crypto(token: str, aes_key: str, app_id: str) -> WeChatCrypto:
    """WeChatCrypto for safe mode; the EncodingAESKey is 43 characters of base64 (no padding)."""
    if not re.fullmatch(r"[A-Za-z0-9+/]{43}", aes_key or ""):
        raise ValueError("WECHAT_AES_KEY must be the 43-character EncodingAESKey")
    return WeChatCrypto(token, aes_key, app_id)


def decrypt_envelope(
    crypto: WeChatCrypto, data: bytes | str, msg_signature: str, timestamp: str, nonce: str
) -> str:
    """The inner XML of a safe-mode push, after checking `msg_signature`."""
    envelope = parse_xml(data)
    encrypt = envelope.get("Encrypt")
    if not isinstance(encrypt, str) or not encrypt.strip():
        raise MalformedMessage("Encrypt missing")
    if not signature_is_valid(crypto.token, msg_signature, timestamp, nonce, encrypt):
        raise InvalidSignature("msg_signature does not match")
    try:
        return crypto.decrypt_message({"Encrypt": encrypt}, msg_signature, timestamp, nonce)
    except InvalidSignatureException as exc:
        raise InvalidSignature("msg_signature does not match") from exc
    except InvalidAppIdException as exc:
        raise InvalidSignature("envelope is for another AppID") from exc
    except Exception as exc:  # broken base64, padding, length prefix or UTF-8 inside the envelope
        raise MalformedMessage("cannot decrypt Encrypt") from exc


def encrypt_reply(crypto: WeChatCrypto, xml: str, nonce: str, timestamp: str | None = None) -> str:
    """The safe-mode envelope (Encrypt, MsgSignature, TimeStamp, Nonce) around a reply's XML."""
    return crypto.encrypt_message(xml, nonce, timestamp or str(int(time.time())))


# ---------------------------------------------------------------------------------------------
# replies

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (control characters, lone surrogates)."""
    return _XML_INVALID.sub("", text)


def text_reply_xml(message: Any, content: str) -> str:
    """A passive text reply to `message` (ToUserName = the user, FromUserName = the account)."""
    # wechatpy writes Content as CDATA verbatim; a "]]>" inside would end the section early
    safe = clean_text(content).replace("]]>", "]]]]><![CDATA[>")
    return TextReply(message=message, content=safe, time=int(time.time())).render()


def message_kind(message: Any) -> str:
    """`text`, `voice`, `subscribe`, `unsubscribe`, `unsupported` (media, location, link …) or `event`."""
    # wechatpy turns unregistered types and events into UnknownMessage; the raw MsgType still tells
    msg_type = str(getattr(message, "_data", {}).get("MsgType") or message.type or "").lower()
    if msg_type in ("text", "voice"):
        return msg_type
    if msg_type == "event":
        event = str(getattr(message, "event", "") or message._data.get("Event") or "").lower()
        if event in ("subscribe", "subscribe_scan", "subscribe_scan_product"):
            return "subscribe"
        if event == "unsubscribe":
            return "unsubscribe"
        return "event"
    return "unsupported"


def dedup_key(message: Any) -> str:
    """The identity WeChat keeps across its retries: MsgId, or FromUserName + CreateTime for events."""
    if message.id:
        return f"msg:{message.id}"
    event = getattr(message, "event", "") or message._data.get("Event") or ""
    return f"evt:{message.source}:{message.time}:{event}"


def voice_recognition(message: Any) -> str:
    """The text of WeChat's speech recognition of a voice message (`Recognition`), or "".

    WeChat fills it only when the Official Account has 接收语音识别结果 switched on.
    """
    value = getattr(message, "_data", {}).get("Recognition")
    return value.strip() if isinstance(value, str) else ""


# ---------------------------------------------------------------------------------------------
# replays and forgeries

# WeChat signs each push with the current time; a push whose timestamp is further than this from our
# clock (in either direction) is refused, so a captured push cannot be replayed later.
TIMESTAMP_WINDOW_S = 300


def timestamp_in_window(timestamp: str, now: float | None = None, window: float = TIMESTAMP_WINDOW_S) -> bool:
    """True when `timestamp` (seconds since the epoch, as WeChat sends it) is within ±`window` of now."""
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        return False
    now = time.time() if now is None else now
    return abs(int(timestamp) - now) <= window


def push_fingerprint(timestamp: str, nonce: str, body: bytes) -> tuple[str, str]:
    """(key of the signed nonce, digest of the body it came with) for replay detection.

    The plain-mode signature covers token, timestamp and nonce but not the body: a captured signature
    could carry a forged body. A nonce is therefore remembered with the body it came with: the same
    push again (a retry) is fine, the same nonce with another body is a forgery.
    """
    return f"{timestamp}:{nonce}", hashlib.sha256(body).hexdigest()


def mask_openid(openid: str | None) -> str:
    """A stable short tag for logs instead of the openid itself."""
    digest = hashlib.sha256((openid or "").encode("utf-8")).hexdigest()[:10]
    return f"openid#{digest}"


# ---------------------------------------------------------------------------------------------
# fitting WeChat's limits


def _utf8_len(char: str) -> int:
    code = ord(char)
    if code < 0x80:
        return 1
    if code < 0x800:
        return 2
    if code < 0x10000:
        return 3
    return 4


# Cut candidates, best first; a cut goes right after the match, whitespace at a cut is dropped.
_BOUNDARIES = (
    re.compile(r"\n[ \t\r\f\v]*\n"),  # paragraph
    re.compile(r"\n"),  # line
    re.compile(r"[。！？!?；;…]+[」』”’）)\]】]*|\.(?=\s)"),  # sentence
    re.compile(r"[，,、：:]"),  # clause
    re.compile(r"\s"),  # any space
)
# a boundary is used only if it keeps at least this share of the room, so pieces aren't tiny
_MIN_FILL = 0.4


def split_text(text: str, limit_bytes: int = PASSIVE_TEXT_LIMIT_BYTES) -> list[str]:
    """Split `text` into pieces of at most `limit_bytes` UTF-8 bytes each.

    Every piece is a substring of `text` that neither starts nor ends with whitespace; only the
    whitespace between pieces is lost, so joining the pieces back with that whitespace gives the
    text. Cuts prefer paragraph, then line, sentence, clause and space boundaries; a run with none
    of them is cut hard at the byte limit (never inside a character).
    """
    if limit_bytes < 4:
        raise ValueError("limit_bytes must hold at least one character (4 bytes)")
    pieces: list[str] = []
    pos, end = 0, len(text)
    while True:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            return pieces
        # the longest prefix of text[pos:] that fits
        used, hard = 0, pos
        while hard < end and used + _utf8_len(text[hard]) <= limit_bytes:
            used += _utf8_len(text[hard])
            hard += 1
        if hard >= end:
            pieces.append(text[pos:end].rstrip())
            return pieces
        cut = _best_cut(text, pos, hard)
        pieces.append(text[pos:cut].rstrip())
        pos = cut


def _best_cut(text: str, pos: int, hard: int) -> int:
    # text[hard] is the first character that does not fit; if it is a space, the whole window fits
    if text[hard].isspace():
        return hard
    least = pos + max(1, int((hard - pos) * _MIN_FILL))
    window = text[pos:hard]
    for pattern in _BOUNDARIES:
        ends = [pos + m.end() for m in pattern.finditer(window)]
        ends = [e for e in ends if e >= least]
        if ends:
            return ends[-1]
    return hard


def plan_reply(
    text: str, can_push: bool, limit_bytes: int = PASSIVE_TEXT_LIMIT_BYTES
) -> tuple[str, list[str]]:
    """(passive reply content, pieces to send afterwards through the customer-service API).

    When the rest cannot be pushed, the passive reply is shortened and says so.
    """
    text = text.strip()
    if len(text.encode("utf-8")) <= limit_bytes:
        return text, []
    if can_push:
        pieces = split_text(text, limit_bytes)
        return pieces[0], pieces[1:]
    note = TEXTS["truncated"]
    head = split_text(text, limit_bytes - len(note.encode("utf-8")))[0]
    return head + note, []


# ---------------------------------------------------------------------------------------------
# Rasa bot messages → plain text


@dataclass(frozen=True)
class RenderedReply:
    """The bot's turn as one plain text; `options[i]` is what the user's reply "i+1" stands for."""

    text: str
    options: tuple[str, ...] = field(default_factory=tuple)


_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_MD_BOLD = re.compile(r"(\*\*|__)(.+?)\1", re.S)


def _plain(text: str) -> str:
    # responses written for the web widget may carry light Markdown; WeChat shows it raw
    text = _MD_LINK.sub(r"\1：\2", text)
    text = _MD_BOLD.sub(r"\2", text)
    return clean_text(text).strip()


def render_bot_messages(messages: Iterable[Mapping[str, Any]]) -> RenderedReply:
    """Rasa's collected bot messages as WeChat text.

    Buttons become numbered lines (numbered across the whole turn); a button's payload is kept
    so that a reply with just its number can be sent to Rasa as that payload. Link buttons and
    images become "title：URL" lines.
    """
    blocks: list[str] = []
    options: list[str] = []
    for message in messages:
        lines: list[str] = []
        if isinstance(message.get("text"), str) and message["text"].strip():
            lines.append(_plain(message["text"]))
        for button in message.get("buttons") or ():
            if not isinstance(button, Mapping):
                continue
            title = _plain(str(button.get("title") or button.get("payload") or ""))
            if button.get("url"):
                lines.append(f"{title}：{button['url']}")
            elif title:
                options.append(str(button.get("payload") or title))
                lines.append(f"{len(options)}. {title}")
        if message.get("image"):
            lines.append(f"图片：{message['image']}")
        attachment = message.get("attachment")
        if isinstance(attachment, str) and attachment.strip():
            lines.append(f"附件：{attachment.strip()}")
        elif isinstance(attachment, Mapping) and attachment.get("payload", {}).get("src"):
            lines.append(f"附件：{attachment['payload']['src']}")
        custom = message.get("custom")
        if isinstance(custom, Mapping) and isinstance(custom.get("text"), str):
            lines.append(_plain(custom["text"]))
        if lines:
            blocks.append("\n".join(lines))
    if options:
        blocks.append(TEXTS["options_hint"])
    return RenderedReply("\n\n".join(blocks), tuple(options))


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def resolve_option(text: str, options: Sequence[str]) -> str:
    """The payload of option N when the user answered just "N" (also "N." or full-width digits)."""
    candidate = text.strip().translate(_FULLWIDTH_DIGITS).rstrip(".。、")
    if candidate.isascii() and candidate.isdigit():
        number = int(candidate)
        if 1 <= number <= len(options):
            return options[number - 1]
    return text
