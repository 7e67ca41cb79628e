"""WeChat Official Account webhook against the live bot (real `rasa run` + action server).

Requests are signed (and, for safe mode, encrypted) exactly as WeChat's servers do, with the fixed
settings of tests/e2e/settings.py. A local HTTP server on WECHAT_API_PORT stands in for WeChat's
token and customer-service message API; the slow path is shown with a second Rasa server whose
WECHAT_REPLY_TIMEOUT is tiny, so every answer has to go through that API.
"""
from __future__ import annotations

import json
import random
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
import requests
import xmltodict
from wechatpy.crypto import WeChatCrypto

from bot.channels import wechat_protocol as wp
from tests.e2e import settings as e2e
from tests.e2e.servers import rasa_server

ACCOUNT = "gh_kayou_e2e"
# WeChat waits 5 s for the passive reply
WECHAT_DEADLINE_S = 5.0


def new_openid() -> str:
    return "oE2E" + uuid.uuid4().hex[:24]


def new_msg_id() -> str:
    return str(random.randrange(10**18, 9 * 10**18))


def text_xml(openid: str, content: str, msg_id: str | None = None) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id or new_msg_id()}</MsgId></xml>"
    )


def event_xml(openid: str, event: str) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[{event}]]></Event></xml>"
    )


def image_xml(openid: str) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[image]]></MsgType>"
        f"<PicUrl><![CDATA[http://mmbiz.example/p.jpg]]></PicUrl><MediaId><![CDATA[m]]></MediaId>"
        f"<MsgId>{new_msg_id()}</MsgId></xml>"
    )


def signed(token: str = e2e.WECHAT_TOKEN, **extra: str) -> dict[str, str]:
    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
    return {"signature": wp.compute_signature(token, timestamp, nonce), "timestamp": timestamp,
            "nonce": nonce, **extra}


def crypto() -> WeChatCrypto:
    return WeChatCrypto(e2e.WECHAT_TOKEN, e2e.WECHAT_AES_KEY, e2e.WECHAT_APP_ID)


def webhook(base_url: str) -> str:
    return f"{base_url}/webhooks/wechat/webhook"


def encrypted(xml: str, timestamp: int | None = None) -> tuple[dict[str, str], str]:
    """Params and envelope of a safe-mode push, as WeChat sends them when safe mode is on."""
    params = signed(encrypt_type="aes")
    if timestamp is not None:
        params["timestamp"] = str(timestamp)
        params["signature"] = wp.compute_signature(e2e.WECHAT_TOKEN, params["timestamp"], params["nonce"])
    envelope = crypto().encrypt_message(xml, params["nonce"], params["timestamp"])
    params["msg_signature"] = xmltodict.parse(envelope)["xml"]["MsgSignature"]
    return params, envelope


def post(base_url: str, body: str, params: dict[str, str] | None = None) -> tuple[requests.Response, float]:
    """POSTs `body` to the webhook; without `params` encrypted, as WeChat does (the live bot has safe
    mode configured, so plain pushes are refused)."""
    if params is None:
        params, body = encrypted(body)
    started = time.monotonic()
    resp = requests.post(webhook(base_url), params=params,
                         data=body.encode("utf-8"), headers={"Content-Type": "text/xml"}, timeout=30)
    return resp, time.monotonic() - started


def content_of(resp: requests.Response) -> dict:
    """The passive reply's fields (decrypted from its safe-mode envelope)."""
    assert resp.status_code == 200, (resp.status_code, resp.text)
    assert resp.text != "success", "expected a passive reply, got success"
    outer = wp.parse_xml(resp.text)
    if "Encrypt" not in outer:
        return outer
    return wp.parse_xml(crypto().decrypt_message(resp.text, outer["MsgSignature"], outer["TimeStamp"], outer["Nonce"]))


def user_events(bot, openid: str) -> list[dict]:
    return [e for e in bot.tracker(openid, channel="wechat")["events"] if e.get("event") == "user"]


# ---------------------------------------------------------------------------------------------
# a stand-in for WeChat's API on WECHAT_API_PORT


