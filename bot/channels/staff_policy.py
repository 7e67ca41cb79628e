"""Rules of the staff console's accounts, pure (no Sanic, no database): the login throttle's arithmetic
(`ThrottlePolicy`, applied atomically by `bot.store.repository.StaffRepository.reserve_login`), user
names, roles, and the password policy with its Chinese messages (used by `python -m bot staff` and the
KAYOU_STAFF_USER bootstrap)."""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

# ---------------------------------------------------------------------------------------------
# login throttle


@dataclass(frozen=True)
class ThrottleState:
    """One key's row of the throttle table (see `bot.store.models.LoginThrottle`)."""

    failures: int
    window_start: datetime
    blocked_until: datetime | None
    updated_at: datetime


@dataclass(frozen=True)
class ThrottlePolicy:
    """When a login attempt may run. Two keys per attempt, both only about the client's address:

    - the pair (account, address): ``free_failures`` failures, then an exponential back-off
      (``base_delay_s`` doubling up to ``max_delay_s``), forgotten ``reset_after_s`` after the last
      failure and cleared by a success. Slows guessing one account from one place.
    - the address alone: at most ``address_cap`` failures per ``address_window_s`` across every
      account (password spraying), not cleared by a success (so an attacker's own account cannot
      reset it).

    Nothing is keyed by the account alone: an attacker hammering an account blocks only their own
    address, never the real user elsewhere (no global lockout). Guessing one account from many
    addresses is bounded by the password policy (`password_problem`) and visible in the audit log.
    An attempt counts as a failure when it is granted (``reserve``), before the password is checked,
    so parallel attempts cannot all pass the check; a success gives it back (``succeed``).
    """

    free_failures: int = 3
    base_delay_s: float = 2.0
    max_delay_s: float = 900.0
    reset_after_s: float = 3600.0
    address_cap: int = 30
    address_window_s: float = 900.0

    def pair_delay(self, failures: int) -> float:
        """Seconds to wait after the `failures`-th failure of one (account, address)."""
        if failures < self.free_failures:
            return 0.0
        return min(self.base_delay_s * 2 ** (failures - self.free_failures), self.max_delay_s)

    def _fresh_pair(self, state: ThrottleState | None, now: datetime) -> ThrottleState:
        if state is None or (now - state.updated_at).total_seconds() >= self.reset_after_s:
            return ThrottleState(0, now, None, now)
        return state

    def _fresh_address(self, state: ThrottleState | None, now: datetime) -> ThrottleState:
        if state is None or (now - state.window_start).total_seconds() >= self.address_window_s:
            return ThrottleState(0, now, None, now)
        return state

    def reserve(
        self, pair: ThrottleState | None, address: ThrottleState | None, now: datetime
    ) -> tuple[int, ThrottleState | None, ThrottleState | None]:
        """`(wait_s, new_pair, new_address)`: wait_s > 0 refuses the attempt (states unchanged, None);
        0 grants it and counts it as a failure in both new states."""
        pair, address = self._fresh_pair(pair, now), self._fresh_address(address, now)
        wait = max(
            (until - now).total_seconds() for until in (pair.blocked_until, address.blocked_until, now)
            if until is not None
        )
        if wait > 0:
            return int(math.ceil(wait)), None, None
        failures = pair.failures + 1
        delay = self.pair_delay(failures)
        new_pair = ThrottleState(failures, pair.window_start,
                                 now + timedelta(seconds=delay) if delay else None, now)
        spent = address.failures + 1
        blocked = address.window_start + timedelta(seconds=self.address_window_s) if spent >= self.address_cap else None
        new_address = ThrottleState(spent, address.window_start, blocked, now)
        return 0, new_pair, new_address

    def succeed(self, address: ThrottleState | None, now: datetime) -> ThrottleState | None:
        """The address's state after a granted attempt turned out right (the pair is deleted)."""
        if address is None:
            return None
        spent = max(0, address.failures - 1)
        blocked = address.blocked_until if spent >= self.address_cap else None
        return ThrottleState(spent, address.window_start, blocked, now)


def throttle_keys(username: str, address: str) -> tuple[str, str]:
    """`(pair key, address key)` of a login attempt; the username is case-folded (so 「Alice」 and
    「alice」 share a back-off) and both are bounded to fit the table's key column."""
    user = username.strip().casefold()[:64]
    return f"pair:{user}|{address[:64]}", f"addr:{address[:64]}"


