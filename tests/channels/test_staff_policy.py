"""Pure rules of the staff console's accounts (issue 14): the password and username policy, the login
throttle's arithmetic, and the client address / scheme behind a trusted proxy."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from bot.channels import proxy
from bot.channels import staff_policy as sp

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
M = sp.PASSWORD_MESSAGES

# ---------------------------------------------------------------------------------------------
# password policy


@pytest.mark.parametrize(
    "username, password, problem",
    [
        ("wang.li", "Short-pw-1", M["short"]),
        ("wang.li", "a" * 11, M["short"]),
        ("wang.li", "x" * 257, M["long"]),
        ("wang.li", "123456789012", M["digits"]),
        ("wang.li", "１２３４５６７８９０１２", M["digits"]),  # full-width digits are digits too
        ("wang.li", "wang.li12345678", M["username"]),
        ("wang.li", "My-WANG.LI-desk-2026", M["username"]),
        ("abcdefghijkl", "abcdefghijkl", M["username"]),
        ("wang.li", "Password2026!", M["common"]),
        ("wang.li", "iloveyou1234", M["common"]),
        ("wang.li", "qwertyuiop12", M["common"]),
        ("wang.li", "abcdefghijklmn", M["common"]),
        ("wang.li", "zyxwvutsrqpo", M["common"]),
        ("wang.li", "abababababab", M["repetitive"]),
        ("wang.li", " Sunny-Harbour-42", M["space"]),
        ("wang.li", "Sunny-Harbour-42 ", M["space"]),
    ],
)
def test_weak_passwords_are_refused_with_the_reason_in_chinese(username, password, problem):
    assert sp.password_problem(username, password) == problem


@pytest.mark.parametrize(
    "username, password",
    [
        ("wang.li", "Sunny-Harbour-42"),
        ("wang.li", "a" * 8 + "bcd1"),          # 12 characters, 4 different
        ("wang.li", "x" * 252 + "abc1"),        # 256 characters
        ("wang.li", "correct horse 电池 staple"),
        ("e2e-staff", "e2e-Console-Passw0rd!"),   # the e2e servers' account (tests/e2e/settings.py)
        ("li", "li-Sunny-Harbour"),              # a two-letter name may appear inside
        ("wang.li", "12345678901a"),
    ],
)
def test_good_passwords_pass(username, password):
    assert sp.password_problem(username, password) is None


def test_the_e2e_settings_comply():
    from tests.e2e import settings

    assert sp.password_problem(settings.STAFF_USER, settings.STAFF_PASSWORD) is None
    assert sp.username_problem(settings.STAFF_USER) is None


@pytest.mark.parametrize(
    "username, problem",
    [("a", sp.USERNAME_MESSAGES["format"]), ("wang li", sp.USERNAME_MESSAGES["format"]),
     ("x" * 65, sp.USERNAME_MESSAGES["format"]), ("", sp.USERNAME_MESSAGES["format"]),
     ("wang/li", sp.USERNAME_MESSAGES["format"]),
     ("13812345678", sp.USERNAME_MESSAGES["personal"]), ("王丽", None), ("wang.li@bank-a", None),
     ("x" * 64, None), ("ab", None)],
)
def test_usernames(username, problem):
    assert sp.username_problem(username) == problem


# ---------------------------------------------------------------------------------------------
# throttle arithmetic


def test_pair_back_off_doubles_from_the_fourth_failure_up_to_the_cap():
    policy = sp.ThrottlePolicy()
    assert [policy.pair_delay(n) for n in range(1, 8)] == [0, 0, 2, 4, 8, 16, 32]
    assert policy.pair_delay(30) == 900


def run(policy, attempts, start=T0, step=timedelta(0)):
    """Reserves `attempts` times for one pair and one address; returns the waits."""
    pair = address = None
    now, waits = start, []
    for _ in range(attempts):
        wait, new_pair, new_address = policy.reserve(pair, address, now)
        waits.append(wait)
        if not wait:
            pair, address = new_pair, new_address
        now += step
    return waits, pair, address


def test_reserve_counts_the_attempt_before_the_password_is_checked():
    waits, pair, address = run(sp.ThrottlePolicy(), 5)
    assert waits == [0, 0, 0, 2, 2]
    assert pair.failures == 3 and address.failures == 3
    assert pair.blocked_until == T0 + timedelta(seconds=2)


def test_the_back_off_ends_and_then_doubles():
    policy = sp.ThrottlePolicy()
    _, pair, address = run(policy, 3)
    assert policy.reserve(pair, address, T0 + timedelta(seconds=1, milliseconds=500))[0] == 1
    wait, pair, address = policy.reserve(pair, address, T0 + timedelta(seconds=2))
    assert wait == 0 and pair.failures == 4 and pair.blocked_until == T0 + timedelta(seconds=6)


def test_failures_are_forgotten_an_hour_after_the_last():
    policy = sp.ThrottlePolicy()
    _, pair, address = run(policy, 3)
    later = T0 + timedelta(seconds=policy.reset_after_s)
    wait, new_pair, _ = policy.reserve(pair, address, later)
    assert wait == 0 and new_pair.failures == 1 and new_pair.blocked_until is None
    wait, new_pair, _ = policy.reserve(pair, address, later - timedelta(seconds=1))
    assert wait == 0 and new_pair.failures == 4


def test_the_address_cap_spans_accounts_and_its_window():
    policy = sp.ThrottlePolicy(address_cap=5, address_window_s=600)
    address = None
    for i in range(5):  # five different accounts, one address
        wait, _, address = policy.reserve(None, address, T0 + timedelta(seconds=i))
        assert wait == 0
    assert address.blocked_until == T0 + timedelta(seconds=600)
    assert policy.reserve(None, address, T0 + timedelta(seconds=10))[0] == 590
    # a new window starts fresh
    wait, _, fresh = policy.reserve(None, address, T0 + timedelta(seconds=600))
    assert wait == 0 and fresh.failures == 1 and fresh.window_start == T0 + timedelta(seconds=600)


def test_a_success_gives_the_address_its_attempt_back_but_never_below_zero():
    policy = sp.ThrottlePolicy(address_cap=3)
    _, _, address = run(policy, 3)
    assert address.blocked_until is not None
    back = policy.succeed(address, T0)
    assert back.failures == 2 and back.blocked_until is None
    assert policy.succeed(sp.ThrottleState(0, T0, None, T0), T0).failures == 0
    assert policy.succeed(None, T0) is None
    still = policy.succeed(sp.ThrottleState(5, T0, T0 + timedelta(minutes=5), T0), T0)
    assert still.failures == 4 and still.blocked_until == T0 + timedelta(minutes=5)


def test_keys_never_name_an_account_alone():
    pair, address = sp.throttle_keys("  Wang.Li ", "203.0.113.5")
    assert pair == "pair:wang.li|203.0.113.5" and address == "addr:203.0.113.5"
    assert len(sp.throttle_keys("x" * 500, "y" * 500)[0]) <= 160


@pytest.mark.parametrize("seconds, text", [
    (0, "登录尝试过于频繁，请 1 秒后再试。"), (2, "登录尝试过于频繁，请 2 秒后再试。"),
    (59, "登录尝试过于频繁，请 59 秒后再试。"), (60, "登录失败次数过多，请 1 分钟后再试。"),
    (61, "登录失败次数过多，请 2 分钟后再试。"), (900, "登录失败次数过多，请 15 分钟后再试。"),
])
def test_wait_messages(seconds, text):
    assert sp.wait_message(seconds) == text


# ---------------------------------------------------------------------------------------------
# trusted proxies


def request(peer: str, ssl: bool = False, **headers: str):
    return SimpleNamespace(conn_info=SimpleNamespace(ssl=ssl), ip=peer,
                           headers={k.replace("_", "-").lower(): v for k, v in headers.items()})


NETS = proxy.parse_trusted_proxies("127.0.0.1, 10.0.0.0/8")


def test_trusted_proxies_parse_and_refuse_garbage():
    assert [str(n) for n in NETS] == ["127.0.0.1/32", "10.0.0.0/8"]
    # spaces separate too; a host address with a prefix means its network
    assert [str(n) for n in proxy.parse_trusted_proxies("127.0.0.1 10.1.2.3/8")] == ["127.0.0.1/32", "10.0.0.0/8"]
    assert proxy.parse_trusted_proxies(None) == () and proxy.parse_trusted_proxies("") == ()
    with pytest.raises(ValueError, match="KAYOU_TRUSTED_PROXIES: 'nginx'"):
        proxy.parse_trusted_proxies("127.0.0.1,nginx")


@pytest.mark.parametrize(
    "peer, forwarded, expected",
    [
        ("127.0.0.1", "203.0.113.5", "203.0.113.5"),              # nginx: one overwritten value
        ("127.0.0.1", None, "127.0.0.1"),
        ("198.51.100.7", "203.0.113.5", "198.51.100.7"),         # untrusted peer: header ignored
        ("127.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),     # rightmost untrusted hop
        ("127.0.0.1", "203.0.113.5, 10.1.2.3", "203.0.113.5"),    # a chain of trusted proxies
        ("127.0.0.1", "10.1.2.3", "10.1.2.3"),
        ("127.0.0.1", "not-an-ip", "127.0.0.1"),
        ("127.0.0.1", "203.0.113.5, garbage, 10.1.2.3", "10.1.2.3"),
        ("127.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
        ("127.0.0.1", "203.0.113.5:5000", "203.0.113.5"),
        ("::ffff:127.0.0.1", "203.0.113.5", "203.0.113.5"),       # IPv4-mapped peer
        ("127.0.0.1", "[203.0.113.5", "127.0.0.1"),               # a bracket without its pair
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_client_address(peer, forwarded, expected):
    headers = {"x_forwarded_for": forwarded} if forwarded is not None else {}
    assert proxy.client_address(request(peer, **headers), NETS) == expected


def test_client_address_without_any_peer_is_unknown():
    assert proxy.client_address(SimpleNamespace(conn_info=None, ip=None, headers={}), NETS) == "unknown"


def test_without_conn_info_only_a_trusted_header_says_tls():
    plain = SimpleNamespace(conn_info=None, ip="198.51.100.7", headers={})
    assert proxy.is_tls(plain, NETS) is False
    no_ssl_attribute = SimpleNamespace(conn_info=SimpleNamespace(), ip="198.51.100.7", headers={})
    assert proxy.is_tls(no_ssl_attribute, NETS) is False
    assert proxy.is_tls(SimpleNamespace(conn_info=None, ip="127.0.0.1", headers={}), NETS) is False


@pytest.mark.parametrize(
    "peer, ssl, proto, tls",
    [
        ("127.0.0.1", False, "https", True), ("127.0.0.1", False, "HTTPS", True),
        ("127.0.0.1", False, "http", False), ("127.0.0.1", False, None, False),
        ("198.51.100.7", False, "https", False), ("198.51.100.7", True, None, True),
        ("127.0.0.1", False, "http, https", True),
    ],
)
def test_is_tls(peer, ssl, proto, tls):
    headers = {"x_forwarded_proto": proto} if proto else {}
    assert proxy.is_tls(request(peer, ssl=ssl, **headers), NETS) is tls


def test_ipv6_clients_are_keyed_by_their_64():
    assert proxy.address_key("2001:db8:1:2:aaaa::1") == proxy.address_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert proxy.address_key("203.0.113.5") == "203.0.113.5"
    assert proxy.address_key("unknown") == "unknown"


def test_the_documented_defaults():
    # README "Staff accounts" states these numbers
    policy = sp.ThrottlePolicy()
    assert (policy.free_failures, policy.base_delay_s, policy.max_delay_s) == (3, 2.0, 900.0)
    assert (policy.reset_after_s, policy.address_cap, policy.address_window_s) == (3600.0, 30, 900.0)


def test_an_address_still_over_its_cap_after_a_success_stays_blocked():
    policy = sp.ThrottlePolicy(address_cap=3)
    until = T0 + timedelta(minutes=5)
    assert policy.succeed(sp.ThrottleState(4, T0, until, T0), T0).blocked_until == until
    assert policy.succeed(sp.ThrottleState(3, T0, until, T0), T0).blocked_until is None


def test_keys_are_cut_to_64_characters_each():
    assert sp.throttle_keys("x" * 100, "y" * 100) == ("pair:" + "x" * 64 + "|" + "y" * 64, "addr:" + "y" * 64)
