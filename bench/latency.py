"""Speed: REST turn latency and throughput, the WeChat path, memory, training time, several workers.

Run from the repository root:  .venv/bin/python -m bench.latency [--quick] [--no-multi] [--no-train]

Starts the real servers the way tests/e2e/servers.py does (`python -m bot.serve actions` + `python -m
bot.serve rasa`, i.e. `rasa run` with credentials.yml and endpoints.yml on loopback ports, the API behind
a token), except that the Rasa server runs without
`--debug`, as `make run` does (debug logging of every turn is not the production setting). Then:

1. warm-up conversations (not timed);
2. REST: conversations of 5–6 turns (greeting, an interest or fee question with figures, follow-ups on
   minimum payment, consequences, credit report, lawsuit…; see CONVERSATIONS) at 1, 8 and 32
   concurrent conversations. Each user sends their next message as soon as the previous answer
   arrived (closed loop), so the 32-conversation run measures the sustained turns per second;
3. WeChat: signed, encrypted (safe mode) text pushes to /webhooks/wechat/webhook, one at a time and 8 at once;
4. RSS (VmRSS, and the peak VmHWM) of the Rasa server and the action server, from /proc;
5. unless --no-multi: the same REST load against `SANIC_WORKERS=2` (--workers N) with the Redis lock store and a
   PostgreSQL tracker store (a temporary database), i.e. the production path of the README;
6. unless --no-before: the single-worker REST load again as the bot was before its two speed fixes
   (bench/RESULTS.md, "What limits speed"): stock Rasa response validation (KAYOU_RASA_PATCHES=0, see
   bot/rasa_patches.py) and a model trained with TEDPolicy added back to config.yml (trained here into
   a temporary folder, ≈ 80 s), to measure what the fixes give on the same machine at the same time;
7. unless --no-train: `rasa train --force` into a temporary --out with an empty Rasa cache (a fresh
   clone's first training), timed.

--quick: shorter phases, single worker only, no before run, no training.

Every load loop is bounded by a number of turns and a time limit. The load generator (aiohttp) runs in
this process on the same 2 cores as the servers; its own CPU time is recorded. Writes
bench/results/latency.json and prints a summary.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import ROOT, Stopwatch, load_average, machine, percentile, provenance, write_result

logger = logging.getLogger("bench.latency")

# the conversations each simulated user goes through (one of them, cycling); figures vary per user
CONVERSATIONS: list[list[str]] = [
    ["你好", "招行欠了两万五 逾期45天了 利息多少", "那如果只还最低呢", "逾期了会有什么后果", "会上征信吗", "谢谢"],
    ["在吗", "工行欠了3w，逾期一个月了，违约金多少", "会被起诉吗", "催收天天打电话给我家人怎么办", "好的谢谢"],
    ["你好", "建行信用卡欠了1.2万 逾期两个月了 利息怎么算", "会坐牢吗", "怎么跟银行协商停息挂账", "再见"],
]
WECHAT_MESSAGES = ["你好", "招行欠了两万五 逾期45天了 利息多少", "逾期了会有什么后果", "会上征信吗", "谢谢"]
WECHAT_ACCOUNT = "gh_kayou_bench"

TARGETS = {"p50_ms_at_1": 30.0, "p99_ms_at_1": 100.0, "turns_per_s": 100.0, "wechat_p99_ms": 1000.0,
           "train_s": 180.0}


@dataclass
class Phase:
    """The bounds of one load phase."""

    name: str
    concurrency: int
    max_turns: int
    max_seconds: float


@dataclass
class PhaseResult:
    name: str
    concurrency: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    empty_replies: int = 0
    seconds: float = 0.0
    client_cpu_s: float = 0.0
    loadavg: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        n = len(self.latencies_ms)
        return {
            "concurrency": self.concurrency,
            "turns": n,
            "errors": self.errors,
            "empty_replies": self.empty_replies,
            "seconds": round(self.seconds, 2),
            "turns_per_s": round(n / self.seconds, 1) if self.seconds else None,
            "p50_ms": round(percentile(self.latencies_ms, 50), 1),
            "p90_ms": round(percentile(self.latencies_ms, 90), 1),
            "p99_ms": round(percentile(self.latencies_ms, 99), 1),
            "max_ms": round(max(self.latencies_ms), 1) if n else None,
            "mean_ms": round(sum(self.latencies_ms) / n, 1) if n else None,
            "client_cpu_s": round(self.client_cpu_s, 2),
            "loadavg_end": self.loadavg,
        }


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------------------------------------
# servers


def _tree_pids(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(c) for c in children)
        except OSError:
            pass
    return pids


def _kib(path: str, key: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory_of(pid: int) -> dict[str, Any]:
    """Memory of a server and its child processes (Sanic workers), in MiB.

    RSS counts pages shared between a parent and its forked workers once per process; PSS (from
    /proc/<pid>/smaps_rollup) shares them out, so its sum is the real footprint of the group.
    """
    pids = _tree_pids(pid)
    return {
        "processes": len(pids),
        "rss_mib": round(sum(_kib(f"/proc/{p}/status", "VmRSS") for p in pids) / 1024, 1),
        "peak_rss_mib": round(sum(_kib(f"/proc/{p}/status", "VmHWM") for p in pids) / 1024, 1),
        "pss_mib": round(sum(_kib(f"/proc/{p}/smaps_rollup", "Pss") for p in pids) / 1024, 1),
        "rss_mib_per_process": [round(_kib(f"/proc/{p}/status", "VmRSS") / 1024, 1) for p in pids],
    }


def cpu_seconds_of(pid: int) -> float:
    """User + system CPU seconds of a process and its live children (Sanic workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in _tree_pids(pid):
        try:
            # the fields after the command name, which is in parentheses and may hold spaces
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total / ticks


def measured(bot: Any, load: Any) -> dict[str, Any]:
    """Runs one load phase (a coroutine) and adds the servers' CPU time per turn to its summary.

    CPU time per turn depends much less on other people's load than wall-clock latency does: it is
    what a turn costs, and 2 cores / (that cost) bounds the throughput.
    """
    before = {"rasa": cpu_seconds_of(bot.rasa.proc.pid), "actions": cpu_seconds_of(bot.actions.proc.pid)}
    summary = asyncio.run(load).summary()
    turns = max(1, summary["turns"])
    for name, pid in (("rasa", bot.rasa.proc.pid), ("actions", bot.actions.proc.pid)):
        summary[f"{name}_cpu_ms_per_turn"] = round((cpu_seconds_of(pid) - before[name]) * 1000 / turns, 1)
    summary["client_cpu_ms_per_turn"] = round(summary["client_cpu_s"] * 1000 / turns, 1)
    return summary


def start_bot(var_dir: Path, rasa_env: dict[str, str] | None = None, model: Path | None = None, **env: str):
    """Action server + Rasa server from tests/e2e/servers.py, the Rasa server without --debug.

    `env` goes to both servers, `rasa_env` to the Rasa server only; `model` replaces models/kayou.tar.gz.
    """
    from tests.e2e.servers import LiveBot, action_server, ensure_model, free_port, rasa_server

    ensure_model()
    # nothing listens there: a slow WeChat answer must not be pushed to another test's stand-in API
    env.setdefault("WECHAT_API_BASE", f"http://127.0.0.1:{free_port()}")
    actions = action_server(var_dir, **env)
    action_url = actions.health_url.rsplit("/", 1)[0] + "/webhook"
    rasa = rasa_server(var_dir, action_url, debug=False, **env)
    rasa.env.update(rasa_env or {})
    if model is not None:
        rasa.args[rasa.args.index("--model") + 1] = str(model)
    return LiveBot(var_dir=var_dir, actions=actions, rasa=rasa).start()


class TemporaryPostgres:
    """A fresh database on the local PostgreSQL (dropped afterwards), or None when unreachable."""

    ADMIN_URL = os.environ.get("KAYOU_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")

    def __enter__(self) -> str | None:
        import sqlalchemy as sa

        self.name = f"kayou_bench_{uuid.uuid4().hex[:10]}"
        self.admin = sa.create_engine(self.ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
        try:
            with self.admin.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{self.name}"'))
        except sa.exc.OperationalError as exc:
            logger.warning("PostgreSQL unreachable (%s): multi-worker run skipped", type(exc).__name__)
            self.admin.dispose()
            self.admin = None
            return None
        return self.ADMIN_URL.rsplit("/", 1)[0] + f"/{self.name}"

    def __exit__(self, *exc: object) -> None:
        import sqlalchemy as sa

        if self.admin is None:
            return
        with self.admin.connect() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                         {"n": self.name})
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.name}"'))
        self.admin.dispose()


