"""Bearer tokens of the HTTP service: made here, checked here, stored only as hashes.

A token reads ``llt_<id>_<secret>``. The id finds the stored row; the sha256 of the whole
token is compared with the stored one in constant time (:func:`hmac.compare_digest`). The
secret has 256 bits of entropy, so a plain sha256 is enough (no slow password hash needed),
and the token itself is shown once, when it is made, and never stored, logged or returned.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from lifelong.errors import ConfigError, NotFound
from lifelong.storage.repos.tokens import TokenRepo

__all__ = ["SCOPES", "TokenInfo", "Tokens"]

# record: what a chat backend needs (record, feedback, generate, read personas).
# admin: everything, including job control, rollback, reports and the dashboard.
SCOPES = ("record", "admin")

_FORMAT = re.compile(r"llt_([0-9a-f]{12})_([A-Za-z0-9_-]{43})")

# A verified token is trusted this long without a query (a revoke takes effect within it).
_CACHE_S = 5.0
_CACHE_MAX = 4096


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: str
    name: str
    scope: str
    created_at: float | None = None

    def allows(self, scope: str) -> bool:
        return self.scope == "admin" or self.scope == scope


class _Recent:
    """Answers remembered for ``_CACHE_S`` (at most ``_CACHE_MAX`` of them, oldest out first)."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()

    def get(self, key: str) -> tuple[bool, Any]:
        found = self._items.get(key)
        if found is None or time.monotonic() - found[0] >= _CACHE_S:
            return False, None
        return True, found[1]

    def put(self, key: str, value: Any) -> None:
        self._items[key] = (time.monotonic(), value)
        self._items.move_to_end(key)
        while len(self._items) > _CACHE_MAX:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Tokens:
    """``rt.tokens``: create, list, revoke and verify the HTTP service's bearer tokens."""

    def __init__(self, repo: TokenRepo) -> None:
        self._repo = repo
        self._verified = _Recent()  # token sha256 -> TokenInfo
        self._live = _Recent()  # token id -> not revoked

    async def create(self, scope: str, name: str = "") -> tuple[TokenInfo, str]:
        """A new token of ``scope``; returns its info and the token (shown once, not stored)."""
        if scope not in SCOPES:
            raise ConfigError("scope", f"{scope!r} is not one of {', '.join(SCOPES)}")
        name = (name or f"{scope} token").strip()
        if len(name) > 64 or not name.isprintable():
            raise ConfigError("name", "use at most 64 printable characters")
        token_id = secrets.token_hex(6)
        token = f"llt_{token_id}_{secrets.token_urlsafe(32)}"
        created_at = await self._repo.add(token_id, name, scope, _sha256(token))
        return TokenInfo(token_id, name, scope, created_at), token

    async def list(self) -> list[dict[str, Any]]:
        return await self._repo.list()

    async def revoke(self, token_id: str) -> None:
        if not await self._repo.revoke(str(token_id)):
            raise NotFound("token", token_id, "list tokens with `lifelong tokens list`")
        self._verified.clear()
        self._live.clear()

    async def is_live(self, token_id: str) -> bool:
        """Whether token ``token_id`` exists and is not revoked: what a dashboard session made
        with it checks on every request (cached for a few seconds, like :meth:`verify`).
        """
        known, live = self._live.get(token_id)
        if known:
            return bool(live)
        row = await self._repo.get(token_id)
        live = row is not None and row["revoked_at"] is None
        self._live.put(token_id, live)
        return live

    async def verify(self, token: str) -> TokenInfo | None:
        """The token's info if it is a live token of this database, else None."""
        match = _FORMAT.fullmatch(token)
        if match is None:
            return None
        digest = _sha256(token)
        known, info = self._verified.get(digest)
        if known:
            return info
        row = await self._repo.get(match.group(1))
        if row is None or row["revoked_at"] is not None:
            return None
        if not hmac.compare_digest(row["sha256"], digest):
            return None
        info = TokenInfo(row["id"], row["name"], row["scope"], row["created_at"])
        self._verified.put(digest, info)
        return info