def wait_message(seconds: int) -> str:
    """「请 N 秒/分钟后再试」 for a refused login."""
    if seconds < 60:
        return MSG_THROTTLED_SECONDS.format(seconds=max(1, seconds))
    return MSG_THROTTLED_MINUTES.format(minutes=-(-seconds // 60))


MSG_THROTTLED_SECONDS = "登录尝试过于频繁，请 {seconds} 秒后再试。"
MSG_THROTTLED_MINUTES = "登录失败次数过多，请 {minutes} 分钟后再试。"


# ---------------------------------------------------------------------------------------------
# accounts: names, roles and the password policy

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 256
MAX_USERNAME_CHARS = 64
ROLES = ("agent", "supervisor")
ROLE_LABELS = {"agent": "坐席", "supervisor": "主管"}
_USERNAME_RE = re.compile(r"[\w.@-]{2,64}")

# the most common passwords of 12 characters or more in public leak lists (and this product's own
# words); compared case-folded, after dropping what people add at the end (digits, !, .)
COMMON_PASSWORDS = frozenset({
    "password", "passw0rd", "p@ssw0rd", "p@ssword", "qwerty", "qwertyuiop", "qwertyuiopasdfghjkl",
    "1q2w3e4r5t6y", "1qaz2wsx3edc", "qazwsxedc", "qazwsxedcrfv", "zaq12wsxcde3", "asdfghjkl",
    "abcdefghijkl", "abcdefg", "abc", "abcd", "iloveyou", "woaini", "wodemima", "letmein", "welcome",
    "admin", "administrator", "changeme", "default", "secret", "trustno1", "football", "baseball",
    "princess", "sunshine", "superman", "dragon", "monkey", "master", "shadow", "michael",
    "kayou", "kayoubot", "console", "staff", "rasa",
})

PASSWORD_MESSAGES = {
    "short": f"密码至少需要 {MIN_PASSWORD_CHARS} 个字符。",
    "long": f"密码最多 {MAX_PASSWORD_CHARS} 个字符。",
    "digits": "密码不能全是数字，请加入字母或符号。",
    "username": "密码不能与用户名相同，也不能包含用户名。",
    "common": "这个密码过于常见，容易被猜到，请换一个。",
    "repetitive": "密码中不同的字符太少（如 aaaaaaaaaaaa），请换一个。",
    "space": "密码首尾不能有空格。",
}
USERNAME_MESSAGES = {
    "format": "用户名应为 2–64 个字母、数字、汉字或 . _ @ -，不含空格。",
    "personal": "用户名不能是手机号、身份证号或银行卡号。",
}
ROLE_MESSAGE = "角色应为 agent（坐席）或 supervisor（主管）。"


def password_problem(username: str, password: str) -> str | None:
    """Why `password` is not acceptable for `username` (a Chinese sentence), or None when it is."""
    if len(password) < MIN_PASSWORD_CHARS:
        return PASSWORD_MESSAGES["short"]
    if len(password) > MAX_PASSWORD_CHARS:
        return PASSWORD_MESSAGES["long"]
    if password != password.strip():
        return PASSWORD_MESSAGES["space"]
    folded = unicodedata.normalize("NFKC", password).casefold()
    if folded.isdigit():
        return PASSWORD_MESSAGES["digits"]
    name = unicodedata.normalize("NFKC", username or "").strip().casefold()
    if name and (folded == name or (len(name) >= 3 and name in folded)):
        return PASSWORD_MESSAGES["username"]
    if len(set(folded)) < 4:
        return PASSWORD_MESSAGES["repetitive"]
    stem = folded.rstrip("0123456789!.@#?*_-")
    if folded in COMMON_PASSWORDS or stem in COMMON_PASSWORDS or _is_sequence(folded):
        return PASSWORD_MESSAGES["common"]
    return None


def _is_sequence(text: str) -> bool:
    # abcdefghijklm, zyxwvutsrqpo: each character one after (or before) the last
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)}
    return steps in ({1}, {-1})


def username_problem(username: str) -> str | None:
    """Why `username` cannot name an account (Chinese), or None."""
    if not isinstance(username, str) or not _USERNAME_RE.fullmatch(username):
        return USERNAME_MESSAGES["format"]
    from bot.privacy import mask_text

    if mask_text(username) != username:
        # the audit log masks names that look like personal numbers, which would then name no one
        return USERNAME_MESSAGES["personal"]
    return None