class FakeWeChatApi:
    def __init__(self, port: int) -> None:
        self.lock = threading.Lock()
        self.token_requests: list[dict[str, str]] = []
        self.sent: list[dict] = []
        self.raw: list[bytes] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep pytest output clean
                pass

            def _json(self, payload: dict) -> None:
                body = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path != "/cgi-bin/token":
                    self.send_error(404)
                    return
                with api.lock:
                    api.token_requests.append(query)
                if query.get("appid") == e2e.WECHAT_APP_ID and query.get("secret") == e2e.WECHAT_APP_SECRET:
                    self._json({"access_token": "E2E_ACCESS_TOKEN", "expires_in": 7200})
                else:
                    self._json({"errcode": 40013, "errmsg": "invalid appid"})

            def do_POST(self):  # noqa: N802
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if url.path != "/cgi-bin/message/custom/send":
                    self.send_error(404)
                    return
                if query.get("access_token") != "E2E_ACCESS_TOKEN":
                    self._json({"errcode": 40001, "errmsg": "invalid credential"})
                    return
                with api.lock:
                    api.raw.append(raw)
                    api.sent.append(json.loads(raw.decode("utf-8")))
                self._json({"errcode": 0, "errmsg": "ok"})

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FakeWeChatApi:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def sent_to(self, openid: str, timeout: float = 30.0, count: int = 1) -> list[dict]:
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                mine = [s for s in self.sent if s.get("touser") == openid]
            if len(mine) >= count or time.monotonic() >= deadline:
                return mine
            time.sleep(0.1)


@pytest.fixture(scope="module")
def wechat_api():
    api = FakeWeChatApi(e2e.WECHAT_API_PORT).start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def bot(live_bot, wechat_api):
    # one REST turn first, so the model's first (slowest) prediction is not timed against WeChat's 5 s
    live_bot.say("e2e-wechat-warmup", "你好", timeout=120)
    return live_bot


ACTION_DELAY_S = 1.5


def delaying_action_proxy(target: str) -> ThreadingHTTPServer:
    """Forwards action calls to the real action server after ACTION_DELAY_S: a deterministic slow bot."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 — http.server's naming
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            time.sleep(ACTION_DELAY_S)
            upstream = requests.post(target, data=body, headers={"Content-Type": "application/json"}, timeout=30)
            self.send_response(upstream.status_code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(upstream.content)))
            self.end_headers()
            self.wfile.write(upstream.content)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def slow_bot(live_bot, wechat_api, tmp_path_factory):
    """A second Rasa server whose custom actions answer after 1.5 s while WeChat's budget is 0.5 s."""
    proxy = delaying_action_proxy(live_bot.action_url)
    server = rasa_server(
        tmp_path_factory.mktemp("wechat-slow"), f"http://127.0.0.1:{proxy.server_port}/webhook",
        WECHAT_REPLY_TIMEOUT="0.5",
    )
    server.start()
    try:
        server.wait_ready()
        yield server.health_url.rsplit("/", 1)[0]
    finally:
        server.stop()
        proxy.shutdown()


# ---------------------------------------------------------------------------------------------
# tests


def test_get_verification_echoes(bot):
    resp = requests.get(webhook(bot.url), params=signed(echostr="e2e-echo-42"), timeout=10)
    assert (resp.status_code, resp.text) == (200, "e2e-echo-42")
    params = signed(echostr="x")
    params["signature"] = "0" * 40
    assert requests.get(webhook(bot.url), params=params, timeout=10).status_code == 403


def test_greeting_gets_a_chinese_passive_reply_within_5_seconds(bot):
    openid = new_openid()
    resp, elapsed = post(bot.url, text_xml(openid, "你好"))
    reply = content_of(resp)
    assert elapsed < WECHAT_DEADLINE_S
    assert reply["ToUserName"] == openid and reply["FromUserName"] == ACCOUNT and reply["MsgType"] == "text"
    assert "卡友助手" in reply["Content"]
    assert len(reply["Content"].encode("utf-8")) <= wp.PASSIVE_TEXT_LIMIT_BYTES
    [event] = user_events(bot, openid)
    assert event["parse_data"]["intent"]["name"] == "greet"
    assert event["input_channel"] == "wechat"


