"""Rasa input channel for a WeChat Official Account (公众号): `GET|POST /webhooks/wechat/webhook`.

Enabled in credentials.yml with the key `bot.channels.wechat.WeChatInput:`; values left out there are
read from the environment through `bot.config.settings()` (WECHAT_TOKEN, WECHAT_APP_ID,
WECHAT_AES_KEY, WECHAT_APP_SECRET, WECHAT_API_BASE, WECHAT_REPLY_TIMEOUT, KAYOU_REDIS_URL).

WeChat waits 5 s for the answer to a push and then retries it (three tries, same MsgId). So:
- each MsgId (for events: FromUserName + CreateTime) runs the bot once; its result is shared by the
  tries: the newest try that is still waiting gets the passive reply (WeChat has given up on the
  earlier ones, which answer "success"), a try that comes after the answer was given gets "success";
- if the bot takes longer than WECHAT_REPLY_TIMEOUT (4.5 s by default) the try answers "success"
  and the answer goes out later through the customer-service message API (客服消息);
- an answer longer than WeChat's 2048-byte limit is split: the first piece is the passive reply and
  the rest follow through the same API (see `wechat_protocol.plan_reply`).
The dedup store lives in memory with a TTL; with KAYOU_REDIS_URL set, a Redis `SET NX` also claims
each MsgId so that, with several workers, only one runs the bot (the others answer "success"). Both
keep a MsgId for DEDUP_TTL_S (an hour: far past WeChat's ~15 s of retries and the timestamp window).

Replays and forgeries (each refused with 403 before the bot runs):
- a push signed more than ±300 s from our clock (`wechat_protocol.TIMESTAMP_WINDOW_S`);
- a signed (timestamp, nonce) seen before with another body: the plain signature does not cover the
  body, so a captured signature must not carry a new one (nonces are kept for twice the window, in
  memory and, with KAYOU_REDIS_URL, in Redis, so every worker and replica knows them);
- a plain push while safe mode is configured (AES key + app id): then only `msg_signature`, which
  covers the encrypted body, is accepted.
WECHAT_API_BASE must be https (http only to a loopback address, for a local stand-in); the
conversation id of a user is `wechat:<openid>`.

Voice messages: WeChat's speech recognition text (`Recognition`, when the Official Account enables it)
is the user's text, prepared and masked like typed text; without it the user is asked to type.
"""
from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import urlsplit

import aiohttp
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import wechat_protocol as wp
from bot.channels.common import EMPTY_MESSAGE_REPLY, NO_REPLY_FALLBACK, prepare_user_text
from bot.channels.rest import conversation_id, read_bounded_body
from bot.config import settings

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]

# How long a MsgId (or an event's FromUserName + CreateTime) is remembered.
DEDUP_TTL_S = 3600.0
def _nonce_used() -> HTTPResponse:
    return _forbidden("nonce already used", "重复使用的请求签名")


# What a verification (GET) "carries" for the nonce memory: no push body can equal it
VERIFY_BODY = b"\x00kayou-wechat-verification\x00"
# How long a signed nonce is remembered: longer than the timestamp window on both sides of now.
NONCE_TTL_S = 2.0 * wp.TIMESTAMP_WINDOW_S + 60.0


def check_api_base(api_base: str) -> str:
    """`api_base` when it is https, or http to a loopback address (a local stand-in); else ValueError.

    The access token and every answer travel to this address.
    """
    parts = urlsplit(api_base or "")
    if parts.scheme == "https" and parts.hostname:
        return api_base
    if parts.scheme == "http" and parts.hostname:
        host = parts.hostname
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if loopback:
            return api_base
    raise ValueError(
        f"WECHAT_API_BASE must be an https:// URL (http only to a loopback address), not {api_base!r}"
    )


# ---------------------------------------------------------------------------------------------
# WeChat's customer-service message API


class WeChatApiError(Exception):
    def __init__(self, errcode: int, where: str) -> None:
        super().__init__(f"WeChat API {where} answered errcode {errcode}")
        self.errcode = errcode


