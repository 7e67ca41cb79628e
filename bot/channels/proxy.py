"""The client's address and scheme of a request, believing forwarded headers only from trusted proxies.

Behind the reverse proxy every request comes from the proxy's address, so throttles keyed by the
socket peer would put every client under one key; but a header any client can send must not choose its
throttle key either. So `X-Forwarded-For` / `X-Forwarded-Proto` count only when the direct peer is in
KAYOU_TRUSTED_PROXIES (comma-separated addresses or networks, e.g. `127.0.0.1,10.0.0.0/8`; default
none). The repository's nginx config overwrites both headers (`X-Forwarded-For $remote_addr`,
`X-Forwarded-Proto $scheme`), so the value it sends is one address; a list is read from the right,
skipping trusted proxies, which is correct for a chain of them too.

    from bot.channels.proxy import client_address, is_tls, trusted_proxies
    nets = trusted_proxies()                 # parse once (raises ValueError on a bad value)
    client_address(request, nets)            # "203.0.113.7"
    is_tls(request, nets)                    # True over HTTPS, directly or via a trusted proxy
    address_key(client_address(...))         # IPv6 clients keyed by their /64 (throttles)
    client_tag(request)                      # that key, HMAC-ed: what a conversation's metadata carries
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

UNKNOWN = "unknown"


def parse_trusted_proxies(raw: str | None) -> tuple[IPNetwork, ...]:
    """Networks from `a,b/n,...`; a bad item raises ValueError naming it and the variable."""
    networks = []
    for item in (raw or "").replace(" ", ",").split(","):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(
                f"KAYOU_TRUSTED_PROXIES: {item!r} is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8)"
            ) from None
    return tuple(networks)


def trusted_proxies() -> tuple[IPNetwork, ...]:
    """KAYOU_TRUSTED_PROXIES, parsed."""
    from bot.config import settings

    return parse_trusted_proxies(settings().trusted_proxies)


def _address(text: str | None) -> IPAddress | None:
    if not text:
        return None
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:443
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # ::ffff:203.0.113.7 is the IPv4 client
    return address


def _trusted(address: IPAddress | None, networks: Iterable[IPNetwork]) -> bool:
    return address is not None and any(address in net for net in networks)


def peer_address(request: Any) -> IPAddress | None:
    """The socket peer (Sanic's `request.ip` is the connection's, never a header)."""
    return _address(request.ip)


def client_address(request: Any, networks: Sequence[IPNetwork]) -> str:
    """The client's IP address as text: the peer, or what a trusted peer forwarded."""
    peer = peer_address(request)
    if _trusted(peer, networks):
        forwarded = request.headers.get("x-forwarded-for") or ""
        for item in reversed(forwarded.split(",")):
            hop = _address(item)
            if hop is None:
                break  # garbage in the chain: trust nothing left of it
            if not _trusted(hop, networks):
                return str(hop)
            peer = hop
    return str(peer) if peer is not None else UNKNOWN


def is_tls(request: Any, networks: Sequence[IPNetwork]) -> bool:
    """True when the client reached us over TLS: our own socket, or a trusted proxy's
    `X-Forwarded-Proto: https`."""
    conn_info = getattr(request, "conn_info", None)
    if conn_info is not None and getattr(conn_info, "ssl", False):
        return True
    if _trusted(peer_address(request), networks):
        proto = (request.headers.get("x-forwarded-proto") or "").split(",")[-1].strip().lower()
        return proto == "https"
    return False


def address_key(address: str) -> str:
    """The throttle key of a client address: itself for IPv4, its /64 for IPv6 (one subscriber gets a
    whole /64, so per-address keys would be free to change)."""
    parsed = _address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed) if parsed is not None else UNKNOWN


def client_tag(request: Any, networks: Sequence[IPNetwork] | None = None) -> str:
    """The client's throttle key as HMAC (bot.documents.links.pseudonym): put in the message metadata by
    the channel (never taken from the body), read by the handoff flood limit, and no address in the
    tracker or the case store."""
    from bot.documents.links import pseudonym

    nets = trusted_proxies() if networks is None else networks
    return pseudonym("client", address_key(client_address(request, nets)))
