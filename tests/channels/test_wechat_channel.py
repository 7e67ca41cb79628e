"""The WeChat channel in a real Sanic server on 127.0.0.1, mounted the way Rasa mounts channels.

Rasa itself is replaced by a fake agent (counts calls, answers from a script, can be slow or fail);
WeChat's token + customer-service API is a real local aiohttp server. Requests go over HTTP.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import logging
import random
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
import xmltodict
from aiohttp import web
from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic
from wechatpy.crypto import WeChatCrypto

from bot import facts as F
from bot.channels import wechat_protocol as wp
from bot.channels.common import EMPTY_MESSAGE_REPLY, MAX_TEXT_CHARS, NO_REPLY_FALLBACK
from bot.channels.wechat import WeChatInput
from bot.privacy import mask_text

TOKEN = "channel-token"
APP_ID = "wx0123456789abcdef"
APP_SECRET = "channel-secret"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
OPENID = "oChannelTestOpenid000001"
ACCOUNT = "gh_kayou"

_app_names = itertools.count()
_msg_ids = itertools.count(random.randrange(10**15, 9 * 10**15), 7)


def new_msg_id() -> str:
    return str(next(_msg_ids))


# ---------------------------------------------------------------------------------------------
# building WeChat requests


def text_xml(content: str, msg_id: str | None = None, openid: str = OPENID) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id or new_msg_id()}</MsgId></xml>"
    )


def event_xml(event: str, create_time: int | None = None) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{OPENID}]]></FromUserName>"
        f"<CreateTime>{create_time or int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[{event}]]></Event></xml>"
    )


def media_xml(msg_type: str, **fields: str) -> str:
    extra = "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items())
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{OPENID}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
        f"{extra}<MsgId>{new_msg_id()}</MsgId></xml>"
    )


def signed(token: str = TOKEN, **extra: str) -> dict[str, str]:
    timestamp, nonce = str(int(time.time())), f"n{random.randrange(10**9)}"
    return {"signature": wp.compute_signature(token, timestamp, nonce), "timestamp": timestamp,
            "nonce": nonce, **extra}


def encrypt_request(plain_xml: str, app_id: str = APP_ID) -> tuple[dict[str, str], str]:
    params = signed(encrypt_type="aes", openid=OPENID)
    envelope = WeChatCrypto(TOKEN, AES_KEY, app_id).encrypt_message(plain_xml, params["nonce"], params["timestamp"])
    params["msg_signature"] = xmltodict.parse(envelope)["xml"]["MsgSignature"]
    return params, envelope


def reply_fields(body: str) -> dict[str, Any]:
    return wp.parse_xml(body)


# ---------------------------------------------------------------------------------------------
# fakes


@dataclass
class FakeAgent:
    """Stands in for rasa's Agent: `handle_message` is what Rasa's channel handler calls."""

    answer: Callable[[UserMessage], list[dict[str, Any]]] = lambda m: [{"text": f"收到：{m.text}"}]
    delay: float = 0.0
    fail: bool = False
    received: list[UserMessage] = field(default_factory=list)

    async def handle_message(self, message: UserMessage) -> None:
        self.received.append(message)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail:
            raise RuntimeError("the model fell over")
        for m in self.answer(message):
            if m.get("buttons"):
                await message.output_channel.send_text_with_buttons(message.sender_id, m["text"], m["buttons"])
            elif m.get("text"):
                await message.output_channel.send_text_message(message.sender_id, m["text"])
            elif m.get("image"):
                await message.output_channel.send_image_url(message.sender_id, m["image"])

    @property
    def calls(self) -> int:
        return len(self.received)


class FakeWeChatApi:
    """WeChat's /cgi-bin/token and /cgi-bin/message/custom/send on a local port."""

    def __init__(self) -> None:
        self.tokens_issued = 0
        self.token_requests: list[dict[str, str]] = []
        self.current_token: str | None = None
        self.sent: list[dict[str, Any]] = []
        self.raw_bodies: list[bytes] = []
        self.send_attempts = 0
        # scripted answers for the next custom/send calls: a dict (JSON answer) or an int (HTTP status)
        self.send_script: list[Any] = []
        self.expire_token_after_first_send = False
        self._runner: web.AppRunner | None = None
        self.base = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/cgi-bin/token", self._token)
        app.router.add_post("/cgi-bin/message/custom/send", self._send)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _token(self, request: web.Request) -> web.Response:
        self.token_requests.append(dict(request.query))
        q = request.query
        if q.get("grant_type") != "client_credential" or q.get("appid") != APP_ID or q.get("secret") != APP_SECRET:
            return web.json_response({"errcode": 40013, "errmsg": "invalid appid"})
        self.tokens_issued += 1
        self.current_token = f"ACCESS_TOKEN_{self.tokens_issued}"
        return web.json_response({"access_token": self.current_token, "expires_in": 7200})

    async def _send(self, request: web.Request) -> web.Response:
        self.send_attempts += 1
        if request.query.get("access_token") != self.current_token:
            return web.json_response({"errcode": 40001, "errmsg": "invalid credential"})
        if self.send_script:
            scripted = self.send_script.pop(0)
            if isinstance(scripted, int):
                return web.Response(status=scripted, text="upstream error")
            return web.json_response(scripted)
        raw = await request.read()
        self.raw_bodies.append(raw)
        self.sent.append(json.loads(raw.decode("utf-8")))
        if self.expire_token_after_first_send:
            self.expire_token_after_first_send = False
            self.current_token = "expired-by-wechat"
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def wait_sent(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.sent) < count and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        return self.sent


