"""The REST channel and the widget's endpoint in a real Sanic server on 127.0.0.1, mounted the way
Rasa mounts channels, with a fake agent in place of Rasa: namespaced conversation ids, sender
validation, the request size limit (issue 14)."""
from __future__ import annotations

import asyncio
import itertools
import socket
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic

from bot.channels.common import MAX_REQUEST_BYTES, MAX_SENDER_CHARS, NO_REPLY_FALLBACK
from bot.channels.rest import MaskingRestInput
from bot.channels.widget import WidgetInput

_app_names = itertools.count()


@dataclass
class FakeAgent:
    received: list[UserMessage] = field(default_factory=list)

    async def handle_message(self, message: UserMessage) -> None:
        self.received.append(message)
        await message.output_channel.send_text_message(message.sender_id, f"收到：{message.text}")


@pytest.fixture
async def bot():
    Sanic.test_mode = True
    app = Sanic(f"rest_channel_test_{next(_app_names)}")
    register([MaskingRestInput(), WidgetInput()], app, route="/webhooks/")
    agent = FakeAgent()
    app.ctx.agent = agent
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.start_serving()
    base = f"http://127.0.0.1:{sock.getsockname()[1]}/webhooks"
    http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20))

    async def post(channel: str, body: Any = None, data: bytes | None = None) -> tuple[int, Any]:
        kwargs = {"data": data} if data is not None else {"json": body}
        async with http.post(f"{base}/{channel}/webhook", **kwargs) as resp:
            return resp.status, await resp.json(content_type=None)

    post.agent = agent  # type: ignore[attr-defined]
    yield post
    await http.close()
    await server.before_stop()
    server.close()
    await server.wait_closed()
    await server.after_stop()


async def test_rest_and_widget_conversations_are_namespaced(bot):
    status, answer = await bot("rest", {"sender": "me", "message": "你好"})
    assert status == 200 and answer == [{"recipient_id": "me", "text": "收到：你好"}]
    status, answer = await bot("widget", {"sender": "me", "message": "在吗"})
    assert status == 200 and answer == [{"recipient_id": "me", "text": "收到：在吗"}]
    rest, widget = bot.agent.received
    assert (rest.sender_id, rest.input_channel) == ("rest:me", "rest")
    assert (widget.sender_id, widget.input_channel) == ("widget:me", "widget")


@pytest.mark.parametrize("channel", ["rest", "widget"])
@pytest.mark.parametrize("forged", ["wechat:oAbCdEf123", "widget:web-1234", "rest:me", "../wechat/x"])
async def test_no_client_can_name_another_channels_conversation(bot, channel, forged):
    status, answer = await bot(channel, {"sender": forged, "message": "你好"})
    assert status == 400 and answer["field"] == "sender" and "sender" in answer["error"]
    assert bot.agent.received == []


@pytest.mark.parametrize("body", [{"message": "你好"}, {"sender": "", "message": "你好"},
                                  {"sender": None, "message": "你好"}])
async def test_a_turn_without_sender_is_refused_with_a_clear_message(bot, body):
    status, answer = await bot("rest", body)
    assert status == 400 and answer["field"] == "sender"
    assert "缺少 sender" in answer["error"] and "对话标识" in answer["error"]
    assert bot.agent.received == []


@pytest.mark.parametrize("sender", ["x" * (MAX_SENDER_CHARS + 1), "用户甲", "a b", "-leading-dash", "13812345678",
                                    "user-6222021234567894", ["me"], {"id": 1}, True])
async def test_a_malformed_sender_is_refused_with_a_clear_message(bot, sender):
    status, answer = await bot("rest", {"sender": sender, "message": "你好"})
    assert status == 400 and answer["field"] == "sender"
    assert "sender 字段无效" in answer["error"] and str(MAX_SENDER_CHARS) in answer["error"]
    assert bot.agent.received == []


@pytest.mark.parametrize("sender", ["a", "x" * MAX_SENDER_CHARS, "web-8d0c6c1e-1f5b-4d5e-9d3a-0c1f0e1d2c3b",
                                    "e2e-0123abcd", "user@bank.example", "u_1.2"])
async def test_well_formed_senders_are_accepted(bot, sender):
    status, answer = await bot("rest", {"sender": sender, "message": "你好"})
    assert status == 200 and answer[0]["recipient_id"] == sender
    assert bot.agent.received[-1].sender_id == f"rest:{sender}"


async def test_numeric_sender_is_accepted_as_text(bot):
    status, answer = await bot("rest", {"sender": 42, "message": "你好"})
    assert status == 200 and bot.agent.received[-1].sender_id == "rest:42"


@pytest.mark.parametrize("channel", ["rest", "widget"])
async def test_a_body_over_the_limit_is_refused_with_413_in_chinese(bot, channel):
    body = b'{"sender": "me", "message": "' + b"a" * MAX_REQUEST_BYTES + b'"}'
    status, answer = await bot(channel, data=body)
    assert status == 413 and "请求体过大" in answer["error"] and str(MAX_REQUEST_BYTES // 1024) in answer["error"]
    # just under the limit is read (and the message cut to its first characters)
    body = b'{"sender": "me", "message": "' + b"a" * (MAX_REQUEST_BYTES - 64) + b'"}'
    status, _ = await bot(channel, data=body)
    assert status == 200 and len(bot.agent.received) == 1


async def test_an_11_mb_body_is_refused_quickly(bot):
    started = time.perf_counter()
    status, answer = await bot("rest", data=b"{" + b" " * (11 * 1024 * 1024) + b"}")
    assert status == 413 and time.perf_counter() - started < 2.0
    # the server still answers
    assert (await bot("rest", {"sender": "me", "message": "你好"}))[0] == 200


async def test_not_json_is_400_in_chinese(bot):
    status, answer = await bot("rest", data=b"sender=me&message=hi")
    assert status == 400 and "JSON" in answer["error"]


async def test_rest_masks_and_falls_back_as_before(bot):
    await bot("rest", {"sender": "me", "message": "手机138 1234 5678"})
    assert bot.agent.received[-1].text == "手机****5678"

    async def nothing(message: UserMessage) -> None:
        bot.agent.received.append(message)

    bot.agent.handle_message = nothing  # type: ignore[method-assign]
    status, answer = await bot("rest", {"sender": "me", "message": "你好"})
    assert answer == [{"recipient_id": "me", "text": NO_REPLY_FALLBACK}]
    await asyncio.sleep(0)
