"""Rasa's REST channel (`POST /webhooks/rest/webhook`) with the shared input hygiene.

Same URL, request and response shape as Rasa's own `rest` channel; in addition personal numbers are
masked before the message reaches Rasa (tracker store, logs), empty and over-long messages get a
clear Chinese answer, and a turn that produced no reply (e.g. the action server is down) gets a polite
message instead of silence.
"""
from __future__ import annotations

import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.common import EMPTY_MESSAGE_REPLY, NO_REPLY_FALLBACK, prepare_user_text
from bot.privacy import install_log_masking

logger = logging.getLogger(__name__)

# the Rasa server process loads this channel first: from here on its log records are masked too
install_log_masking(("rasa", "sanic.root", "sanic.access", "sanic.error"))


class MaskingRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("kayou_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except Exception:  # sanic raises InvalidUsage on a body that is not JSON
                body = None
            if not isinstance(body, dict):
                return response.json(
                    {"error": "请求体应为 JSON：{\"sender\": \"…\", \"message\": \"…\"}"}, status=400
                )
            sender_id = str(body.get("sender") or "default")
            recipient = [{"recipient_id": sender_id}]
            prepared = prepare_user_text(body.get("message"))
            if prepared.empty:
                return response.json([{**recipient[0], "text": EMPTY_MESSAGE_REPLY}])

            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        prepared.text,
                        collector,
                        sender_id,
                        input_channel=self.name(),
                        metadata=self.get_metadata(request),
                    )
                )
            except CancelledError:
                logger.error("rest: handling the message of %s timed out", sender_id)
            except Exception:
                logger.exception("rest: handling the message of %s failed", sender_id)
            messages = list(collector.messages)
            if not messages:
                messages = [{**recipient[0], "text": NO_REPLY_FALLBACK}]
            messages.extend({**recipient[0], "text": note} for note in prepared.notes)
            return response.json(messages)

        return webhook