def redis_url_if_up(url: str = "redis://127.0.0.1:6379/1") -> str | None:
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=2).ping()
        return url
    except redis.RedisError:
        return None


# ---------------------------------------------------------------------------------------------
# load generators


async def rest_load(base_url: str, phase: Phase, tag: str) -> PhaseResult:
    """`concurrency` simulated users, each going through whole conversations until a bound is hit."""
    import aiohttp

    result = PhaseResult(phase.name, phase.concurrency)
    url = f"{base_url}/webhooks/rest/webhook"
    started = time.perf_counter()
    deadline = started + phase.max_seconds
    budget = [phase.max_turns]
    cpu0 = _cpu_seconds()
    timeout = aiohttp.ClientTimeout(total=60)
    connector = aiohttp.TCPConnector(limit=phase.concurrency, force_close=False)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:

        async def user(index: int) -> None:
            n = 0
            while True:
                script = CONVERSATIONS[(index + n) % len(CONVERSATIONS)]
                sender = f"bench-{tag}-{index}-{n}-{uuid.uuid4().hex[:6]}"
                n += 1
                for text in script:
                    if budget[0] <= 0 or time.perf_counter() >= deadline:
                        return
                    budget[0] -= 1
                    t0 = time.perf_counter()
                    try:
                        async with session.post(url, json={"sender": sender, "message": text}) as resp:
                            body = await resp.json(content_type=None)
                            ok = resp.status == 200
                    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                        ok, body = False, None
                    elapsed = (time.perf_counter() - t0) * 1000
                    if not ok:
                        result.errors += 1
                        continue
                    result.latencies_ms.append(elapsed)
                    if not any(m.get("text") for m in body or []):
                        result.empty_replies += 1

        await asyncio.gather(*(user(i) for i in range(phase.concurrency)))
    result.seconds = time.perf_counter() - started
    result.client_cpu_s = _cpu_seconds() - cpu0
    result.loadavg = [round(x, 2) for x in load_average()]
    return result