class WeChatApiClient:
    """Sends text through `/cgi-bin/message/custom/send`, with a cached access token.

    Each worker caches its own token; WeChat keeps an old token valid for a while after a new one
    is issued, and an "invalid token" answer makes us fetch a fresh one and try again.
    """

    # access token invalid / expired: fetch a new one and retry
    TOKEN_ERRCODES = frozenset({40001, 40014, 42001})
    # -1 is "system busy"
    RETRY_ERRCODES = TOKEN_ERRCODES | {-1}

    def __init__(
        self,
        api_base: str,
        app_id: str,
        app_secret: str,
        *,
        attempts: int = 3,
        backoff: float = 0.5,
        timeout: float = 10.0,
    ) -> None:
        self.api_base = api_base.rstrip("/")
        self.app_id = app_id
        self._app_secret = app_secret
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.timeout = timeout
        self._session: Optional[aiohttp.ClientSession] = None
        self._token: Optional[str] = None
        self._token_expires_at = 0.0
        self._token_lock: Optional[asyncio.Lock] = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def _get_json(self, url: str, params: dict[str, str]) -> dict[str, Any]:
        async with self._http().get(url, params=params) as resp:
            resp.raise_for_status()
            return await resp.json(content_type=None)

    async def _post_json(self, url: str, params: dict[str, str], payload: Any) -> dict[str, Any]:
        # WeChat wants the Chinese as UTF-8, not \\u escapes
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8"}
        async with self._http().post(url, params=params, data=body, headers=headers) as resp:
            resp.raise_for_status()
            return await resp.json(content_type=None)

    async def access_token(self) -> str:
        if self._token_lock is None:
            self._token_lock = asyncio.Lock()
        async with self._token_lock:
            if self._token and time.monotonic() < self._token_expires_at:
                return self._token
            data = await self._get_json(
                f"{self.api_base}/cgi-bin/token",
                {"grant_type": "client_credential", "appid": self.app_id, "secret": self._app_secret},
            )
            token = data.get("access_token")
            if not isinstance(token, str) or not token:
                raise WeChatApiError(int(data.get("errcode") or -2), "token")
            expires_in = float(data.get("expires_in") or 7200)
            # renew a little early so a token never expires between our check and WeChat's
            self._token = token
            self._token_expires_at = time.monotonic() + max(expires_in - 300.0, expires_in / 2)
            return token

    def invalidate_token(self) -> None:
        self._token = None
        self._token_expires_at = 0.0

    async def send_text(self, openid: str, content: str) -> bool:
        """True once WeChat accepted the message; False after the bounded retries (logged)."""
        return await self.send_text_errcode(openid, content) == 0

    async def send_text_errcode(self, openid: str, content: str) -> int:
        """0 once WeChat accepted the message, else WeChat's last errcode (45015: outside the 48-hour
        window) or -2 when it could not be reached, after the bounded retries (logged)."""
        last_errcode = -2
        payload = {"touser": openid, "msgtype": "text", "text": {"content": content}}
        who = wp.mask_openid(openid)
        for attempt in range(1, self.attempts + 1):
            try:
                token = await self.access_token()
                data = await self._post_json(
                    f"{self.api_base}/cgi-bin/message/custom/send", {"access_token": token}, payload
                )
                errcode = int(data.get("errcode") or 0)
                if errcode == 0:
                    return 0
                last_errcode = errcode
                if errcode in self.TOKEN_ERRCODES:
                    self.invalidate_token()
                if errcode not in self.RETRY_ERRCODES:
                    # e.g. 45015: the user has not written in 48 hours; trying again won't help
                    logger.error("wechat custom/send to %s refused: errcode %s", who, errcode)
                    return errcode
                logger.warning(
                    "wechat custom/send to %s: errcode %s (try %d/%d)", who, errcode, attempt, self.attempts
                )
            except WeChatApiError as exc:
                last_errcode = exc.errcode
                logger.warning(
                    "wechat access token: errcode %s (try %d/%d)", exc.errcode, attempt, self.attempts
                )
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
                # the exception's text may hold the URL with the access token: log its type only
                logger.warning(
                    "wechat custom/send to %s failed: %s (try %d/%d)",
                    who, type(exc).__name__, attempt, self.attempts,
                )
            if attempt < self.attempts:
                await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
        logger.error("wechat custom/send to %s gave up after %d tries", who, self.attempts)
        return last_errcode