def test_numbered_option_replies_choose_the_button(bot):
    openid = new_openid()
    greeting = content_of(post(bot.url, text_xml(openid, "你好"))[0])["Content"]
    assert "1. " in greeting and wp.TEXTS["options_hint"] in greeting
    resp, elapsed = post(bot.url, text_xml(openid, "1"))
    assert content_of(resp)["Content"].strip()
    assert elapsed < WECHAT_DEADLINE_S
    last = user_events(bot, openid)[-1]
    # the greeting's first button is "/ask_interest"
    assert last["parse_data"]["intent"]["name"] == "ask_interest"


def test_safe_mode_greeting_is_decrypted_and_the_reply_encrypted(bot):
    openid = new_openid()
    params = signed(encrypt_type="aes", openid=openid)
    envelope = crypto().encrypt_message(text_xml(openid, "您好"), params["nonce"], params["timestamp"])
    params["msg_signature"] = xmltodict.parse(envelope)["xml"]["MsgSignature"]
    resp, elapsed = post(bot.url, envelope, params)
    assert resp.status_code == 200 and elapsed < WECHAT_DEADLINE_S
    outer = wp.parse_xml(resp.text)
    assert set(outer) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}
    inner = crypto().decrypt_message(resp.text, outer["MsgSignature"], outer["TimeStamp"], outer["Nonce"])
    reply = wp.parse_xml(inner)
    assert reply["ToUserName"] == openid and "卡友助手" in reply["Content"]


def test_safe_mode_with_a_forged_msg_signature_is_403(bot):
    openid = new_openid()
    params = signed(encrypt_type="aes", openid=openid)
    envelope = crypto().encrypt_message(text_xml(openid, "你好"), params["nonce"], params["timestamp"])
    params["msg_signature"] = "f" * 40
    assert post(bot.url, envelope, params)[0].status_code == 403
    assert user_events(bot, openid) == []


def test_retried_msg_id_is_answered_once(bot):
    openid = new_openid()
    msg_id = new_msg_id()
    xml = text_xml(openid, "你好", msg_id)
    first, _ = post(bot.url, xml)
    assert "卡友助手" in content_of(first)["Content"]
    for _ in range(3):
        retry, _ = post(bot.url, xml)
        assert (retry.status_code, retry.text) == (200, "success")
    # one user turn in the tracker (its message_id, a long digit run, is masked by the tracker store)
    assert len(user_events(bot, openid)) == 1


