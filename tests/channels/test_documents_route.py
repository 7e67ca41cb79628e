"""The signed, expiring document links (issue 13) in a real Sanic server with a real SQLite case store:
the WeChat download page, the PDF read back with pdftotext, the .docx, and each refusal (expired,
tampered, missing signature, another case's signature, an unknown file)."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import time
import zipfile
from datetime import date
from urllib.parse import parse_qs, urlparse

import aiohttp
import pytest

from bot.channels.widget import WidgetInput
from bot.documents import links
from bot.finance import plan
from bot.store.migrate import upgrade
from bot.store.repository import open_store
from tests.channels.test_widget_static import serve


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("KAYOU_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("KAYOU_DOWNLOAD_SECRET", raising=False)
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    monkeypatch.setenv("KAYOU_CASE_DB_URL", url)
    upgrade(url)
    return open_store(url)


@pytest.fixture
def case_id(store):
    result = plan([{"bank": "招行", "amount": 36000, "card_last4": "8899"}], monthly_income=5000,
                  monthly_expenses=3000, monthly_budget=1500, hardship_reason="今年生病住院了",
                  today=date(2026, 12, 1))
    record = store.cases.add_case("widget:doc-test", channel="widget", banks=["招商银行"], total_debt=result.total,
                                  periods=result.periods, monthly_payment=result.monthly_payment,
                                  feasible=result.feasible, plan=result.to_dict(), letter=result.letter)
    return record.id


@pytest.fixture
async def http(store):
    server, base = await serve(WidgetInput())
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))

    async def get(path: str):
        async with session.get(base + path, allow_redirects=False) as resp:
            return resp.status, dict(resp.headers), await resp.read()

    yield get
    await session.close()
    await server.before_stop()
    server.close()
    await server.wait_closed()
    await server.after_stop()


def pdf_text(data: bytes) -> str:
    assert shutil.which("pdftotext"), "pdftotext (Debian poppler-utils) is needed: make browser-deps"
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


async def test_the_signed_pdf_is_the_letter(http, case_id):
    query, _ = links.signed_query(case_id)
    status, headers, body = await http(f"/webhooks/widget/documents/{case_id}/letter-0.pdf?{query}")
    assert status == 200 and headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
    assert "attachment" in headers["Content-Disposition"] and "filename*=UTF-8''" in headers["Content-Disposition"]
    assert headers["Cache-Control"] == "no-store"
    text = "".join(pdf_text(body).split())
    for item in ("个性化分期还款申请书", "招商银行信用卡中心", "人民币36,000.00元", "每期还款1,500.00元",
                 "本人今年患病住院。", "不再向任何银行申请新的信用卡", "书面协议", "申请人（签字）", "日期："):
        assert item in text, item


async def test_the_schedule_is_its_own_attachment(http, case_id):
    query, _ = links.signed_query(case_id)
    status, _, body = await http(f"/webhooks/widget/documents/{case_id}/schedule.pdf?{query}")
    text = "".join(pdf_text(body).split())
    assert status == 200 and "附件：还款计划表" in text and "第24期" in text and "2028年12月1日" in text


async def test_the_docx_is_word(http, case_id):
    query, _ = links.signed_query(case_id)
    status, headers, body = await http(f"/webhooks/widget/documents/{case_id}/letter-0.docx?{query}")
    assert status == 200 and "wordprocessingml" in headers["Content-Type"]
    xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
    assert "个性化分期还款申请书" in xml and "8899" in xml


async def test_the_wechat_download_page_lists_signed_files(http, case_id):
    query, _ = links.signed_query(case_id)
    status, headers, body = await http(f"/webhooks/widget/documents/{case_id}?{query}")
    page = body.decode()
    assert status == 200 and "在浏览器打开" in page and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert f'href="{case_id}/letter-0.pdf?' in page and f'{case_id}/schedule.docx?' in page
    href = page.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    status, _, pdf = await http(f"/webhooks/widget/documents/{href}")
    assert status == 200 and pdf.startswith(b"%PDF")


async def test_an_expired_link_is_refused(http, case_id):
    query, _ = links.signed_query(case_id, now=time.time() - 2 * 86400)
    status, _, body = await http(f"/webhooks/widget/documents/{case_id}/letter-0.pdf?{query}")
    assert status == 410 and "已过期" in body.decode()


async def test_a_tampered_link_is_refused(http, case_id):
    query, _ = links.signed_query(case_id)
    params = parse_qs(query)
    later = int(params["e"][0]) + 3600  # a longer life with the old signature
    status, _, body = await http(f"/webhooks/widget/documents/{case_id}/letter-0.pdf?e={later}&s={params['s'][0]}")
    assert status == 403 and "无效" in body.decode()
    bad_sig = params["s"][0][:-2] + ("AA" if not params["s"][0].endswith("AA") else "BB")
    status, _, _ = await http(f"/webhooks/widget/documents/{case_id}/letter-0.pdf?e={params['e'][0]}&s={bad_sig}")
    assert status == 403


async def test_a_signature_opens_only_its_own_case(http, case_id, store):
    other = store.cases.add_case("widget:other", channel="widget", banks=["x"], total_debt=1, periods=1,
                                 monthly_payment=1, feasible=True, plan={}, letter="")
    query, _ = links.signed_query(case_id)
    status, _, _ = await http(f"/webhooks/widget/documents/{other.id}/letter-0.pdf?{query}")
    assert status == 403


@pytest.mark.parametrize("suffix", ["", "?e=123", "?s=abc", "?e=abc&s=abc"])
async def test_missing_or_malformed_signature(http, case_id, suffix):
    status, _, body = await http(f"/webhooks/widget/documents/{case_id}/letter-0.pdf{suffix}")
    assert status == 403 and "无效" in body.decode()


async def test_unknown_file_is_404(http, case_id):
    query, _ = links.signed_query(case_id)
    for name in ("letter-3.pdf", "letter-0.exe", "schedule.pdf.txt"):
        status, _, _ = await http(f"/webhooks/widget/documents/{case_id}/{name}?{query}")
        assert status == 404, name
    status, _, body = await http(f"/webhooks/widget/documents/{case_id}/../cases.db?{query}")
    assert status in (403, 404) and b"SQLite" not in body


def test_verify_rejects_a_far_future_expiry(store, monkeypatch):
    monkeypatch.setenv("KAYOU_DOWNLOAD_TTL_HOURS", "1")
    expires = int(time.time()) + 3 * 3600
    assert links.verify("abc", str(expires), links.signature("abc", expires)) == "malformed"
    assert links.verify("abc", str(expires - 2 * 3600 - 60), links.signature("abc", expires - 2 * 3600 - 60)) is None


def test_secret_from_env_must_be_long_and_changes_signatures(store, monkeypatch, tmp_path):
    generated = links.signature("abc", 100)
    assert (tmp_path / "download_secret").stat().st_mode & 0o777 == 0o600
    assert links.signature("abc", 100) == generated  # stable: read back from var/
    monkeypatch.setenv("KAYOU_DOWNLOAD_SECRET", "x" * 40)
    assert links.signature("abc", 100) != generated
    monkeypatch.setenv("KAYOU_DOWNLOAD_SECRET", "short")
    with pytest.raises(ValueError, match="KAYOU_DOWNLOAD_SECRET"):
        links.signature("abc", 100)


def test_public_base(monkeypatch):
    monkeypatch.setenv("KAYOU_PUBLIC_URL", "https://bot.example/")
    assert links.public_base() == "https://bot.example"
    monkeypatch.delenv("KAYOU_PUBLIC_URL")
    monkeypatch.setenv("RASA_PORT", "5999")
    assert urlparse(links.public_base()).port == 5999


# ---- issue 12: the complaint about abusive collection behind the same signed link and route -----------------

ABUSE = "12月1日晚上11点，平安银行的催收打电话骂我，还打给我妈说我欠钱不还。号码13812345678"


@pytest.fixture
def complaint_id(store):
    from bot.complaint import complaint_document, incident

    document = complaint_document(incident([ABUSE]), "平安银行", date(2026, 12, 1)).to_document("违规催收投诉书")
    return store.complaints.add_complaint("widget:complaint-test", channel="widget",
                                          document=document.to_dict()).id


async def test_the_signed_complaint_pdf_holds_the_acts_and_rules_and_no_full_number(http, complaint_id):
    query, _ = links.signed_query(complaint_id)
    status, headers, body = await http(f"/webhooks/widget/documents/{complaint_id}/complaint.pdf?{query}")
    assert status == 200 and headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
    assert "filename*=UTF-8''%E8%BF%9D%E8%A7%84" in headers["Content-Disposition"]  # 违规催收投诉书.pdf
    text = "".join(pdf_text(body).split())
    for item in ("关于平安银行信用卡违规催收的投诉", "催收人员辱骂、侮辱我", "第六十八条", "22:00至次日8:00",
                 "被联系的其他人：母亲", "****5678", "投诉人（签名）"):
        assert item in text, item
    assert "13812345678" not in text
    status, headers, body = await http(f"/webhooks/widget/documents/{complaint_id}/complaint.docx?{query}")
    xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
    assert status == 200 and "违规催收的投诉" in xml and "13812345678" not in xml


async def test_the_complaint_download_page_lists_only_the_complaint(http, complaint_id):
    query, _ = links.signed_query(complaint_id)
    status, _, body = await http(f"/webhooks/widget/documents/{complaint_id}?{query}")
    page = body.decode()
    assert status == 200 and "关于平安银行信用卡违规催收的投诉" in page
    assert f'href="{complaint_id}/complaint.pdf?' in page and f'{complaint_id}/complaint.docx?' in page
    assert "letter-0" not in page and "schedule" not in page
    status, _, _ = await http(f"/webhooks/widget/documents/{complaint_id}/letter-0.pdf?{query}")
    assert status == 404


async def test_an_expired_or_tampered_complaint_link_is_refused(http, complaint_id, case_id):
    old, _ = links.signed_query(complaint_id, now=time.time() - 2 * 86400)
    status, _, body = await http(f"/webhooks/widget/documents/{complaint_id}/complaint.pdf?{old}")
    assert status == 410 and "已过期" in body.decode()
    query, _ = links.signed_query(complaint_id)
    params = parse_qs(query)
    bad_sig = params["s"][0][:-2] + ("AA" if not params["s"][0].endswith("AA") else "BB")
    status, _, _ = await http(f"/webhooks/widget/documents/{complaint_id}/complaint.pdf?e={params['e'][0]}&s={bad_sig}")
    assert status == 403
    # a plan's signature does not open the complaint, nor the complaint's a plan
    plan_query, _ = links.signed_query(case_id)
    status, _, _ = await http(f"/webhooks/widget/documents/{complaint_id}/complaint.pdf?{plan_query}")
    assert status == 403
    status, _, _ = await http(f"/webhooks/widget/documents/{case_id}/complaint.pdf?{plan_query}")
    assert status == 404  # the plan's id signed, but a plan has no complaint


# ------------------------------------------------------------------ one link cannot slow everyone (issue 22)

async def test_a_file_is_rendered_once_however_often_it_is_downloaded(http, case_id, monkeypatch):
    """16 loops on one link re-rendered the PDF each time on the pool every console call shares: now one
    render per content, concurrent requests waiting for it, and the bytes served again from the cache."""
    import asyncio

    from bot.documents import serve

    monkeypatch.setattr(serve, "_cache", serve.RenderCache())
    query, _ = links.signed_query(case_id)
    url = f"/webhooks/widget/documents/{case_id}/letter-0.pdf?{query}"
    first = await asyncio.gather(*(http(url) for _ in range(6)))
    again = await http(url)
    assert {r[0] for r in first} == {200} and again[0] == 200
    assert len({r[2] for r in first} | {again[2]}) == 1
    assert serve.render_cache().renders == 1
    # rendered in a worker process of its own: never on a thread holding the server's GIL (issue 22)
    from concurrent.futures import ProcessPoolExecutor

    assert isinstance(serve.render_cache()._pool, ProcessPoolExecutor)


async def test_one_link_serves_a_few_files_a_minute(http, case_id, monkeypatch):
    from bot.documents import page, serve

    monkeypatch.setattr(serve, "_limiter", serve.LinkLimiter(per_minute=3))
    query, _ = links.signed_query(case_id)
    codes = [(await http(f"/webhooks/widget/documents/{case_id}/letter-0.docx?{query}"))[0] for _ in range(3)]
    status, headers, body = await http(f"/webhooks/widget/documents/{case_id}/letter-0.docx?{query}")
    assert codes == [200] * 3 and status == 429 and headers["Retry-After"] == "60"
    assert page.ERR_TOO_MANY in body.decode()


async def test_a_client_looping_past_the_limit_gets_its_429_slowly_and_others_stay_fast(http, case_id,
                                                                                          monkeypatch):
    """Issue 22: the 429 came back in a millisecond, so 20 loops that ignore Retry-After made ~600
    requests a second and the event loop every console call needs was busy answering them. The refusal is
    now held for a while (a sleeping coroutine): a loop makes a request per pause, and a request of
    another kind, sent meanwhile, is answered at once."""
    import asyncio

    from bot.documents import serve

    monkeypatch.setattr(serve, "_limiter", serve.LinkLimiter(per_minute=1))
    monkeypatch.setattr(serve, "REFUSAL_DELAY_S", 0.5)
    query, _ = links.signed_query(case_id)
    url = f"/webhooks/widget/documents/{case_id}/letter-0.txt?{query}"
    assert (await http(url))[0] == 200
    stop = time.monotonic() + 1.2
    refused: list[int] = []

    async def loop() -> None:
        while time.monotonic() < stop:
            refused.append((await http(url))[0])

    loops = [asyncio.create_task(loop()) for _ in range(20)]
    await asyncio.sleep(0.2)
    started = time.monotonic()
    other = await http(f"/webhooks/widget/documents/{case_id}?{query}")  # the download page: not limited
    took = time.monotonic() - started
    await asyncio.gather(*loops)
    assert set(refused) == {429} and other[0] == 200
    assert len(refused) <= 20 * 3, len(refused)  # 20 loops × at most 3 pauses in 1.2 s (before: thousands)
    assert took < 0.3, took


def test_the_link_limiter_forgets_after_a_minute():
    from bot.documents.serve import LinkLimiter

    limiter = LinkLimiter(per_minute=2)
    assert [limiter.allow("a", now=t) for t in (0, 1, 2)] == [True, True, False]
    assert limiter.allow("b", now=2) and limiter.allow("a", now=60.5)


def test_the_render_cache_is_bounded_in_bytes():
    from bot.documents.model import Block, Document
    from bot.documents.serve import RenderCache

    cache = RenderCache(max_bytes=10)
    cache._put("a", b"12345")
    cache._put("b", b"12345")
    cache.cached("a")  # a is used: b is the least recent
    cache._put("c", b"123")
    assert cache.cached("b") is None and cache.cached("a") and cache.cached("c")
    assert Document  # noqa: B018 (imported for the model's shape)
    assert Block


async def test_served_documents_are_masked_again(http, store):
    """A complaint stored before the masking knew a separator (`138|1234|5678`) is served masked."""
    import sqlalchemy as sa

    from bot.documents.model import Block, Document

    doc = Document(title="投诉书", filename="complaint", blocks=(
        Block("paragraph", text="催收员打到我手机 138|1234|5678，提到我的卡 6222_0212_3456_7894。"),))
    record = store.complaint_repository().add_complaint("widget:mask", channel="widget", document={"title": "x"})
    with store.cases.engine.begin() as conn:  # as an older release stored it: unmasked
        conn.execute(sa.text("UPDATE complaints SET document = :d WHERE id = :i"),
                     {"d": json.dumps(doc.to_dict(), ensure_ascii=False), "i": record.id})
    query, _ = links.signed_query(record.id)
    status, _, body = await http(f"/webhooks/widget/documents/{record.id}/complaint.docx?{query}")
    xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
    assert status == 200 and "5678" in xml and "7894" in xml
    assert "1234" not in xml and "0212" not in xml


def test_the_render_worker_ends_with_a_killed_server():
    """The render worker process must not outlive a SIGKILLed server (it would wait on its queue for ever)."""
    import os
    import subprocess
    import sys

    code = ("import time\nfrom bot.documents.serve import RenderCache\nc = RenderCache()\n"
            "c._worker_pool().submit(time.sleep, 0).result()\nprint(*c._pool._processes, flush=True)\n"
            "time.sleep(120)\n")
    server = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in server.stdout.readline().split()]
        assert workers and server.pid not in workers
    finally:
        server.kill()
        server.wait()
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in alive if _running(pid)]
    for pid in alive:
        os.kill(pid, 15)
    assert alive == []


def _running(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # reparented to init and not yet reaped: a zombie is not running
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False