def _wechat_xml(openid: str, content: str) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{WECHAT_ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content>"
        f"<MsgId>{random.randrange(10**18, 9 * 10**18)}</MsgId></xml>"
    )


async def wechat_load(base_url: str, phase: Phase) -> PhaseResult:
    """Signed safe-mode (encrypted) text pushes as WeChat's servers send them; a passive reply is a success."""
    import aiohttp
    from wechatpy.crypto import WeChatCrypto

    from bot.channels import wechat_protocol as wp
    from tests.e2e import settings as e2e

    crypto = WeChatCrypto(e2e.WECHAT_TOKEN, e2e.WECHAT_AES_KEY, e2e.WECHAT_APP_ID)
    result = PhaseResult(phase.name, phase.concurrency)
    url = f"{base_url}/webhooks/wechat/webhook"
    started = time.perf_counter()
    deadline = started + phase.max_seconds
    budget = [phase.max_turns]
    cpu0 = _cpu_seconds()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:

        async def user(index: int) -> None:
            n = 0
            while True:
                openid = "oBENCH" + uuid.uuid4().hex[:22]
                n += 1
                for text in WECHAT_MESSAGES:
                    if budget[0] <= 0 or time.perf_counter() >= deadline:
                        return
                    budget[0] -= 1
                    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
                    params = {"signature": wp.compute_signature(e2e.WECHAT_TOKEN, timestamp, nonce),
                              "timestamp": timestamp, "nonce": nonce, "encrypt_type": "aes"}
                    # the bench's bot has safe mode configured, which refuses plain pushes
                    envelope = crypto.encrypt_message(_wechat_xml(openid, text), nonce, timestamp)
                    params["msg_signature"] = wp.parse_xml(envelope)["MsgSignature"]
                    body = envelope.encode("utf-8")
                    t0 = time.perf_counter()
                    try:
                        async with session.post(url, params=params, data=body,
                                                headers={"Content-Type": "text/xml"}) as resp:
                            reply = await resp.text()
                            ok = resp.status == 200
                    except (aiohttp.ClientError, asyncio.TimeoutError):
                        ok, reply = False, ""
                    elapsed = (time.perf_counter() - t0) * 1000
                    if not ok:
                        result.errors += 1
                        continue
                    result.latencies_ms.append(elapsed)
                    # "success" instead of a passive reply: the answer was late (pushed via the API)
                    if "<Encrypt>" not in reply and "<Content>" not in reply:
                        result.empty_replies += 1

        await asyncio.gather(*(user(i) for i in range(phase.concurrency)))
    result.seconds = time.perf_counter() - started
    result.client_cpu_s = _cpu_seconds() - cpu0
    result.loadavg = [round(x, 2) for x in load_average()]
    return result