def test_concurrent_retries_run_the_bot_once(bot):
    openid = new_openid()
    msg_id = new_msg_id()
    xml = text_xml(openid, "信用卡逾期三个月会怎么样", msg_id)
    results: list[requests.Response] = []

    def attempt(delay: float) -> None:
        time.sleep(delay)
        results.append(post(bot.url, xml)[0])

    threads = [threading.Thread(target=attempt, args=(d,)) for d in (0.0, 0.05, 0.1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(results) == 3 and all(r.status_code == 200 for r in results)
    assert sum(r.text != "success" for r in results) <= 1
    assert len(user_events(bot, openid)) == 1


def test_bad_signature_is_403(bot):
    openid = new_openid()
    resp, _ = post(bot.url, text_xml(openid, "你好"), signed(token="not-our-token"))
    assert resp.status_code == 403
    assert user_events(bot, openid) == []


@pytest.mark.parametrize(
    "body",
    [
        "<xml><MsgType>text</MsgType>",
        "definitely not xml",
        '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<xml><ToUserName>gh</ToUserName><FromUserName>oX</FromUserName><CreateTime>1</CreateTime>"
        "<MsgType>text</MsgType><Content>&b;</Content><MsgId>1</MsgId></xml>",
        '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<xml><ToUserName>gh</ToUserName><FromUserName>oX</FromUserName><CreateTime>1</CreateTime>"
        "<MsgType>text</MsgType><Content>&x;</Content><MsgId>2</MsgId></xml>",
    ],
    ids=["unclosed", "not-xml", "entity-expansion", "external-entity"],
)
def test_malformed_xml_is_400(bot, body):
    resp, _ = post(bot.url, body)
    assert resp.status_code == 400
    assert "passwd" not in resp.text and "root:" not in resp.text


def test_missing_parameters_are_400(bot):
    params = signed()
    del params["signature"]
    resp, _ = post(bot.url, text_xml(new_openid(), "你好"), params)
    assert resp.status_code == 400 and "signature" in resp.text


def test_subscribe_gets_the_welcome_and_media_a_polite_text(bot):
    openid = new_openid()
    welcome = content_of(post(bot.url, event_xml(openid, "subscribe"))[0])
    assert welcome["Content"] == wp.TEXTS["welcome"] and welcome["ToUserName"] == openid
    image = content_of(post(bot.url, image_xml(openid))[0])
    assert image["Content"] == wp.TEXTS["unsupported"]
    unsubscribe, _ = post(bot.url, event_xml(openid, "unsubscribe"))
    assert (unsubscribe.status_code, unsubscribe.text) == (200, "success")


def test_personal_numbers_never_reach_the_tracker(bot):
    openid = new_openid()
    card, phone = "6222021234567890123", "13812345678"
    resp, _ = post(bot.url, text_xml(openid, f"我的卡号{card}，手机{phone}，欠了招行两万五"))
    assert resp.status_code == 200
    tracker = json.dumps(bot.tracker(openid, channel="wechat"), ensure_ascii=False)
    assert card not in tracker and phone not in tracker


def test_slow_answer_goes_through_the_customer_service_api(slow_bot, wechat_api):
    openid = new_openid()
    msg_id = new_msg_id()
    xml = text_xml(openid, "我要转人工", msg_id)  # a custom action, delayed by the proxy
    resp, elapsed = post(slow_bot, xml)
    assert (resp.status_code, resp.text) == (200, "success")
    assert elapsed < WECHAT_DEADLINE_S
    deadline = time.monotonic() + 20
    while not wechat_api.sent_to(openid) and time.monotonic() < deadline:
        time.sleep(0.2)
    [message] = wechat_api.sent_to(openid)
    assert message["msgtype"] == "text" and "转人工" in message["text"]["content"]
    assert {"grant_type": "client_credential", "appid": e2e.WECHAT_APP_ID,
            "secret": e2e.WECHAT_APP_SECRET} in wechat_api.token_requests
    # WeChat's retry of the same MsgId: answered "success", nothing run or sent twice
    retry, _ = post(slow_bot, xml)
    assert (retry.status_code, retry.text) == (200, "success")
    time.sleep(1.0)
    assert len(wechat_api.sent_to(openid, timeout=0)) == 1


# ---------------------------------------------------------------------------------------------
# replays and forgeries against the live bot (issue 14)


def test_plain_push_is_refused_since_safe_mode_is_configured(bot):
    openid = new_openid()
    resp, _ = post(bot.url, text_xml(openid, "你好"), signed())
    assert resp.status_code == 403 and "安全模式" in resp.text
    assert user_events(bot, openid) == []


def test_a_push_signed_an_hour_ago_is_refused(bot):
    openid = new_openid()
    params, envelope = encrypted(text_xml(openid, "你好"), timestamp=int(time.time()) - 3600)
    resp, _ = post(bot.url, envelope, params)
    assert resp.status_code == 403 and "时间戳" in resp.text
    assert user_events(bot, openid) == []


def test_voice_with_recognition_is_answered_like_text(bot):
    openid = new_openid()
    xml = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
           f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[voice]]></MsgType>"
           "<MediaId><![CDATA[m]]></MediaId><Format><![CDATA[amr]]></Format>"
           "<Recognition><![CDATA[你好，我的手机是幺三八幺二三四五六七八]]></Recognition>"
           f"<MsgId>{new_msg_id()}</MsgId></xml>")
    reply = content_of(post(bot.url, xml)[0])
    assert reply["Content"].strip() and reply["Content"] != wp.TEXTS["voice_unreadable"]
    [event] = user_events(bot, openid)
    assert event["text"] == "你好，我的手机是****5678"


