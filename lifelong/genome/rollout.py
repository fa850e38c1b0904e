"""Which arm answers a request while a trait runs a canary: the active version or the canary.

A canary serves ``fraction`` of a trait's conversations. The draw is sticky per conversation:
a hash of the canary's layer id and the conversation id (what the caller passes as
``conversation_id`` to ``generate`` and in ``record``'s metadata) falls under the fraction or
not, so every turn of one conversation is answered by the same arm, on every process, with
nothing stored. A new canary draws afresh. A request without a conversation id draws on its
own each time.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence

from lifelong.storage.rows import LayerRow

__all__ = ["CANARY", "STABLE", "choose_arms", "in_canary"]

CANARY = "canary"
STABLE = "stable"


def in_canary(canary_id: str, fraction: float, conversation_id: str | None) -> bool:
    """Whether this request goes to the canary ``canary_id`` serving ``fraction``."""
    if conversation_id is None:
        return random.random() < fraction
    digest = hashlib.sha256(f"{canary_id}\x00{conversation_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


def choose_arms(
    rows: Sequence[LayerRow],
    canaries: Mapping[str, LayerRow],
    conversation_id: str | None,
) -> tuple[list[LayerRow], dict[str, str]]:
    """The layer rows that answer (a trait's canary row in place of its active one where the
    draw says so) and the arm of every trait that runs a canary (trait -> canary | stable).
    """
    chosen, arms = [], {}
    for row in rows:
        canary = canaries.get(row["trait"])
        if canary is None or canary.get("stable_id") != row["id"]:
            chosen.append(row)  # no canary, or one beside another version (it is ending)
            continue
        if in_canary(canary["id"], float(canary["fraction"]), conversation_id):
            chosen.append(canary)
            arms[row["trait"]] = CANARY
        else:
            chosen.append(row)
            arms[row["trait"]] = STABLE
    return chosen, arms