@dataclass
class Harness:
    url: str
    channel: WeChatInput
    agent: FakeAgent
    api: FakeWeChatApi
    http: aiohttp.ClientSession

    async def post(self, body: str | bytes, params: dict[str, str] | None = None) -> tuple[int, str]:
        data = body.encode("utf-8") if isinstance(body, str) else body
        params = signed() if params is None else params
        async with self.http.post(self.url, params=params, data=data,
                                  headers={"Content-Type": "text/xml"}) as resp:
            return resp.status, await resp.text()

    async def get(self, params: dict[str, str]) -> tuple[int, str]:
        async with self.http.get(self.url, params=params) as resp:
            return resp.status, await resp.text()

    async def say(self, content: str, msg_id: str | None = None) -> tuple[int, str]:
        return await self.post(text_xml(content, msg_id))


def free_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


async def serve(channel: WeChatInput, agent: FakeAgent) -> tuple[Any, str]:
    # Sanic 21.12 rewrites its request handling ("touchup") at each app start; outside test mode a
    # second app in one process fails on the already-rewritten code. Test mode keeps the original.
    Sanic.test_mode = True
    app = Sanic(f"wechat_channel_test_{next(_app_names)}")
    # exactly what rasa.core.run does: channel blueprints under /webhooks/<name>
    register([channel], app, route="/webhooks/")
    app.ctx.agent = agent
    sock = free_socket()
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.start_serving()
    port = sock.getsockname()[1]
    return server, f"http://127.0.0.1:{port}/webhooks/wechat/webhook"


async def shutdown(server: Any) -> None:
    await server.before_stop()
    server.close()
    await server.wait_closed()
    await server.after_stop()


@pytest.fixture
async def make_harness():
    """make_harness(**WeChatInput kwargs) → a running Harness; everything is stopped afterwards."""
    started: list[tuple[Any, FakeWeChatApi, aiohttp.ClientSession]] = []

    async def make(agent: FakeAgent | None = None, with_api: bool = True, **kwargs: Any) -> Harness:
        api = FakeWeChatApi()
        await api.start()
        agent = agent or FakeAgent()
        config: dict[str, Any] = {
            "token": TOKEN, "app_id": APP_ID, "reply_timeout": 3.0,
            "push_backoff": 0.01, "push_pause": 0.0,
        }
        if with_api:
            config.update(app_secret=APP_SECRET, api_base=api.base)
        config.update(kwargs)
        channel = WeChatInput(**config)
        server, url = await serve(channel, agent)
        http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15))
        started.append((server, api, http))
        return Harness(url=url, channel=channel, agent=agent, api=api, http=http)

    yield make
    for server, api, http in started:
        await http.close()
        await shutdown(server)
        await api.stop()


# ---------------------------------------------------------------------------------------------
# GET verification


async def test_get_echoes_echostr_when_signed(make_harness):
    h = await make_harness()
    assert await h.get(signed(echostr="echo-1234")) == (200, "echo-1234")


async def test_get_with_bad_signature_is_403(make_harness):
    h = await make_harness()
    params = signed(echostr="echo")
    params["signature"] = "0" * 40
    status, body = await h.get(params)
    assert status == 403 and "signature" in body
    status, _ = await h.get(signed(token="someone-elses-token", echostr="echo"))
    assert status == 403


@pytest.mark.parametrize("drop", ["signature", "timestamp", "nonce", "echostr"])
async def test_get_with_a_missing_parameter_is_400(make_harness, drop):
    h = await make_harness()
    params = signed(echostr="echo")
    del params[drop]
    status, body = await h.get(params)
    assert status == 400 and drop in body


async def test_health_route(make_harness):
    h = await make_harness()
    async with h.http.get(h.url.rsplit("/", 1)[0] + "/") as resp:
        assert resp.status == 200 and (await resp.json()) == {"status": "ok"}


# ---------------------------------------------------------------------------------------------
# POST: messages


async def test_text_message_gets_a_passive_reply(make_harness):
    h = await make_harness()
    msg_id = new_msg_id()
    status, body = await h.say("你好", msg_id)
    assert status == 200
    reply = reply_fields(body)
    assert reply["ToUserName"] == OPENID and reply["FromUserName"] == ACCOUNT
    assert reply["MsgType"] == "text" and reply["Content"] == "收到：你好"
    [message] = h.agent.received
    assert message.sender_id == f"wechat:{OPENID}"
    assert message.input_channel == "wechat"
    assert message.message_id == msg_id
    assert message.metadata["wechat"]["msg_id"] == msg_id
    assert message.metadata["wechat"]["safe_mode"] is False
    assert h.api.sent == []


async def test_buttons_become_numbered_options_and_a_number_picks_one(make_harness):
    def answer(m: UserMessage) -> list[dict[str, Any]]:
        if m.text.startswith("/"):
            return [{"text": f"意图 {m.text}"}]
        return [{"text": "想了解哪方面？", "buttons": [
            {"title": "逾期利息", "payload": "/ask_interest"},
            {"title": "征信影响", "payload": "/ask_credit_report"},
        ]}]

    h = await make_harness(FakeAgent(answer=answer))
    _, body = await h.say("你好")
    assert reply_fields(body)["Content"] == (
        "想了解哪方面？\n1. 逾期利息\n2. 征信影响\n\n" + wp.TEXTS["options_hint"]
    )
    _, body = await h.say("2")
    assert h.agent.received[-1].text == "/ask_credit_report"
    assert reply_fields(body)["Content"] == "意图 /ask_credit_report"
    # the options were used up by a turn without buttons: "2" is now just "2"
    await h.say("2")
    assert h.agent.received[-1].text == "2"


