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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lifelong._hints import how
from lifelong.errors import ConfigError, NotFound
from lifelong.storage.repos.tokens import TokenRepo

__all__ = ["SCOPES", "TokenInfo", "Tokens", "parse_scope"]

# What a token may do, one right or several (``record,events``):
# - record: record turns, give feedback, generate, and read its personas and their turns;
# - manage: create personas and change their profiles and traits (the system prompt feeds
#   every answer and every training example, so this is not part of ``record``);
# - events: read the event history and listen to the event stream (read only);
# - admin: everything, including job control, layers, reports, tokens and the dashboard.
# record, manage and events tokens may be limited to some personas; admin reaches all.
SCOPES = ("record", "manage", "events", "admin")

_FORMAT = re.compile(r"llt_([0-9a-f]{12})_([A-Za-z0-9_-]{43})")

# A verified token is trusted this long without a query (a revoke takes effect within it).
_CACHE_S = 5.0
_CACHE_MAX = 4096


def parse_scope(scope: str | Sequence[str]) -> tuple[str, ...]:
    """The rights of ``scope`` (``"record,events"`` or a list of names), in
    :data:`SCOPES` order; ConfigError for an unknown one or none.
    """
    names = scope.split(",") if isinstance(scope, str) else list(scope)
    rights = {str(n).strip() for n in names if str(n).strip()}
    unknown = sorted(rights - set(SCOPES))
    if unknown or not rights:
        raise ConfigError(
            "scope",
            f"{unknown[0] if unknown else scope!r} is not a scope; use one or more of "
            f"{', '.join(SCOPES)} (comma-separated)",
        )
    if "admin" in rights:
        return ("admin",)
    return tuple(r for r in SCOPES if r in rights)


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: str
    name: str
    scope: str  # the rights, comma-separated: "record", "record,events", "admin"
    created_at: float | None = None
    # The personas the token may use (record, manage, events); None: every persona.
    personas: tuple[str, ...] | None = None

    @property
    def rights(self) -> frozenset[str]:
        return frozenset(self.scope.split(","))

    def allows(self, scope: str) -> bool:
        return "admin" in self.rights or scope in self.rights

    def may_use(self, persona: str) -> bool:
        """Whether the token reaches ``persona`` (admin and unlimited tokens reach all)."""
        return self.personas is None or "admin" in self.rights or persona in self.personas


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

    async def create(
        self, scope: str | Sequence[str], name: str = "", personas: Sequence[str] | None = None
    ) -> tuple[TokenInfo, str]:
        """A new token with the rights of ``scope`` (see :data:`SCOPES`), limited to
        ``personas`` when given; returns its info and the token (shown once, not stored).
        """
        from lifelong._names import validate_name

        rights = parse_scope(scope)
        limited: tuple[str, ...] | None = None
        if personas is not None:
            if "admin" in rights:
                raise ConfigError(
                    "personas", "an admin token reaches every persona; limit a record, manage "
                    "or events token instead"
                )  # fmt: skip
            limited = tuple(sorted({validate_name("persona", p) for p in personas}))
            if not limited:
                raise ConfigError("personas", "name at least one persona, or leave it out for all")
        joined = ",".join(rights)
        name = (name or f"{joined} token").strip()
        if len(name) > 64 or not name.isprintable():
            raise ConfigError("name", "use at most 64 printable characters")
        token_id = secrets.token_hex(6)
        token = f"llt_{token_id}_{secrets.token_urlsafe(32)}"
        created_at = await self._repo.add(token_id, name, joined, _sha256(token), limited)
        return TokenInfo(token_id, name, joined, created_at, limited), token

    async def list(self) -> list[dict[str, Any]]:
        return await self._repo.list()

    async def revoke(self, token_id: str) -> None:
        if not await self._repo.revoke(str(token_id)):
            raise NotFound("token", token_id, how("list tokens"))
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
        personas = row.get("personas")
        info = TokenInfo(row["id"], row["name"], row["scope"], row["created_at"],
                         tuple(personas) if personas is not None else None)  # fmt: skip
        self._verified.put(digest, info)
        return info
