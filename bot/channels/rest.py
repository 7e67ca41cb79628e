"""Rasa's REST channel (`POST /webhooks/rest/webhook`) with the shared input hygiene.

Same URL, request and response shape as Rasa's own `rest` channel; in addition personal numbers are
masked before the message reaches Rasa (tracker store, logs), empty and over-long messages get a
clear Chinese answer, and a turn that produced no reply (e.g. the action server is down) gets a polite
message instead of silence.

Conversation ids are namespaced: the conversation of `{"sender": "me"}` is `rest:me` in Rasa (tracker
store, case store, `python -m bot forget rest:me`), so a REST client cannot continue a WeChat user's
(`wechat:<openid>`) or a widget visitor's (`widget:<id>`) conversation. `sender` is required (400
without it) and must match `SENDER_RE`; the response's `recipient_id` is the sender as sent. A body
over `MAX_REQUEST_BYTES` is refused with 413 before it is read whole.
"""
from __future__ import annotations

import json
import logging
import re
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.common import (
    BODY_TOO_LARGE,
    EMPTY_MESSAGE_REPLY,
    MAX_REQUEST_BYTES,
    MAX_SENDER_CHARS,
    MAX_TEXT_CHARS,
    NO_REPLY_FALLBACK,
    REQUEST_NOT_JSON,
    SENDER_INVALID,
    SENDER_MISSING,
    prepare_user_text,
)
from bot.channels.proxy import client_tag
from bot.privacy import install_log_masking, mask_text

logger = logging.getLogger(__name__)

# the Rasa server process loads this channel first: from here on its log records are masked too
install_log_masking(("rasa", "sanic.root", "sanic.access", "sanic.error"))

SENDER_RE = re.compile(rf"[A-Za-z0-9][A-Za-z0-9_.@-]{{0,{MAX_SENDER_CHARS - 1}}}")

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def conversation_id(channel: str, sender: str) -> str:
    """Rasa's conversation id for `sender` on `channel`: ``"<channel>:<sender>"``."""
    return f"{channel}:{sender}"


def _error(message: str, status: int, field: str | None = None) -> HTTPResponse:
    body: dict[str, Any] = {"error": message}
    if field:
        body["field"] = field
    return response.json(body, status=status)


def too_large() -> HTTPResponse:
    return _error(BODY_TOO_LARGE.format(limit=MAX_REQUEST_BYTES // 1024, chars=MAX_TEXT_CHARS), 413)


async def read_bounded_body(request: Request, limit: int = MAX_REQUEST_BYTES) -> bytes | None:
    """The body of a streamed request, or None as soon as it is longer than `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await request.stream.read()
        if chunk is None:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)


def valid_sender(value: Any) -> str | None:
    """The sender as given when it is an acceptable id, else None.

    A sender is the key `forget` deletes by and is not masked in the stores, so it must not be a
    phone, card or ID number.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not SENDER_RE.fullmatch(value):
        return None
    if mask_text(value) != value:
        return None
    return value


async def handle_json_turn(request: Request, on_new_message: OnNewMessage, channel: str) -> HTTPResponse:
    """One `{"sender", "message"}` turn for `channel` ("rest" or "widget"), answered as Rasa's REST does."""
    raw = await read_bounded_body(request)
    if raw is None:
        logger.warning("%s: request body over %d bytes refused", channel, MAX_REQUEST_BYTES)
        return too_large()
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return _error(REQUEST_NOT_JSON, 400)
    if body.get("sender") in (None, ""):
        return _error(SENDER_MISSING, 400, field="sender")
    sender = valid_sender(body.get("sender"))
    if sender is None:
        return _error(SENDER_INVALID.format(limit=MAX_SENDER_CHARS), 400, field="sender")
    conversation = conversation_id(channel, sender)
    prepared = prepare_user_text(body.get("message"))
    if prepared.empty:
        return response.json([{"recipient_id": sender, "text": EMPTY_MESSAGE_REPLY}])

    collector = CollectingOutputChannel()
    # set here, never from the body: the handoff flood limit counts tickets per client by it
    metadata = {"client": client_tag(request)}
    try:
        await on_new_message(
            UserMessage(prepared.text, collector, conversation, input_channel=channel, metadata=metadata)
        )
    except CancelledError:
        logger.error("%s: handling the message of %s timed out", channel, conversation)
    except Exception:
        logger.exception("%s: handling the message of %s failed", channel, conversation)
    # the client knows its conversation by the sender it sent, not by Rasa's namespaced id
    messages = [{**m, "recipient_id": sender} for m in collector.messages]
    if not messages:
        from bot.channels.handoff_desk import forwarded_notice

        # an agent has the conversation (Rasa paused it): the message waits for the agent
        notice = await forwarded_notice(conversation)
        messages = [{"recipient_id": sender, "text": notice or NO_REPLY_FALLBACK}]
    messages.extend({"recipient_id": sender, "text": note} for note in prepared.notes)
    return response.json(messages)


class MaskingRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("kayou_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        # streamed: a body over the limit is refused without being read into memory first
        @webhook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            return await handle_json_turn(request, on_new_message, self.name())

        return webhook