async def test_several_bot_messages_are_joined(make_harness):
    agent = FakeAgent(answer=lambda m: [{"text": "第一句。"}, {"text": "第二句。"},
                                        {"image": "https://example.org/a.png"}])
    h = await make_harness(agent)
    _, body = await h.say("在吗")
    assert reply_fields(body)["Content"] == "第一句。\n\n第二句。\n\n图片：https://example.org/a.png"


async def test_bot_without_answer_gets_a_polite_text(make_harness):
    h = await make_harness(FakeAgent(answer=lambda m: []))
    _, body = await h.say("在吗")
    assert reply_fields(body)["Content"] == NO_REPLY_FALLBACK


async def test_bot_failure_gets_an_apology_and_the_server_keeps_going(make_harness, caplog):
    h = await make_harness(FakeAgent(fail=True))
    with caplog.at_level(logging.ERROR, logger="bot.channels.wechat"):
        status, body = await h.say("你好")
    assert status == 200 and reply_fields(body)["Content"] == NO_REPLY_FALLBACK
    assert OPENID not in caplog.text
    h.agent.fail = False
    _, body = await h.say("再试一次")
    assert reply_fields(body)["Content"] == "收到：再试一次"


async def test_empty_text_is_not_sent_to_the_bot(make_harness):
    h = await make_harness()
    _, body = await h.say("   ")
    assert reply_fields(body)["Content"] == EMPTY_MESSAGE_REPLY
    assert h.agent.calls == 0


async def test_subscribe_gets_the_welcome(make_harness):
    h = await make_harness()
    status, body = await h.post(event_xml("subscribe"))
    reply = reply_fields(body)
    assert status == 200 and reply["Content"] == wp.TEXTS["welcome"] and reply["ToUserName"] == OPENID
    assert "卡友助手" in reply["Content"]
    assert h.agent.calls == 0


@pytest.mark.parametrize("event", ["unsubscribe", "CLICK", "VIEW", "TEMPLATESENDJOBFINISH"])
async def test_other_events_get_success(make_harness, event):
    h = await make_harness()
    assert await h.post(event_xml(event)) == (200, "success")
    assert h.agent.calls == 0


@pytest.mark.parametrize(
    ("msg_type", "fields"),
    [
        ("image", {"PicUrl": "http://mmbiz.example/x.jpg", "MediaId": "m1"}),
        ("video", {"MediaId": "m3", "ThumbMediaId": "t3"}),
        ("location", {"Location_X": "23.13", "Location_Y": "113.26", "Scale": "20", "Label": "广州"}),
        ("link", {"Title": "t", "Description": "d", "Url": "http://example.org"}),
    ],
)
async def test_non_text_messages_get_a_polite_text(make_harness, msg_type, fields):
    h = await make_harness()
    status, body = await h.post(media_xml(msg_type, **fields))
    assert status == 200 and reply_fields(body)["Content"] == wp.TEXTS["unsupported"]
    assert "文字" in wp.TEXTS["unsupported"]
    assert h.agent.calls == 0


# ---------------------------------------------------------------------------------------------
# POST: bad requests


async def test_post_with_bad_signature_is_403(make_harness):
    h = await make_harness()
    params = signed()
    params["signature"] = wp.compute_signature("wrong-token", params["timestamp"], params["nonce"])
    status, body = await h.post(text_xml("你好"), params)
    assert status == 403 and "签名" in body
    assert h.agent.calls == 0


@pytest.mark.parametrize("drop", ["signature", "timestamp", "nonce"])
async def test_post_with_a_missing_parameter_is_400(make_harness, drop):
    h = await make_harness()
    params = signed()
    del params[drop]
    status, body = await h.post(text_xml("你好"), params)
    assert status == 400 and drop in body
    assert h.agent.calls == 0


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>'
    f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>{OPENID}</FromUserName>"
    "<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&e;</Content><MsgId>1</MsgId></xml>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>{OPENID}</FromUserName>"
    "<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&x;</Content><MsgId>2</MsgId></xml>"
)


@pytest.mark.parametrize(
    "body",
    ["this is not xml", "<xml><MsgType>text</MsgType>", "", "<xml><Content>hi</Content></xml>",
     BILLION_LAUGHS, EXTERNAL_ENTITY],
    ids=["text", "unclosed", "empty", "no-msgtype", "billion-laughs", "external-entity"],
)
async def test_malformed_xml_is_400(make_harness, body):
    h = await make_harness()
    status, text = await h.post(body)
    assert status == 400 and "XML" in text
    assert h.agent.calls == 0


