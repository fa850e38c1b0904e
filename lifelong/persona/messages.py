"""What an interaction is allowed to be, checked once for ``record`` and for every import line."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lifelong.errors import InvalidRecord

ROLES = ("system", "user", "assistant")
# C0 control characters other than tab, newline and carriage return: binary, not text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


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
    (``final_role="user"``) it ends with the user's message instead.
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
        content = _check_content(message.get("content"), f"{field}.content", limits)
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


def _check_content(content: object, field: str, limits: RecordLimits) -> str:
    if not isinstance(content, str):
        raise InvalidRecord(field, f"expected text, got {_kind(content)}")
    if not content.strip():
        raise InvalidRecord(field, "is empty")
    if len(content) > limits.max_message_chars:
        raise InvalidRecord(
            field,
            f"is {len(content)} characters, more than the limit {limits.max_message_chars}",
        )
    if _CONTROL.search(content):
        raise InvalidRecord(field, "contains control characters (binary data, not text)")
    try:
        content.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidRecord(field, "is not valid Unicode text (lone surrogate)") from None
    return content


def validate_metadata(metadata: object, limits: RecordLimits) -> dict[str, Any] | None:
    if metadata is None:
        return None
    if not isinstance(metadata, Mapping):
        raise InvalidRecord("metadata", f"expected an object, got {_kind(metadata)}")
    try:
        encoded = json.dumps(metadata, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidRecord("metadata", f"is not JSON-serialisable: {exc}") from None
    if len(encoded.encode("utf-8", "surrogatepass")) > limits.max_metadata_bytes:
        raise InvalidRecord(
            "metadata", f"is larger than the limit of {limits.max_metadata_bytes} bytes"
        )
    return dict(metadata)


def conversation_id_of(metadata: Mapping[str, Any] | None) -> str | None:
    """``metadata["conversation_id"]`` links the turns of one conversation (see scoring)."""
    if not metadata:
        return None
    value = metadata.get("conversation_id")
    if value is None:
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool) or len(str(value)) > 128:
        raise InvalidRecord("metadata.conversation_id", "expected a string of at most 128 chars")
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
    return {str: "a string", bytes: "bytes", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