def warm_up(base_url: str) -> None:
    """Each conversation once, untimed: the first predictions build TensorFlow's graphs."""
    import requests

    for i, script in enumerate(CONVERSATIONS):
        for text in script:
            r = requests.post(f"{base_url}/webhooks/rest/webhook",
                              json={"sender": f"bench-warmup-{i}-{uuid.uuid4().hex[:6]}", "message": text},
                              timeout=120)
            r.raise_for_status()


# ---------------------------------------------------------------------------------------------
# runs


def rest_phases(quick: bool) -> list[Phase]:
    if quick:
        return [Phase("rest_c1", 1, 60, 30), Phase("rest_c8", 8, 1500, 10), Phase("rest_c32", 32, 3000, 12)]
    return [Phase("rest_c1", 1, 200, 60), Phase("rest_c8", 8, 4000, 20), Phase("rest_c32", 32, 9000, 45)]


def wechat_phases(quick: bool) -> list[Phase]:
    if quick:
        return [Phase("wechat_c1", 1, 30, 20), Phase("wechat_c8", 8, 600, 8)]
    return [Phase("wechat_c1", 1, 100, 40), Phase("wechat_c8", 8, 2000, 15)]


def before_phases() -> list[Phase]:
    return [Phase("rest_c1", 1, 100, 40), Phase("rest_c32", 32, 6000, 30)]


def single_worker_run(quick: bool, var_dir: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"setup": "1 Sanic worker, SQLite tracker store, in-memory lock store (make run)"}
    with Stopwatch() as sw:
        bot = start_bot(var_dir)
    out["start_seconds"] = round(sw.seconds, 1)
    try:
        out["memory_after_start"] = {"rasa": memory_of(bot.rasa.proc.pid), "actions": memory_of(bot.actions.proc.pid)}
        warm_up(bot.url)
        out["memory_after_warmup"] = {"rasa": memory_of(bot.rasa.proc.pid),
                                      "actions": memory_of(bot.actions.proc.pid)}
        for phase in rest_phases(quick):
            logger.info("%s …", phase.name)
            out[phase.name] = measured(bot, rest_load(bot.url, phase, phase.name))
            logger.info("%s: %s", phase.name, out[phase.name])
        for phase in wechat_phases(quick):
            logger.info("%s …", phase.name)
            out[phase.name] = measured(bot, wechat_load(bot.url, phase))
            logger.info("%s: %s", phase.name, out[phase.name])
        out["memory_after_load"] = {"rasa": memory_of(bot.rasa.proc.pid), "actions": memory_of(bot.actions.proc.pid)}
    finally:
        bot.stop()
    return out


def multi_worker_run(quick: bool, var_dir: Path, workers: int = 2) -> dict[str, Any]:
    redis_url = redis_url_if_up()
    if redis_url is None:
        return {"skipped": "Redis on 127.0.0.1:6379 not reachable"}
    with TemporaryPostgres() as pg_url:
        if pg_url is None:
            return {"skipped": "PostgreSQL on 127.0.0.1:5432 not reachable"}
        out: dict[str, Any] = {"setup": f"SANIC_WORKERS={workers}, Redis lock store, PostgreSQL tracker store",
                               "workers": workers}
        env = {"SANIC_WORKERS": str(workers), "KAYOU_REDIS_URL": redis_url, "KAYOU_TRACKER_DB_URL": pg_url}
        with Stopwatch() as sw:
            bot = start_bot(var_dir, **env)
        out["start_seconds"] = round(sw.seconds, 1)
        try:
            for _ in range(workers):  # every worker sees a first turn
                warm_up(bot.url)
            out["memory_after_warmup"] = {"rasa": memory_of(bot.rasa.proc.pid),
                                          "actions": memory_of(bot.actions.proc.pid)}
            phases = rest_phases(quick)
            for phase in phases:
                name = f"{phase.name}"
                logger.info("%d workers %s …", workers, name)
                out[name] = measured(bot, rest_load(bot.url, phase, "mw-" + name))
                logger.info("%d workers %s: %s", workers, name, out[name])
            out["memory_after_load"] = {"rasa": memory_of(bot.rasa.proc.pid),
                                        "actions": memory_of(bot.actions.proc.pid)}
        finally:
            bot.stop()
        return out