# The client of the WeChat channel running in this process, so that the staff console sends an agent's
# reply with the same cached access token (WeChat issues a new token per fetch and limits fetches a day).
_shared_client: Optional[WeChatApiClient] = None


def shared_api_client() -> Optional[WeChatApiClient]:
    """The WeChat channel's API client, or one built from the environment (None when WECHAT_APP_ID /
    WECHAT_APP_SECRET are not set)."""
    global _shared_client
    if _shared_client is None:
        conf = settings()
        if conf.wechat_app_id and conf.wechat_app_secret:
            _shared_client = WeChatApiClient(check_api_base(conf.wechat_api_base), conf.wechat_app_id,
                                             conf.wechat_app_secret)
    return _shared_client


# ---------------------------------------------------------------------------------------------
# retries of one push


@dataclass
class _Exchange:
    """What we know about one MsgId across WeChat's tries."""

    created: float
    # the newest try still waiting for the answer
    waiter: Optional[asyncio.Future] = None
    # the answer was handed to a try or to the push path: later tries just get "success"
    settled: bool = False
    task: Optional[asyncio.Task] = None


class ExchangeStore:
    """MsgId → _Exchange in memory, each kept `ttl` seconds (WeChat's retries end within ~15 s)."""

    def __init__(
        self, ttl: float = DEDUP_TTL_S, max_entries: int = 50000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self._items: OrderedDict[str, _Exchange] = OrderedDict()

    def _prune(self, now: float) -> None:
        while self._items:
            key, first = next(iter(self._items.items()))
            if now - first.created < self.ttl and len(self._items) <= self.max_entries:
                break
            del self._items[key]

    def get(self, key: str) -> Optional[_Exchange]:
        now = self.clock()
        self._prune(now)
        return self._items.get(key)

    def add(self, key: str) -> _Exchange:
        exchange = _Exchange(created=self.clock())
        self._items[key] = exchange
        return exchange

    def __len__(self) -> int:
        return len(self._items)


class NonceMemory:
    """Signed (timestamp, nonce) → digest of the body it came with, in memory for `ttl` seconds."""

    def __init__(
        self, ttl: float = NONCE_TTL_S, max_entries: int = 200000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self._items: OrderedDict[str, tuple[float, str]] = OrderedDict()

    def remember(self, key: str, digest: str) -> Optional[str]:
        """The digest stored earlier under `key` (None if `key` is new, and then it is stored)."""
        now = self.clock()
        while self._items:
            first, (expires, _) = next(iter(self._items.items()))
            if expires > now and len(self._items) < self.max_entries:
                break
            del self._items[first]
        item = self._items.get(key)
        if item is not None and item[0] > now:
            return item[1]
        self._items[key] = (now + self.ttl, digest)
        return None


class RedisClaims:
    """`SET key NX EX ttl` in Redis so that one worker among several handles a MsgId, and the signed
    nonces every worker has seen.

    If Redis cannot be reached the claim is granted (logged): a rare double answer beats silence; the
    nonce check then falls back to this worker's memory.
    """

    PREFIX = "kayou:wechat:msg:"
    NONCE_PREFIX = "kayou:wechat:nonce:"

    def __init__(self, url: str, ttl: float = DEDUP_TTL_S, nonce_ttl: float = NONCE_TTL_S) -> None:
        self.url = url
        self.ttl = int(max(ttl, 1))
        self.nonce_ttl = int(max(nonce_ttl, 1))
        self._client: Any = None

    def _redis(self) -> Any:
        if self._client is None:
            import redis.asyncio as aioredis

            # short timeouts: all of this happens inside WeChat's 5 s
            self._client = aioredis.from_url(self.url, socket_timeout=0.5, socket_connect_timeout=0.5)
        return self._client

    async def claim(self, key: str) -> bool:
        try:
            return bool(await self._redis().set(self.PREFIX + key, "1", nx=True, ex=self.ttl))
        except Exception as exc:  # noqa: BLE001 (any Redis failure means: decide locally)
            logger.warning("wechat dedup: Redis unavailable (%s); deciding in this worker", type(exc).__name__)
            return True

    async def remember_nonce(self, key: str, digest: str) -> Optional[str]:
        """The digest stored earlier by any worker under `key`, or None when `key` is new (now stored).

        Raises when Redis cannot be reached (the caller decides with its own memory).
        """
        client = self._redis()
        name = self.NONCE_PREFIX + key
        if await client.set(name, digest, nx=True, ex=self.nonce_ttl):
            return None
        earlier = await client.get(name)
        return earlier.decode("ascii", "replace") if isinstance(earlier, bytes) else earlier

    async def close(self) -> None:
        if self._client is not None:
            try:
                await self._client.close()
            except Exception:  # noqa: BLE001
                pass
            self._client = None


class OptionMemory:
    """The numbered options last shown to each user, so that a reply "2" means option 2."""

    def __init__(self, ttl: float = 1800.0, max_entries: int = 20000) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._items: OrderedDict[str, tuple[float, tuple[str, ...]]] = OrderedDict()

    def remember(self, openid: str, options: tuple[str, ...]) -> None:
        self._items.pop(openid, None)
        if options:
            self._items[openid] = (time.monotonic() + self.ttl, options)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def recall(self, openid: str) -> tuple[str, ...]:
        item = self._items.get(openid)
        if item is None or item[0] < time.monotonic():
            return ()
        return item[1]


# ---------------------------------------------------------------------------------------------
# the channel


def _plain(status: int, text: str) -> HTTPResponse:
    return response.text(text, status=status, content_type="text/plain; charset=utf-8")


def _bad_request(reason_en: str, reason_zh: str) -> HTTPResponse:
    return _plain(400, f"Bad Request: {reason_en} / 请求有误：{reason_zh}")


def _forbidden(reason_en: str = "invalid signature", reason_zh: str = "签名校验失败") -> HTTPResponse:
    return _plain(403, f"Forbidden: {reason_en} / {reason_zh}")


def _stale() -> HTTPResponse:
    return _forbidden(
        f"timestamp more than {wp.TIMESTAMP_WINDOW_S} s from the server's clock",
        f"时间戳与服务器时间相差超过 {wp.TIMESTAMP_WINDOW_S} 秒",
    )


class WeChatInput(InputChannel):
    """WeChat Official Account webhook: plain and safe (encrypted) mode, passive replies."""

    @classmethod
    def name(cls) -> str:
        return "wechat"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> WeChatInput:
        credentials = credentials or {}
        conf = settings()

        def pick(key: str, default: Any) -> Any:
            value = credentials.get(key)
            return default if value in (None, "") else value

        return cls(
            token=pick("token", conf.wechat_token),
            app_id=pick("app_id", conf.wechat_app_id),
            aes_key=pick("aes_key", conf.wechat_aes_key),
            app_secret=pick("app_secret", conf.wechat_app_secret),
            api_base=pick("api_base", conf.wechat_api_base),
            reply_timeout=float(pick("reply_timeout", conf.wechat_reply_timeout)),
            redis_url=pick("redis_url", conf.redis_url),
        )

    def __init__(
        self,
        token: Optional[str],
        app_id: Optional[str] = None,
        aes_key: Optional[str] = None,
        app_secret: Optional[str] = None,
        api_base: str = "https://api.weixin.qq.com",
        reply_timeout: float = 4.5,
        redis_url: Optional[str] = None,
        *,
        dedup_ttl: float = DEDUP_TTL_S,
        nonce_ttl: float = NONCE_TTL_S,
        clock: Callable[[], float] = time.monotonic,
        push_attempts: int = 3,
        push_backoff: float = 0.5,
        push_pause: float = 0.3,
    ) -> None:
        self.token = token or None
        self.app_id = app_id or None
        self.reply_timeout = float(reply_timeout)
        # a safe-mode key that is set but wrong is a deployment error: fail at start, not per message
        self.crypto = wp.make_crypto(self.token or "", aes_key, self.app_id) if (aes_key and self.app_id) else None
        self.api = (
            WeChatApiClient(
                check_api_base(api_base), self.app_id, app_secret, attempts=push_attempts, backoff=push_backoff
            )
            if (self.app_id and app_secret)
            else None
        )
        if self.api is not None:
            global _shared_client
            _shared_client = self.api
        # pause before pushing the rest of a split answer, so the passive first piece shows first
        self.push_pause = push_pause
        self._exchanges = ExchangeStore(ttl=dedup_ttl, clock=clock)
        self._nonces = NonceMemory(ttl=nonce_ttl, clock=clock)
        self._claims = RedisClaims(redis_url, ttl=dedup_ttl, nonce_ttl=nonce_ttl) if redis_url else None
        self._options = OptionMemory()
        self._background: set[asyncio.Task] = set()
        if not self.token:
            logger.warning("wechat channel: WECHAT_TOKEN is not set; the webhook answers 503")
        if self.api is None:
            logger.warning(
                "wechat channel: WECHAT_APP_ID/WECHAT_APP_SECRET not set; slow or long answers "
                "cannot be pushed (long ones are shortened)"
            )

    # -- blueprint ---------------------------------------------------------------------------

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = Blueprint("wechat_webhook")

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            return await self._verify(request)

        # streamed: a body over the limit is refused without being read into memory first
        @bp.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            return await self._receive(request, on_new_message)

        @bp.listener("after_server_stop")
        async def close(*_: Any) -> None:
            await self.close()

        return bp

    async def close(self) -> None:
        if self.api is not None:
            await self.api.close()
        if self._claims is not None:
            await self._claims.close()

    async def _verify(self, request: Request) -> HTTPResponse:
        if not self.token:
            return _plain(503, "WeChat channel not configured (WECHAT_TOKEN) / 微信渠道未配置")
        params = {k: request.args.get(k) for k in ("signature", "timestamp", "nonce", "echostr")}
        missing = [k for k, v in params.items() if not v]
        if missing:
            return _bad_request(f"missing parameter(s) {', '.join(missing)}", "缺少参数 " + "、".join(missing))
        if not wp.signature_is_valid(self.token, params["signature"], params["timestamp"], params["nonce"]):
            logger.warning("wechat verify: bad signature")
            return _forbidden()
        if not wp.timestamp_in_window(params["timestamp"]):
            logger.warning("wechat verify: timestamp outside the window")
            return _stale()
        # the nonce is spent on this verification: a signed verification URL (in a log, a browser's history)
        # must not be replayed within the window as a push under any openid. The same verification again is
        # fine (the same "body": VERIFY_BODY), any push with its (timestamp, nonce) is refused.
        if not await self._nonce_is_fresh(params["timestamp"], params["nonce"], VERIFY_BODY):
            logger.warning("wechat verify: nonce already used by a push, refused")
            return _nonce_used()
        return _plain(200, params["echostr"])

    async def _receive(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        started = asyncio.get_running_loop().time()
        if not self.token:
            return _plain(503, "WeChat channel not configured (WECHAT_TOKEN) / 微信渠道未配置")
        args = request.args
        encrypted = (args.get("encrypt_type") or "").lower() == "aes"
        timestamp, nonce = args.get("timestamp"), args.get("nonce")
        signature, msg_signature = args.get("signature"), args.get("msg_signature")
        required = {"timestamp": timestamp, "nonce": nonce}
        required["msg_signature" if encrypted else "signature"] = msg_signature if encrypted else signature
        missing = [k for k, v in required.items() if not v]
        if missing:
            return _bad_request(f"missing parameter(s) {', '.join(missing)}", "缺少参数 " + "、".join(missing))
        if encrypted and self.crypto is None:
            return _bad_request("safe mode is not configured", "未配置安全模式")
        # WeChat also sends the plain signature in safe mode; when present it must be right too
        if signature and not wp.signature_is_valid(self.token, signature, timestamp, nonce):
            logger.warning("wechat push: bad signature")
            return _forbidden()
        if not wp.timestamp_in_window(timestamp):
            logger.warning("wechat push: timestamp outside the window")
            return _stale()
        if self.crypto is not None and not encrypted:
            # the plain signature does not cover the body: with safe mode on, only msg_signature counts
            logger.warning("wechat push: plain push refused, safe mode is configured")
            return _forbidden("safe mode is configured, plain pushes are refused", "已启用安全模式，只接受加密消息")
        body = await read_bounded_body(request, wp.MAX_BODY_BYTES)
        if body is None:
            return _plain(413, "Payload Too Large / 消息过大")
        try:
            xml = wp.decrypt_envelope(self.crypto, body, msg_signature, timestamp, nonce) if encrypted else body
            message = wp.parse_message(xml)
        except wp.InvalidSignature as exc:
            logger.warning("wechat push: %s", exc)
            return _forbidden()
        except wp.ForbiddenXML:
            logger.warning("wechat push: XML with DTD/entities refused")
            return _bad_request("XML with DTD or entities is not accepted", "不接受含 DTD 或实体的 XML")
        except wp.MalformedMessage as exc:
            logger.warning("wechat push: malformed (%s)", type(exc).__name__)
            return _bad_request("malformed XML message", "XML 消息格式不正确")
        # only now, with the signature checked, is the nonce remembered (junk cannot fill the memory)
        if not await self._nonce_is_fresh(timestamp, nonce, body):
            logger.warning("wechat push: nonce reused with another body, refused")
            return _nonce_used()

        content = await self._answer(message, on_new_message, started, encrypted)
        logger.info(
            "wechat %s from %s answered %s in %.2fs",
            wp.message_kind(message), wp.mask_openid(message.source),
            "passively" if content else "success", asyncio.get_running_loop().time() - started,
        )
        if not content:
            return _plain(200, wp.SUCCESS)
        reply = wp.text_reply_xml(message, content)
        if encrypted:
            reply = wp.encrypt_reply(self.crypto, reply, nonce, timestamp)
        return response.text(reply, content_type="application/xml; charset=utf-8")

    async def _nonce_is_fresh(self, timestamp: str, nonce: str, body: bytes) -> bool:
        """False when this signed (timestamp, nonce) came before with another body, in any worker."""
        key, digest = wp.push_fingerprint(timestamp, nonce, body)
        earlier = self._nonces.remember(key, digest)
        if earlier is not None and earlier != digest:
            return False
        if self._claims is not None:
            try:
                earlier = await self._claims.remember_nonce(key, digest)
            except Exception as exc:  # noqa: BLE001 (Redis down: this worker's memory decided)
                logger.warning("wechat nonce check: Redis unavailable (%s); this worker decides",
                               type(exc).__name__)
                return True
            if earlier is not None and earlier != digest:
                return False
        return True

    # -- answering once per MsgId ------------------------------------------------------------

    async def _answer(
        self, message: Any, on_new_message: OnNewMessage, started: float, encrypted: bool
    ) -> Optional[str]:
        """The passive reply's content, or None for "success"."""
        key = wp.dedup_key(message)
        exchange = self._exchanges.get(key)
        if exchange is not None:
            logger.info("wechat retry of %s from %s", key.split(":")[0], wp.mask_openid(message.source))
        else:
            exchange = self._exchanges.add(key)
            if self._claims is not None and not await self._claims.claim(key):
                # another worker has this MsgId and answers it
                exchange.settled = True
                if exchange.waiter is not None and not exchange.waiter.done():
                    exchange.waiter.set_result(None)
                return None
            exchange.task = self._spawn(
                self._produce_and_settle(exchange, message, on_new_message, encrypted)
            )
        return await self._await_answer(exchange, started)

    async def _await_answer(self, exchange: _Exchange, started: float) -> Optional[str]:
        if exchange.settled:
            return None
        if exchange.waiter is not None and not exchange.waiter.done():
            # WeChat retried, so it no longer listens to the earlier try: that one says "success"
            exchange.waiter.set_result(None)
        loop = asyncio.get_running_loop()
        waiter = loop.create_future()
        exchange.waiter = waiter
        remaining = self.reply_timeout - (loop.time() - started)
        try:
            return await asyncio.wait_for(waiter, timeout=max(remaining, 0.0))
        except asyncio.TimeoutError:
            # the waiter is cancelled now, so the answer will take the push path
            return None

    async def _produce_and_settle(
        self, exchange: _Exchange, message: Any, on_new_message: OnNewMessage, encrypted: bool
    ) -> None:
        openid = message.source
        try:
            text = await self._produce(message, on_new_message, encrypted)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 (the user gets an apology, the server keeps running)
            logger.exception("wechat: the bot failed for %s", wp.mask_openid(openid))
            text = NO_REPLY_FALLBACK
        waiter = exchange.waiter
        exchange.settled = True
        if waiter is not None and not waiter.done():
            passive, rest = wp.plan_reply(text, can_push=self.api is not None)
            waiter.set_result(passive)
            if rest:
                await asyncio.sleep(self.push_pause)
                await self._push(openid, rest)
        elif text.strip():
            await self._push(openid, wp.split_text(text, wp.CUSTOM_TEXT_LIMIT_BYTES))

    async def _produce(self, message: Any, on_new_message: OnNewMessage, encrypted: bool) -> str:
        kind = wp.message_kind(message)
        if kind == "subscribe":
            return wp.TEXTS["welcome"]
        if kind == "unsupported":
            return wp.TEXTS["unsupported"]
        if kind == "voice":
            said = wp.voice_recognition(message)
            if not said:
                return wp.TEXTS["voice_unreadable"]
        elif kind == "text":
            said = message.content
        else:
            return ""
        # personal numbers masked and length bounded, as on every channel (bot.channels.common)
        prepared = prepare_user_text(said)
        if prepared.empty:
            return EMPTY_MESSAGE_REPLY
        openid = message.source
        text = wp.resolve_option(prepared.text, self._options.recall(openid))
        collector = CollectingOutputChannel()
        await on_new_message(
            UserMessage(
                text,
                collector,
                sender_id=conversation_id(self.name(), openid),
                input_channel=self.name(),
                message_id=str(message.id) if message.id else None,
                metadata={
                    "wechat": {
                        "msg_id": str(message.id),
                        "account": message.target,
                        "create_time": message.time,
                        "safe_mode": encrypted,
                        "voice": kind == "voice",
                    }
                },
            )
        )
        rendered = wp.render_bot_messages(collector.messages)
        self._options.remember(openid, rendered.options)
        text = rendered.text
        if not text:
            from bot.channels.handoff_desk import forwarded_notice

            # an agent has the conversation (Rasa paused it): the message waits for the agent
            text = await forwarded_notice(conversation_id(self.name(), openid))
        return "\n\n".join([text or NO_REPLY_FALLBACK, *prepared.notes])

    async def _push(self, openid: str, pieces: list[str]) -> None:
        if self.api is None:
            logger.error(
                "wechat: an answer for %s could not be delivered (no WECHAT_APP_ID/WECHAT_APP_SECRET)",
                wp.mask_openid(openid),
            )
            return
        for index, piece in enumerate(pieces, start=1):
            if not await self.api.send_text(openid, piece):
                logger.error(
                    "wechat: stopped pushing to %s at piece %d/%d", wp.mask_openid(openid), index, len(pieces)
                )
                return

    def _spawn(self, coro: Awaitable[None]) -> asyncio.Task:
        # keep a reference: the loop holds tasks only weakly
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task