def test_a_plan_in_wechat_links_to_a_signed_download_page(bot):
    """Issue 13: WeChat gets a signed, expiring link to a download page (its browser blocks blobs); the
    page's PDF is the letter; a tampered or foreign link is refused."""
    import re
    import shutil
    import subprocess

    openid = new_openid()
    for text in ("帮我做个还款计划", "招行欠了两万四", "月收入5000", "每月必要开支3000", "每月最多能还1000"):
        content_of(post(bot.url, text_xml(openid, text))[0])
    summary = content_of(post(bot.url, text_xml(openid, "去年失业了"))[0])["Content"]
    assert "我记下的情况" in summary and "回复“确认”" in summary
    reply = content_of(post(bot.url, text_xml(openid, "确认"))[0])["Content"]
    link = re.search(r"(/webhooks/widget/documents/[A-Za-z0-9-]+\?e=\d+&s=[\w-]+)", reply)
    assert link, reply
    page = requests.get(bot.url + link.group(1), timeout=30)
    assert page.status_code == 200 and "在浏览器打开" in page.text
    href = re.search(r'href="([^"]+letter-0\.pdf[^"]+)"', page.text).group(1).replace("&amp;", "&")
    pdf = requests.get(f"{bot.url}/webhooks/widget/documents/{href}", timeout=30)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert shutil.which("pdftotext"), "pdftotext (Debian poppler-utils) is needed: make browser-deps"
    text = "".join(subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True)
                   .stdout.decode().split())
    assert "人民币24,000.00元" in text and "每期还款1,000.00元" in text and "本人去年失业" in text
    tampered = link.group(1)[:-1] + ("A" if not link.group(1).endswith("A") else "B")
    assert requests.get(bot.url + tampered, timeout=30).status_code == 403


def test_a_complaint_in_wechat_links_to_its_signed_pdf(bot):
    """Issue 12: the complaint about abusive collection is offered behind the letter's signed link and
    route; its PDF names the acts and the rules and holds no full number; a tampered link is refused."""
    import re
    import shutil
    import subprocess

    openid = new_openid()
    content_of(post(bot.url, text_xml(openid, "平安银行的催收昨晚11点打电话骂我，还打给我妈说我欠钱不还，号码13812345678"))[0])
    reply = content_of(post(bot.url, text_xml(openid, "帮我写投诉"))[0])["Content"]
    link = re.search(r"(/webhooks/widget/documents/[A-Za-z0-9-]+\?e=\d+&s=[\w-]+)", reply)
    assert link and "下载投诉书" in reply, reply
    page = requests.get(bot.url + link.group(1), timeout=30)
    assert page.status_code == 200 and "违规催收的投诉" in page.text
    href = re.search(r'href="([^"]+complaint\.pdf[^"]+)"', page.text).group(1).replace("&amp;", "&")
    pdf = requests.get(f"{bot.url}/webhooks/widget/documents/{href}", timeout=30)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert shutil.which("pdftotext"), "pdftotext (Debian poppler-utils) is needed: make browser-deps"
    text = "".join(subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True)
                   .stdout.decode().split())
    for words in ("关于平安银行信用卡违规催收的投诉", "催收人员辱骂、侮辱我", "第六十八条", "22:00至次日8:00", "母亲"):
        assert words in text, (words, text)
    assert "13812345678" not in text and "5678" in text
    tampered = link.group(1)[:-1] + ("A" if not link.group(1).endswith("A") else "B")
    assert requests.get(bot.url + tampered, timeout=30).status_code == 403


def test_a_specific_answer_and_its_details_on_wechat(bot):
    # issue 12: the same short, sourced answer as the other channels; 「详细说明」 is option 1
    from bot import facts as F

    openid = new_openid()
    reply = content_of(post(bot.url, text_xml(openid, "收到法院传票怎么知道是不是真的"))[0])["Content"]
    assert F.first_bubble(F.by_id("summons_check")) in reply and "1. 详细说明" in reply
    details = content_of(post(bot.url, text_xml(openid, "1"))[0])["Content"]
    assert details.startswith("详细说明：") and F.text("summons_check") in details


def test_the_criminal_answer_on_wechat_never_reads_unknown_as_not_met(bot):
    reply = content_of(post(bot.url, text_xml(new_openid(), "欠6万会坐牢吗"))[0])["Content"]
    assert "无法判断" in reply and "至少有一项法定条件" not in reply and "✘" not in reply
