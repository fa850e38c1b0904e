"""What an interaction is allowed to be, checked once for ``record`` and for every import line."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lifelong.errors import InvalidRecord

ROLES = ("system", "user", "assistant")
# C0 control characters other than tab, newline and carriage return: binary, not text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Deeper JSON is never real metadata, and deep enough JSON makes every json.dumps / json.loads
# of the row (ours, the driver's, each report's) raise RecursionError.
MAX_JSON_DEPTH = 32
# Keys that can be named as ``metadata.key``; any other key is named ``metadata['k e y']``.
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True, slots=True)
class RecordLimits:
    max_message_chars: int = 100_000
    max_messages: int = 500
    max_metadata_bytes: int = 64_000


def validate_messages(
    messages: object, limits: RecordLimits, *, final_role: str | None = "assistant"
) -> list[dict[str, str]]:
    """Return the conversation as ``[{"role", "content"}, ...]`` or raise InvalidRecord.

    A conversation is optional system messages first, then user / assistant turns, at least one
    user message, ending with the persona's (assistant's) reply. For a prompt to answer
    (``final_role="user"``) it ends with the user's message instead. An assistant message may
    be blank: a model that answered nothing did answer, and that reply is what the scorer's
    degeneration check and the post-deploy monitor need to see (training never imitates it).
    """
    if isinstance(messages, (str, bytes)) or not isinstance(messages, (list, tuple)):
        raise InvalidRecord(
            "messages", f"expected a list of {{role, content}} objects, got {_kind(messages)}"
        )
    if not messages:
        raise InvalidRecord("messages", "is empty; record at least a user turn and the reply")
    if len(messages) > limits.max_messages:
        raise InvalidRecord(
            "messages", f"has {len(messages)} messages, more than the limit {limits.max_messages}"
        )
    clean: list[dict[str, str]] = []
    seen_turn = False
    for index, message in enumerate(messages):
        field = f"messages[{index}]"
        if not isinstance(message, Mapping):
            raise InvalidRecord(
                field, f"expected an object with role and content, got {_kind(message)}"
            )
        role = message.get("role")
        if role not in ROLES:
            raise InvalidRecord(f"{field}.role", f"{_short(role)} is not one of {', '.join(ROLES)}")
        if role == "system" and seen_turn:
            raise InvalidRecord(f"{field}.role", "system messages must come before the first turn")
        seen_turn = seen_turn or role != "system"
        content = check_text(
            message.get("content"), f"{field}.content", max_chars=limits.max_message_chars,
            allow_empty=role == "assistant",
        )  # fmt: skip
        clean.append({"role": role, "content": content})
    if not any(m["role"] == "user" for m in clean):
        raise InvalidRecord("messages", "has no user message")
    if final_role is not None and clean[-1]["role"] != final_role:
        who = "the persona's reply" if final_role == "assistant" else "the user's message"
        raise InvalidRecord(
            f"messages[{len(clean) - 1}].role",
            f"the last message must be {who} (role {final_role!r})",
        )
    return clean


def check_text(content: object, field: str, *, max_chars: int, allow_empty: bool = False) -> str:
    """Return ``content`` if it is text the store can hold, else raise InvalidRecord.

    The one content check for every free text a caller hands us (message contents, feedback
    corrections, trait descriptions): a string, not blank unless ``allow_empty``, at most
    ``max_chars`` characters, no control characters, valid Unicode.
    """
    if not isinstance(content, str):
        raise InvalidRecord(field, f"expected text, got {_kind(content)}")
    if not allow_empty and not content.strip():
        raise InvalidRecord(field, "is empty")
    if len(content) > max_chars:
        raise InvalidRecord(field, f"is {len(content)} characters, more than the limit {max_chars}")
    if _CONTROL.search(content):
        raise InvalidRecord(field, "contains control characters (binary data, not text)")
    problem = _storable_text_problem(content)
    if problem is not None:
        raise InvalidRecord(field, problem)
    return content


def _storable_text_problem(text: str) -> str | None:
    """What keeps ``text`` out of the store, or None: neither SQLite's nor PostgreSQL's driver
    can encode a lone surrogate, and PostgreSQL refuses NUL in text and JSON."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode text (lone surrogate); send UTF-8 text"
    if "\x00" in text:
        return "contains a NUL character (binary data, not text)"
    return None