TED_POLICY = """
  - name: TEDPolicy
    max_history: 5
    epochs: 60
    random_seed: 42
    constrain_similarities: true
"""


def config_with_ted() -> str:
    """config.yml with TEDPolicy appended to its policies: the setting before the speed fixes."""
    import yaml

    config = (ROOT / "config.yml").read_text(encoding="utf-8")
    policies = yaml.safe_load(config)["policies"]
    if any(p["name"] == "TEDPolicy" for p in policies) or not config.rstrip().endswith("enable_fallback_prediction: true"):
        raise RuntimeError("config.yml's policies changed: update TED_POLICY in bench/latency.py")
    return config.rstrip() + "\n" + TED_POLICY


def train_model_with_ted(out_dir: Path) -> Path:
    """Trains config_with_ted() on the project's data into out_dir; returns the model's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "config_with_ted.yml").write_text(config_with_ted(), encoding="utf-8")
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2",
               SQLALCHEMY_SILENCE_UBER_WARNING="1")
    cmd = [str(Path(sys.executable).parent / "rasa"), "train", "--config", str(out_dir / "config_with_ted.yml"),
           "--domain", "domain.yml", "--data", "data", "--out", str(out_dir), "--fixed-model-name", "with_ted"]
    with open(out_dir / "train.log", "w") as log:
        subprocess.run(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=True, timeout=900)
    return out_dir / "with_ted.tar.gz"


def before_run(var_dir: Path) -> dict[str, Any]:
    """The single-worker setup as it was before the speed fixes: stock validation, TEDPolicy in the model."""
    out: dict[str, Any] = {
        "setup": "as single_worker, but stock Rasa response validation (KAYOU_RASA_PATCHES=0) and a model "
                 "trained with TEDPolicy added to config.yml's policies",
    }
    logger.info("before run: training a model with TEDPolicy …")
    model = train_model_with_ted(var_dir / "model")
    bot = start_bot(var_dir / "run", rasa_env={"KAYOU_RASA_PATCHES": "0"}, model=model)
    try:
        warm_up(bot.url)
        for phase in before_phases():
            logger.info("before %s …", phase.name)
            out[phase.name] = measured(bot, rest_load(bot.url, phase, "before-" + phase.name))
            logger.info("before %s: %s", phase.name, out[phase.name])
    finally:
        bot.stop()
    return out


def training_time() -> dict[str, Any]:
    """`rasa train --force` of the whole model (NLU + dialogue) into a temporary --out, empty cache."""
    with tempfile.TemporaryDirectory(prefix="kayou-bench-train-") as tmp:
        env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2",
                   SQLALCHEMY_SILENCE_UBER_WARNING="1", RASA_CACHE_DIRECTORY=str(Path(tmp) / "cache"))
        cmd = [str(Path(sys.executable).parent / "rasa"), "train", "--config", "config.yml",
               "--domain", "domain.yml", "--data", "data", "--out", str(Path(tmp) / "out"),
               "--fixed-model-name", "kayou", "--force"]
        load0 = [round(x, 2) for x in load_average()]
        log_path = ROOT / "bench" / "results" / "logs" / "train.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with Stopwatch() as sw, open(log_path, "wb") as log:
            proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=1200)
        ok = proc.returncode == 0 and (Path(tmp) / "out" / "kayou.tar.gz").exists()
    return {
        "command": "rasa train --config config.yml --domain domain.yml --data data --out <tmp> "
                   "--fixed-model-name kayou --force  (RASA_CACHE_DIRECTORY=<empty tmp>)",
        "ok": ok, "seconds": round(sw.seconds, 1), "loadavg_start": load0,
        "loadavg_end": [round(x, 2) for x in load_average()],
    }


def run(quick: bool, multi: bool, train: bool, before: bool, workers: int = 2) -> dict[str, Any]:
    started = time.perf_counter()
    result: dict[str, Any] = {"benchmark": "latency", "quick": quick, "machine": machine(),
                              "conversations": CONVERSATIONS, "wechat_messages": WECHAT_MESSAGES}
    # start_bot runs `make train` first, so the provenance is taken after the first start (see below)
    with tempfile.TemporaryDirectory(prefix="kayou-bench-lat-") as tmp:
        result["single_worker"] = single_worker_run(quick, Path(tmp) / "single")
        result["provenance"] = provenance()
        if multi:
            result["multi_worker"] = multi_worker_run(quick, Path(tmp) / "multi", workers)
        if before:
            result["before_speed_fixes"] = before_run(Path(tmp) / "before")
    if train:
        logger.info("training time (rasa train --force, empty cache) …")
        result["training"] = training_time()
    single = result["single_worker"]
    best_tps = max(single["rest_c8"]["turns_per_s"], single["rest_c32"]["turns_per_s"])
    multi_tps = None
    if multi and "rest_c32" in result.get("multi_worker", {}):
        mw = result["multi_worker"]
        multi_tps = max(mw["rest_c8"]["turns_per_s"], mw["rest_c32"]["turns_per_s"])
    wechat_p99 = max(single["wechat_c1"]["p99_ms"], single["wechat_c8"]["p99_ms"])
    result["targets"] = {
        "p50_le_30ms_at_1": single["rest_c1"]["p50_ms"] <= TARGETS["p50_ms_at_1"],
        "p99_le_100ms_at_1": single["rest_c1"]["p99_ms"] <= TARGETS["p99_ms_at_1"],
        "ge_100_turns_per_s": max(best_tps, multi_tps or 0) >= TARGETS["turns_per_s"],
        "wechat_p99_lt_1s": wechat_p99 < TARGETS["wechat_p99_ms"],
        "training_le_3min": (result["training"]["seconds"] <= TARGETS["train_s"]) if train else None,
    }
    result["wall_seconds"] = round(time.perf_counter() - started, 1)
    return result


def summary(result: dict[str, Any]) -> list[str]:
    lines = ["speed (REST turn latency, closed-loop conversations)"]

    def phase_line(label: str, s: dict[str, Any]) -> str:
        cpu = ""
        if "rasa_cpu_ms_per_turn" in s:
            cpu = f"  cpu/turn rasa {s['rasa_cpu_ms_per_turn']} ms actions {s['actions_cpu_ms_per_turn']} ms"
        return (f"  {label:<22} c={s['concurrency']:<3} n={s['turns']:<5} p50 {s['p50_ms']:7.1f} ms  "
                f"p99 {s['p99_ms']:7.1f} ms  {s['turns_per_s']:6.1f} turns/s  errors {s['errors']}"
                f"  empty {s['empty_replies']}  load {s['loadavg_end'][0]}{cpu}")

    for key in ("single_worker", "multi_worker", "before_speed_fixes"):
        block = result.get(key)
        if not block:
            continue
        if "skipped" in block:
            lines.append(f"  {key}: skipped ({block['skipped']})")
            continue
        for name in ("rest_c1", "rest_c8", "rest_c32", "wechat_c1", "wechat_c8"):
            if name in block:
                lines.append(phase_line(f"{key}:{name}", block[name]))
        mem = block.get("memory_after_load", {})
        if mem:
            lines.append(f"  {key}: RSS rasa {mem['rasa']['rss_mib']} MiB ({mem['rasa']['processes']} proc, "
                         f"PSS {mem['rasa']['pss_mib']}, peak {mem['rasa']['peak_rss_mib']}), "
                         f"actions {mem['actions']['rss_mib']} MiB")
    if "training" in result:
        t = result["training"]
        lines.append(f"  training (rasa train --force, empty cache): {t['seconds']} s ok={t['ok']} "
                     f"load {t['loadavg_start'][0]}→{t['loadavg_end'][0]}")
    lines.append(f"  targets: {result['targets']}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter phases, no multi-worker run, no training")
    parser.add_argument("--no-multi", action="store_true", help="skip the several-workers run")
    parser.add_argument("--workers", type=int, default=2, help="SANIC_WORKERS of the several-workers run")
    parser.add_argument("--no-train", action="store_true", help="skip the training time")
    parser.add_argument("--no-before", action="store_true",
                        help="skip the run without the speed fixes (stock validation, TEDPolicy)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    os.chdir(ROOT)
    result = run(args.quick, multi=not (args.quick or args.no_multi), train=not (args.quick or args.no_train),
                 before=not (args.quick or args.no_before), workers=args.workers)
    write_result("latency", result)
    print("\n".join(summary(result)))


if __name__ == "__main__":
    main()