async def test_oversized_body_is_refused(make_harness):
    h = await make_harness()
    status, _ = await h.post(text_xml("长" * (wp.MAX_BODY_BYTES // 3 + 10)))
    assert status == 413
    assert h.agent.calls == 0


async def test_without_token_the_channel_answers_503(make_harness):
    h = await make_harness(token=None)
    assert (await h.get(signed(echostr="e")))[0] == 503
    assert (await h.post(text_xml("你好")))[0] == 503


# ---------------------------------------------------------------------------------------------
# safe mode


async def test_safe_mode_decrypts_and_encrypts(make_harness):
    h = await make_harness(aes_key=AES_KEY)
    params, envelope = encrypt_request(text_xml("你好"))
    status, body = await h.post(envelope, params)
    assert status == 200
    outer = reply_fields(body)
    assert set(outer) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}
    assert wp.signature_is_valid(TOKEN, outer["MsgSignature"], outer["TimeStamp"], outer["Nonce"], outer["Encrypt"])
    inner = WeChatCrypto(TOKEN, AES_KEY, APP_ID).decrypt_message(
        body, outer["MsgSignature"], outer["TimeStamp"], outer["Nonce"]
    )
    reply = reply_fields(inner)
    assert reply["Content"] == "收到：你好" and reply["ToUserName"] == OPENID
    assert h.agent.received[0].metadata["wechat"]["safe_mode"] is True


async def test_safe_mode_subscribe_is_encrypted_too(make_harness):
    h = await make_harness(aes_key=AES_KEY)
    params, envelope = encrypt_request(event_xml("subscribe"))
    status, body = await h.post(envelope, params)
    outer = reply_fields(body)
    inner = WeChatCrypto(TOKEN, AES_KEY, APP_ID).decrypt_message(
        body, outer["MsgSignature"], outer["TimeStamp"], outer["Nonce"]
    )
    assert status == 200 and reply_fields(inner)["Content"] == wp.TEXTS["welcome"]


async def test_safe_mode_bad_msg_signature_is_403(make_harness):
    h = await make_harness(aes_key=AES_KEY)
    params, envelope = encrypt_request(text_xml("你好"))
    params["msg_signature"] = "0" * 40
    assert (await h.post(envelope, params))[0] == 403
    params, envelope = encrypt_request(text_xml("你好"))
    params["signature"] = "0" * 40
    assert (await h.post(envelope, params))[0] == 403
    assert h.agent.calls == 0


async def test_safe_mode_envelope_for_another_app_is_403(make_harness):
    h = await make_harness(aes_key=AES_KEY)
    params, envelope = encrypt_request(text_xml("你好"), app_id="wxffffffffffffffff")
    assert (await h.post(envelope, params))[0] == 403


async def test_safe_mode_missing_msg_signature_or_broken_envelope_is_400(make_harness):
    h = await make_harness(aes_key=AES_KEY)
    params, envelope = encrypt_request(text_xml("你好"))
    del params["msg_signature"]
    status, body = await h.post(envelope, params)
    assert status == 400 and "msg_signature" in body
    params = signed(encrypt_type="aes")
    junk = "<xml><Encrypt><![CDATA[bm90IGEgcmVhbCBjaXBoZXJ0ZXh0]]></Encrypt></xml>"
    params["msg_signature"] = wp.compute_signature(TOKEN, params["timestamp"], params["nonce"],
                                                   "bm90IGEgcmVhbCBjaXBoZXJ0ZXh0")
    assert (await h.post(junk, params))[0] == 400
    assert h.agent.calls == 0


async def test_encrypted_request_without_safe_mode_configured_is_400(make_harness):
    h = await make_harness()  # no AES key
    params, envelope = encrypt_request(text_xml("你好"))
    status, _ = await h.post(envelope, params)
    assert status == 400


async def test_plain_push_is_refused_when_safe_mode_is_configured(make_harness):
    # the plain signature does not cover the body: in safe mode only msg_signature (which does) counts
    h = await make_harness(aes_key=AES_KEY)
    status, body = await h.say("你好")
    assert status == 403 and "安全模式" in body
    assert h.agent.calls == 0


# ---------------------------------------------------------------------------------------------
# WeChat's retries


async def test_retry_after_the_reply_gets_success_and_the_bot_runs_once(make_harness):
    h = await make_harness()
    msg_id = new_msg_id()
    xml = text_xml("你好", msg_id)
    first = await h.post(xml)
    assert reply_fields(first[1])["Content"] == "收到：你好"
    for _ in range(3):
        assert await h.post(xml) == (200, "success")
    assert h.agent.calls == 1
    # another MsgId is a new message
    await h.say("你好")
    assert h.agent.calls == 2


async def test_retries_while_the_bot_runs_share_one_run(make_harness):
    h = await make_harness(FakeAgent(delay=0.8), reply_timeout=3.0)
    xml = text_xml("你好", new_msg_id())

    async def attempt(after: float) -> tuple[int, str]:
        await asyncio.sleep(after)
        return await h.post(xml)

    results = await asyncio.gather(attempt(0.0), attempt(0.2), attempt(0.4))
    assert h.agent.calls == 1
    passive = [body for status, body in results if body != "success"]
    assert len(passive) == 1 and reply_fields(passive[0])["Content"] == "收到：你好"
    # WeChat listens to its newest try, so that one carries the answer
    assert results[-1][1] == passive[0]
    await asyncio.sleep(0.2)
    assert h.api.sent == []


async def test_retried_subscribe_is_answered_once(make_harness):
    h = await make_harness()
    xml = event_xml("subscribe", create_time=int(time.time()) - 3)
    assert reply_fields((await h.post(xml))[1])["Content"] == wp.TEXTS["welcome"]
    assert await h.post(xml) == (200, "success")


# ---------------------------------------------------------------------------------------------
# slow path: "success" now, the answer later through the customer-service API


async def test_slow_answer_is_pushed_through_the_customer_service_api(make_harness):
    h = await make_harness(FakeAgent(delay=1.0, answer=lambda m: [{"text": "慢慢来的回答：逾期利息按日万分之五计。"}]),
                           reply_timeout=0.3)
    started = time.monotonic()
    status, body = await h.say("利息怎么算")
    elapsed = time.monotonic() - started
    assert (status, body) == (200, "success")
    assert elapsed < 0.9
    sent = await h.api.wait_sent(1)
    assert sent == [{"touser": OPENID, "msgtype": "text",
                     "text": {"content": "慢慢来的回答：逾期利息按日万分之五计。"}}]
    # UTF-8 Chinese, not \\u escapes
    assert "慢慢来的回答".encode() in h.api.raw_bodies[0] and b"\\u" not in h.api.raw_bodies[0]
    assert h.api.token_requests == [{"grant_type": "client_credential", "appid": APP_ID, "secret": APP_SECRET}]

    # a second slow answer reuses the cached token
    await h.say("违约金呢")
    await h.api.wait_sent(2)
    assert len(h.api.sent) == 2 and h.api.tokens_issued == 1
    assert h.agent.calls == 2


async def test_retry_during_a_slow_run_gets_the_passive_reply_and_nothing_is_pushed(make_harness):
    h = await make_harness(FakeAgent(delay=1.0), reply_timeout=0.6)
    xml = text_xml("你好", new_msg_id())
    assert await h.post(xml) == (200, "success")  # first try gave up at 0.6 s
    status, body = await h.post(xml)  # WeChat's retry, while the bot is still running
    assert reply_fields(body)["Content"] == "收到：你好"
    await asyncio.sleep(0.3)
    assert h.api.sent == [] and h.agent.calls == 1


async def test_retry_after_a_slow_run_was_pushed_gets_success(make_harness):
    h = await make_harness(FakeAgent(delay=0.5), reply_timeout=0.1)
    xml = text_xml("你好", new_msg_id())
    assert await h.post(xml) == (200, "success")
    await h.api.wait_sent(1)
    assert await h.post(xml) == (200, "success")
    await asyncio.sleep(0.2)
    assert len(h.api.sent) == 1 and h.agent.calls == 1


async def test_push_retries_busy_and_failing_api_then_delivers(make_harness):
    h = await make_harness(FakeAgent(delay=0.3), reply_timeout=0.05, push_attempts=3)
    h.api.send_script = [{"errcode": -1, "errmsg": "system busy"}, 500]
    await h.say("你好")
    sent = await h.api.wait_sent(1)
    assert [s["text"]["content"] for s in sent] == ["收到：你好"]
    assert h.api.send_attempts == 3


async def test_push_fetches_a_new_token_when_wechat_says_it_expired(make_harness):
    h = await make_harness(FakeAgent(delay=0.2), reply_timeout=0.05)
    h.api.expire_token_after_first_send = True
    await h.say("第一条")
    await h.api.wait_sent(1)
    await h.say("第二条")
    sent = await h.api.wait_sent(2)
    assert [s["text"]["content"] for s in sent] == ["收到：第一条", "收到：第二条"]
    assert h.api.tokens_issued == 2


async def test_push_gives_up_after_bounded_tries_and_logs_masked(make_harness, caplog):
    h = await make_harness(FakeAgent(delay=0.2), reply_timeout=0.05, push_attempts=2)
    h.api.send_script = [500, 500, 500]
    with caplog.at_level(logging.WARNING, logger="bot.channels.wechat"):
        assert await h.say("卡号6222021234567890123") == (200, "success")
        await asyncio.sleep(0.6)
    assert h.api.send_attempts == 2 and h.api.sent == []
    assert "gave up" in caplog.text
    assert OPENID not in caplog.text and "6222021234567890123" not in caplog.text
    assert "ACCESS_TOKEN" not in caplog.text
    # the server is fine
    h.agent.delay = 0
    _, body = await h.say("还在吗")
    assert reply_fields(body)["Content"] == "收到：还在吗"


async def test_push_with_wechat_unreachable_does_not_crash(make_harness, caplog):
    closed = free_socket()
    port = closed.getsockname()[1]
    closed.close()
    h = await make_harness(FakeAgent(delay=0.2), reply_timeout=0.05, push_attempts=2,
                           api_base=f"http://127.0.0.1:{port}")
    with caplog.at_level(logging.WARNING, logger="bot.channels.wechat"):
        assert await h.say("你好") == (200, "success")
        await asyncio.sleep(0.6)
    assert "gave up" in caplog.text
    h.agent.delay = 0
    assert reply_fields((await h.say("你好"))[1])["Content"] == "收到：你好"


async def test_non_retryable_api_error_is_not_retried(make_harness, caplog):
    h = await make_harness(FakeAgent(delay=0.2), reply_timeout=0.05, push_attempts=3)
    h.api.send_script = [{"errcode": 45015, "errmsg": "response out of time limit"}]
    with caplog.at_level(logging.ERROR, logger="bot.channels.wechat"):
        await h.say("你好")
        await asyncio.sleep(0.5)
    assert h.api.send_attempts == 1 and "45015" in caplog.text


async def test_slow_answer_without_api_credentials_is_logged_not_crashed(make_harness, caplog):
    h = await make_harness(FakeAgent(delay=0.2), with_api=False, reply_timeout=0.05)
    with caplog.at_level(logging.ERROR, logger="bot.channels.wechat"):
        assert await h.say("你好") == (200, "success")
        await asyncio.sleep(0.4)
    assert "could not be delivered" in caplog.text
    assert h.api.send_attempts == 0


# ---------------------------------------------------------------------------------------------
# long answers


LONG_ANSWER = "\n\n".join(
    f"第{i}点：" + "逾期以后银行会按日计收利息，并按未还最低还款额的一定比例收取违约金。" * 8 for i in range(1, 9)
)


def utf8(text: str) -> int:
    return len(text.encode("utf-8"))


async def test_long_answer_is_split_passive_first_then_pushed(make_harness):
    assert utf8(LONG_ANSWER) > 3 * wp.PASSIVE_TEXT_LIMIT_BYTES
    h = await make_harness(FakeAgent(answer=lambda m: [{"text": LONG_ANSWER}]))
    _, body = await h.say("详细说说")
    passive = reply_fields(body)["Content"]
    assert utf8(passive) <= wp.PASSIVE_TEXT_LIMIT_BYTES
    assert LONG_ANSWER.startswith(passive)
    await asyncio.sleep(0.3)
    pushed = [s["text"]["content"] for s in h.api.sent]
    assert pushed and all(utf8(p) <= wp.CUSTOM_TEXT_LIMIT_BYTES for p in pushed)
    assert re.sub(r"\s", "", passive + "".join(pushed)) == re.sub(r"\s", "", LONG_ANSWER)


async def test_long_answer_without_api_is_shortened_with_a_note(make_harness):
    h = await make_harness(FakeAgent(answer=lambda m: [{"text": LONG_ANSWER}]), with_api=False)
    _, body = await h.say("详细说说")
    passive = reply_fields(body)["Content"]
    assert utf8(passive) <= wp.PASSIVE_TEXT_LIMIT_BYTES
    assert passive.endswith(wp.TEXTS["truncated"].strip())


async def test_long_slow_answer_is_pushed_in_pieces(make_harness):
    h = await make_harness(FakeAgent(delay=0.3, answer=lambda m: [{"text": LONG_ANSWER}]), reply_timeout=0.05)
    assert await h.say("详细说说") == (200, "success")
    await asyncio.sleep(0.8)
    pushed = [s["text"]["content"] for s in h.api.sent]
    assert len(pushed) >= 3 and all(utf8(p) <= wp.CUSTOM_TEXT_LIMIT_BYTES for p in pushed)
    assert re.sub(r"\s", "", "".join(pushed)) == re.sub(r"\s", "", LONG_ANSWER)


# ---------------------------------------------------------------------------------------------
# privacy


async def test_personal_numbers_are_masked_before_rasa_and_logs(make_harness, caplog):
    card, phone, id_number = "6222021234567890123", "13812345678", "11010119900307123X"
    original = f"我的卡号{card}，手机{phone}，身份证{id_number}，欠了两万"
    h = await make_harness()
    with caplog.at_level(logging.DEBUG):
        status, _ = await h.say(original)
    assert status == 200
    [message] = h.agent.received
    assert message.text == mask_text(original).strip()
    for number in (card, phone, id_number):
        assert number not in message.text
        assert number not in caplog.text
    assert OPENID not in caplog.text


async def test_very_long_message_is_cut_and_the_user_told(make_harness):
    h = await make_harness()
    _, body = await h.say("我想问一下" * 400)
    [message] = h.agent.received
    assert len(message.text) == MAX_TEXT_CHARS
    content = reply_fields(body)["Content"]
    assert content.startswith("收到：") and str(MAX_TEXT_CHARS) in content.split("\n\n")[-1]


# ---------------------------------------------------------------------------------------------
# configuration and several workers


def test_from_credentials_reads_the_environment(monkeypatch):
    monkeypatch.setenv("WECHAT_TOKEN", "env-token")
    monkeypatch.setenv("WECHAT_APP_ID", APP_ID)
    monkeypatch.setenv("WECHAT_AES_KEY", AES_KEY)
    monkeypatch.setenv("WECHAT_APP_SECRET", APP_SECRET)
    monkeypatch.setenv("WECHAT_API_BASE", "http://127.0.0.1:9/")
    monkeypatch.setenv("WECHAT_REPLY_TIMEOUT", "2.5")
    channel = WeChatInput.from_credentials(None)
    assert WeChatInput.name() == "wechat" and channel.url_prefix() == "wechat"
    assert channel.token == "env-token" and channel.reply_timeout == 2.5
    assert channel.crypto is not None and channel.crypto.app_id == APP_ID
    assert channel.api is not None and channel.api.api_base == "http://127.0.0.1:9"
    # values in credentials.yml win over the environment
    assert WeChatInput.from_credentials({"token": "yml-token", "reply_timeout": 1}).token == "yml-token"


def test_from_credentials_without_safe_mode_or_api(monkeypatch):
    for name in ("WECHAT_APP_ID", "WECHAT_AES_KEY", "WECHAT_APP_SECRET", "WECHAT_REPLY_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WECHAT_TOKEN", "env-token")
    channel = WeChatInput.from_credentials({})
    assert channel.crypto is None and channel.api is None and channel.reply_timeout == 4.5


def test_a_wrong_aes_key_fails_at_start(monkeypatch):
    with pytest.raises(ValueError, match="WECHAT_AES_KEY"):
        WeChatInput(token=TOKEN, app_id=APP_ID, aes_key="too-short")


async def test_unreachable_redis_falls_back_to_this_worker(make_harness):
    closed = free_socket()
    port = closed.getsockname()[1]
    closed.close()
    h = await make_harness(redis_url=f"redis://127.0.0.1:{port}/0")
    xml = text_xml("你好", new_msg_id())
    assert reply_fields((await h.post(xml))[1])["Content"] == "收到：你好"
    assert await h.post(xml) == (200, "success")
    assert h.agent.calls == 1


def redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.3) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.mark.redis
@pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379")
async def test_two_workers_sharing_redis_run_the_bot_once(make_harness):
    agent = FakeAgent(delay=0.3)
    redis_url = "redis://127.0.0.1:6379/15"
    worker_a = await make_harness(agent, redis_url=redis_url)
    worker_b = await make_harness(agent, redis_url=redis_url)
    xml = text_xml("你好", new_msg_id())
    first, second = await asyncio.gather(worker_a.post(xml), worker_b.post(xml))
    bodies = sorted([first[1], second[1]], key=lambda b: b != "success")
    assert bodies[0] == "success" and reply_fields(bodies[1])["Content"] == "收到：你好"
    assert agent.calls == 1
    # a later retry on either worker: success, no new run
    assert await worker_b.post(xml) == (200, "success")
    assert await worker_a.post(xml) == (200, "success")
    assert agent.calls == 1


# ---------------------------------------------------------------------------------------------
# replays and forgeries (issue 14)


def signed_at(timestamp: int, nonce: str | None = None, token: str = TOKEN, **extra: str) -> dict[str, str]:
    nonce = nonce or f"n{random.randrange(10**9)}"
    return {"signature": wp.compute_signature(token, str(timestamp), nonce), "timestamp": str(timestamp),
            "nonce": nonce, **extra}


@pytest.mark.parametrize("offset", [-wp.TIMESTAMP_WINDOW_S - 5, -3600, wp.TIMESTAMP_WINDOW_S + 5, 86400])
async def test_a_push_signed_outside_the_window_is_refused(make_harness, offset):
    h = await make_harness()
    status, body = await h.post(text_xml("你好"), signed_at(int(time.time()) + offset))
    assert status == 403 and "时间戳" in body and str(wp.TIMESTAMP_WINDOW_S) in body
    status, _ = await h.get(signed_at(int(time.time()) + offset, echostr="echo"))
    assert status == 403
    assert h.agent.calls == 0


@pytest.mark.parametrize("offset", [-wp.TIMESTAMP_WINDOW_S + 5, wp.TIMESTAMP_WINDOW_S - 5])
async def test_a_push_signed_inside_the_window_is_answered(make_harness, offset):
    h = await make_harness()
    status, body = await h.post(text_xml("你好"), signed_at(int(time.time()) + offset))
    assert status == 200 and reply_fields(body)["Content"] == "收到：你好"


@pytest.mark.parametrize("timestamp", ["abc", "1e9", "-5", "9" * 20, "１７００００００００"])
async def test_a_timestamp_that_is_not_seconds_is_refused(make_harness, timestamp):
    h = await make_harness()
    nonce = "n1"
    params = {"signature": wp.compute_signature(TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
    assert (await h.post(text_xml("你好"), params))[0] == 403
    assert h.agent.calls == 0


async def test_a_reused_nonce_with_another_body_is_refused(make_harness):
    # the plain signature covers token, timestamp and nonce only: a captured one must not carry a new body
    h = await make_harness()
    params = signed()
    assert reply_fields((await h.post(text_xml("你好"), params))[1])["Content"] == "收到：你好"
    status, body = await h.post(text_xml("帮我转账到这个卡"), params)
    assert status == 403 and "重复" in body
    assert [m.text for m in h.agent.received] == ["你好"]


async def test_the_same_signed_push_again_is_a_retry_not_a_new_message(make_harness):
    h = await make_harness()
    params, xml = signed(), text_xml("你好", new_msg_id())
    assert reply_fields((await h.post(xml, params))[1])["Content"] == "收到：你好"
    assert await h.post(xml, params) == (200, "success")
    assert h.agent.calls == 1


async def test_a_forged_body_is_refused_even_after_the_msg_id_memory(make_harness):
    # nonces outlive nothing they should: kept for twice the window, whatever the MsgId memory does
    h = await make_harness(dedup_ttl=0.01)
    params = signed()
    await h.post(text_xml("你好"), params)
    await asyncio.sleep(0.05)
    assert (await h.post(text_xml("另一条"), params))[0] == 403


async def test_msg_ids_are_remembered_for_an_hour_not_five_minutes(make_harness):
    now = [1000.0]
    h = await make_harness(clock=lambda: now[0])
    xml = text_xml("你好", new_msg_id())
    assert reply_fields((await h.post(xml))[1])["Content"] == "收到：你好"
    now[0] += 1800  # half an hour later (WeChat retries within ~15 s; a replay is refused anyway)
    assert await h.post(xml) == (200, "success")
    assert h.agent.calls == 1
    now[0] += 3600
    assert reply_fields((await h.post(xml))[1])["Content"] == "收到：你好"
    assert h.agent.calls == 2


async def test_safe_mode_push_is_refused_when_its_timestamp_is_old(make_harness):
    h = await make_harness(aes_key=AES_KEY)
    old = str(int(time.time()) - 3600)
    params = signed_at(int(old), encrypt_type="aes")
    envelope = WeChatCrypto(TOKEN, AES_KEY, APP_ID).encrypt_message(text_xml("你好"), params["nonce"], old)
    params["msg_signature"] = xmltodict.parse(envelope)["xml"]["MsgSignature"]
    assert (await h.post(envelope, params))[0] == 403
    assert h.agent.calls == 0


@pytest.mark.parametrize("base", ["http://api.weixin.qq.com", "http://10.0.0.8:8080", "ftp://api.weixin.qq.com",
                                  "api.weixin.qq.com", "http://127.0.0.1.evil.example"])
def test_the_api_base_must_be_https_unless_loopback(base):
    with pytest.raises(ValueError, match="WECHAT_API_BASE"):
        WeChatInput(token=TOKEN, app_id=APP_ID, app_secret=APP_SECRET, api_base=base)


@pytest.mark.parametrize("base", ["https://api.weixin.qq.com", "http://127.0.0.1:9", "http://localhost:8080",
                                  "http://[::1]:8080", "http://127.1.2.3"])
def test_https_and_loopback_api_bases_are_accepted(base):
    assert WeChatInput(token=TOKEN, app_id=APP_ID, app_secret=APP_SECRET, api_base=base).api.api_base == base


def test_the_api_base_from_the_environment_is_checked_too(monkeypatch):
    monkeypatch.setenv("WECHAT_TOKEN", TOKEN)
    monkeypatch.setenv("WECHAT_APP_ID", APP_ID)
    monkeypatch.setenv("WECHAT_APP_SECRET", APP_SECRET)
    monkeypatch.setenv("WECHAT_API_BASE", "http://api.weixin.qq.com")
    with pytest.raises(ValueError, match="https"):
        WeChatInput.from_credentials(None)


# ---------------------------------------------------------------------------------------------
# voice


async def test_voice_with_recognition_is_read_as_the_users_text_and_masked(make_harness):
    h = await make_harness()
    status, body = await h.post(media_xml("voice", MediaId="m2", Format="amr",
                                          Recognition="我的手机是幺三八幺二三四五六七八，逾期了怎么办"))
    assert status == 200
    [message] = h.agent.received
    assert message.text == "我的手机是****5678，逾期了怎么办"
    assert message.metadata["wechat"]["voice"] is True
    # issue 23 item 16: the masked number is said not to be kept
    assert reply_fields(body)["Content"] == "收到：我的手机是****5678，逾期了怎么办\n\n" + F.labels()["number_not_kept"]


@pytest.mark.parametrize("fields", [{"MediaId": "m2", "Format": "amr"},
                                    {"MediaId": "m2", "Format": "amr", "Recognition": "  "}])
async def test_voice_without_recognition_asks_kindly_to_type(make_harness, fields):
    h = await make_harness()
    status, body = await h.post(media_xml("voice", **fields))
    assert status == 200 and reply_fields(body)["Content"] == wp.TEXTS["voice_unreadable"]
    assert "打字" in wp.TEXTS["voice_unreadable"] and "语音" in wp.TEXTS["voice_unreadable"]
    assert h.agent.calls == 0


# ---------------------------------------------------------------------------------------------
# several workers sharing Redis


@pytest.fixture
def redis_url():
    if not redis_is_up():
        if __import__("os").environ.get("CI") == "true":
            pytest.fail("Redis on 127.0.0.1:6379 is needed under CI")
        pytest.skip("needs Redis on 127.0.0.1:6379")
    return "redis://127.0.0.1:6379/15"


@pytest.mark.redis
async def test_a_msg_id_is_claimed_in_redis_for_an_hour(make_harness, redis_url):
    import redis.asyncio as aioredis

    h = await make_harness(redis_url=redis_url)
    msg_id = new_msg_id()
    await h.post(text_xml("你好", msg_id))
    client = aioredis.from_url(redis_url)
    try:
        ttl = await client.ttl(f"kayou:wechat:msg:msg:{msg_id}")
    finally:
        await client.close()
    assert 3500 < ttl <= 3600


@pytest.mark.redis
async def test_a_retry_reaching_another_worker_later_is_answered_once(make_harness, redis_url):
    # worker B starts with an empty memory (a restart, another replica): Redis still knows the MsgId
    agent = FakeAgent()
    worker_a = await make_harness(agent, redis_url=redis_url)
    xml = text_xml("你好", new_msg_id())
    assert reply_fields((await worker_a.post(xml))[1])["Content"] == "收到：你好"
    now = [10_000.0]
    worker_b = await make_harness(agent, redis_url=redis_url, clock=lambda: now[0])
    now[0] += 1200
    assert await worker_b.post(xml) == (200, "success")
    assert agent.calls == 1


@pytest.mark.redis
async def test_a_nonce_used_on_one_worker_cannot_carry_another_body_on_another(make_harness, redis_url):
    agent = FakeAgent()
    worker_a = await make_harness(agent, redis_url=redis_url)
    worker_b = await make_harness(agent, redis_url=redis_url)
    params = signed()
    assert (await worker_a.post(text_xml("你好"), params))[0] == 200
    status, body = await worker_b.post(text_xml("伪造的消息"), params)
    assert status == 403 and "重复" in body
    assert [m.text for m in agent.received] == ["你好"]


async def test_an_11_mb_push_is_refused_quickly_without_being_read_whole(make_harness):
    h = await make_harness()
    started = time.monotonic()
    status, _ = await h.post(b"<xml>" + b" " * (11 * 1024 * 1024) + b"</xml>")
    assert status == 413 and time.monotonic() - started < 2.0
    assert h.agent.calls == 0


async def test_a_verification_signature_cannot_be_replayed_as_a_push(make_harness):
    """Issue 22: the verification URL's (signature, timestamp, nonce) carried a forged push under any openid
    within 300 s. The nonce is now spent on the verification; repeating the verification still works."""
    h = await make_harness()
    params = signed()
    assert await h.get({**params, "echostr": "e1"}) == (200, "e1")
    assert await h.get({**params, "echostr": "e1"}) == (200, "e1")
    status, body = await h.post(text_xml("帮我转账到这个卡"), params)
    assert status == 403 and "重复" in body
    assert h.agent.calls == 0
    # and the other way round: a push's nonce is not a verification's
    push = signed()
    assert reply_fields((await h.post(text_xml("你好"), push))[1])["Content"] == "收到：你好"
    assert (await h.get({**push, "echostr": "e2"}))[0] == 403
