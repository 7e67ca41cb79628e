"""Which lock store `bot.store.locks.KayouLockStore` builds from the environment, and what it refuses."""
from __future__ import annotations

import socket

import pytest
from rasa.core.lock_store import InMemoryLockStore

from bot.store.locks import AtomicRedisLockStore, KayouLockStore
from tests.e2e.pg import require_redis

PG = "postgresql://postgres@127.0.0.1:5432/kayou"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ("KAYOU_REDIS_URL", "KAYOU_TRACKER_DB_URL", "KAYOU_SINGLE_REPLICA", "SANIC_WORKERS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KAYOU_VAR_DIR", str(tmp_path))


def refusal(capsys) -> str:
    with pytest.raises(SystemExit) as exc:
        KayouLockStore()
    err = capsys.readouterr().err.strip()
    assert err == str(exc.value.code) and "\n" not in err  # one line, on stderr too
    return err


def test_the_embedded_sqlite_default_runs_with_locks_in_memory():
    assert isinstance(KayouLockStore().inner, InMemoryLockStore)


def test_a_database_server_without_redis_is_refused(monkeypatch, capsys):
    monkeypatch.setenv("KAYOU_TRACKER_DB_URL", PG.replace("postgresql", "postgresql+psycopg2"))
    message = refusal(capsys)
    assert message.startswith("error: the tracker store is a database server (postgresql)")
    assert "KAYOU_REDIS_URL" in message and "KAYOU_SINGLE_REPLICA=1" in message


def test_the_single_replica_switch_allows_it(monkeypatch):
    monkeypatch.setenv("KAYOU_TRACKER_DB_URL", PG)
    monkeypatch.setenv("KAYOU_SINGLE_REPLICA", "1")
    assert isinstance(KayouLockStore().inner, InMemoryLockStore)


def test_the_single_replica_switch_does_not_excuse_two_workers(monkeypatch, capsys):
    monkeypatch.setenv("KAYOU_SINGLE_REPLICA", "1")
    monkeypatch.setenv("SANIC_WORKERS", "2")
    assert refusal(capsys).startswith("error: SANIC_WORKERS>1 needs a shared lock store")


@pytest.mark.parametrize("value", ["2", "maybe", "y"])
def test_the_switch_takes_a_yes_or_no_only(monkeypatch, value):
    monkeypatch.setenv("KAYOU_TRACKER_DB_URL", PG)
    monkeypatch.setenv("KAYOU_SINGLE_REPLICA", value)
    with pytest.raises(ValueError, match="KAYOU_SINGLE_REPLICA must be 1 or 0"):
        KayouLockStore()


def test_the_switch_at_0_refuses(monkeypatch, capsys):
    monkeypatch.setenv("KAYOU_TRACKER_DB_URL", PG)
    monkeypatch.setenv("KAYOU_SINGLE_REPLICA", "0")
    assert refusal(capsys).startswith("error: the tracker store is a database server")


@pytest.mark.redis
def test_redis_gives_the_atomic_store_for_any_tracker_store(monkeypatch):
    url = require_redis()
    monkeypatch.setenv("KAYOU_REDIS_URL", url)
    monkeypatch.setenv("KAYOU_TRACKER_DB_URL", PG)
    monkeypatch.setenv("SANIC_WORKERS", "2")
    store = KayouLockStore()
    assert isinstance(store.inner, AtomicRedisLockStore)
    kwargs = store.inner.red.connection_pool.connection_kwargs
    assert kwargs["db"] == int(url.rsplit("/", 1)[1]) and kwargs["socket_timeout"] == 10  # Rasa's
    # operators and the WeChat de-dup keys share this Redis: the lock keys keep to their namespace
    assert store.inner._keys("rest:u1") == ["kayou:lock:{rest:u1}:t", "kayou:lock:{rest:u1}:n",
                                            "kayou:lock:{rest:u1}:e"]


@pytest.mark.redis
def test_a_url_without_a_database_number_uses_db_1(monkeypatch):
    require_redis()
    monkeypatch.setenv("KAYOU_REDIS_URL", "redis://127.0.0.1:6379")
    assert KayouLockStore().inner.red.connection_pool.connection_kwargs["db"] == 1


def test_an_unreachable_redis_stops_the_start_without_showing_the_password(monkeypatch, capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("KAYOU_REDIS_URL", f"redis://:s3cret@127.0.0.1:{port}/2")
    message = refusal(capsys)
    assert message.startswith(f"error: the lock store redis://127.0.0.1:{port}/2 is not reachable")
    assert "s3cret" not in message