def check_json(value: object, field: str, *, max_bytes: int) -> None:
    """Raise InvalidRecord naming the part of ``value`` the store cannot hold, if any.

    ``value`` must be JSON (objects, arrays, strings, finite numbers, booleans, null), nested at
    most :data:`MAX_JSON_DEPTH` levels, every string and key valid Unicode without NUL, and at
    most ``max_bytes`` once encoded. Walked without recursion, and the walk stops as soon as the
    size is known to be over the limit, so a hostile value costs little.
    """
    too_large = f"is larger than the limit of {max_bytes} bytes"
    # A lower bound of the encoded size (every character is at least one byte), so the walk
    # can give up early; the exact size is measured at the end.
    size = 0
    stack: list[tuple[object, str, int]] = [(value, field, 1)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            problem = _storable_text_problem(item)
            if problem is not None:
                raise InvalidRecord(path, problem)
            size += len(item) + 2
        elif item is None or isinstance(item, (bool, int)):
            size += 1
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise InvalidRecord(path, f"{item!r} is not a finite number (JSON has no NaN)")
            size += 1
        elif isinstance(item, (dict, list, tuple)):
            if depth > MAX_JSON_DEPTH:
                raise InvalidRecord(
                    path, f"is nested deeper than {MAX_JSON_DEPTH} levels; flatten it"
                )
            # Brackets and separators, counted before the children are looked at: a list of
            # ten million numbers is refused here, not after walking it.
            size += 2 + max(len(item) - 1, 0)
            if size > max_bytes:
                raise InvalidRecord(field, too_large)
            if isinstance(item, dict):
                children = []
                for key, child in item.items():
                    key_path = _key_path(path, key)
                    if isinstance(key, str):
                        problem = _storable_text_problem(key)
                        if problem is not None:
                            raise InvalidRecord(key_path, f"the key {problem}")
                        size += len(key) + 3
                    elif not isinstance(key, (int, float, bool)) and key is not None:
                        raise InvalidRecord(
                            key_path, f"keys must be strings, got {type(key).__name__}"
                        )
                    children.append((child, key_path, depth + 1))
            else:
                children = [(child, f"{path}[{i}]", depth + 1) for i, child in enumerate(item)]
            stack.extend(reversed(children))  # popped in document order
        else:
            raise InvalidRecord(
                path,
                f"{_kind(item)} is not JSON; use objects, arrays, strings, numbers, "
                "true/false and null",
            )
        if size > max_bytes:
            raise InvalidRecord(field, too_large)
    try:
        encoded = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:  # e.g. non-finite float keys
        raise InvalidRecord(field, f"is not JSON-serialisable: {exc}") from None
    if len(encoded.encode("utf-8")) > max_bytes:
        raise InvalidRecord(field, too_large)


def _key_path(path: str, key: object) -> str:
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}"
    return f"{path}[{_short(key)}]"  # repr escapes surrogates and NUL: the message stays text


def validate_metadata(metadata: object, limits: RecordLimits) -> dict[str, Any] | None:
    """Return the metadata as a plain dict, or raise InvalidRecord naming the bad part.

    Everything that passes can be written by every backend: a row the store refuses would
    otherwise fail only when its group commit runs.
    """
    if metadata is None:
        return None
    if not isinstance(metadata, Mapping):
        raise InvalidRecord("metadata", f"expected an object, got {_kind(metadata)}")
    clean = dict(metadata)
    check_json(clean, "metadata", max_bytes=limits.max_metadata_bytes)
    return clean


def conversation_id_of(metadata: Mapping[str, Any] | None) -> str | None:
    """``metadata["conversation_id"]`` links the turns of one conversation (see scoring)."""
    if not metadata:
        return None
    return validate_conversation_id(metadata.get("conversation_id"), "metadata.conversation_id")


def validate_conversation_id(value: Any, name: str = "conversation_id") -> str | None:
    """A conversation id (a string or an integer of at most 128 characters) as a string, or
    None; InvalidRecord naming ``name`` otherwise.
    """
    if value is None:
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool) or len(str(value)) > 128:
        raise InvalidRecord(name, "expected a string of at most 128 chars")
    # Also checked by validate_metadata; this goes into its own text column, so never let a
    # value through that would fail the write.
    problem = _storable_text_problem(str(value))
    if problem is not None:
        raise InvalidRecord(name, problem)
    return str(value)


def content_hash(messages: list[dict[str, str]]) -> str:
    """sha256 of the conversation's roles and texts: the identity used for dedupe."""
    canonical = json.dumps(
        [[m["role"], m["content"]] for m in messages], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _kind(value: object) -> str:
    if value is None:
        return "null"
    names: dict[type, str] = {str: "a string", bytes: "bytes", list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
