"""Consolidation: after a layer is deployed, the memory turns it says on its own are demoted.

The slow half of the complementary learning system (see :mod:`lifelong.learning.memory`): a
deployed layer is asked each active memory turn's prompt *without* memory, and a turn whose
key content the answer recalls (:mod:`lifelong.learning.facts`, the auto-test's measure) is
marked consolidated by that layer. Demoted, not dropped: it is still retrieved (behind an
active turn of equal similarity; ``memory.retrieve_consolidated = false`` stops that), it is
the first to leave when the trait's memory reaches its budget, and a rollback past the layer
makes it active again. Consolidation so cannot lose recall (the evidence below is a few
questions, and a layer that half-knows a fact still answers it from the reminder), while
memory stays bounded and, once full, holds what the weights do not.

A layer repeats the questions it was trained on more easily than it answers their
paraphrases (on the small-data benchmark persona, v1 said all 24 training questions' facts
and got 4 of 5 held-out paraphrases: the fifth, the opening hours, in the right voice with
the times swapped). So a turn also needs the auto-test's word for its fact: a held-out
paraphrase of the same fact (sharing names or numbers) that the layer recalled, and none it
missed. A fact no held-out question asks stays in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lifelong.engine.serving import LayerServer, complete_many
from lifelong.learning.facts import judge, key_content, taught_from
from lifelong.storage.repos.memory import MemoryRepo
from lifelong.storage.rows import LayerRow

__all__ = ["consolidate"]

log = logging.getLogger("lifelong.learning.memory")


async def consolidate(
    server: LayerServer,
    memory: MemoryRepo,
    *,
    base: Path,
    layer: LayerRow,
    system_prompt: str,
    taught_replies: Sequence[str] = (),
    heldout: Sequence[tuple[frozenset[str], str | None]] = (),
    limit: int = 64,
    max_new_tokens: int = 64,
) -> dict[str, Any]:
    """Ask the deployed ``layer`` (a genome row) the prompts of up to ``limit`` of its trait's
    active memory turns, under the persona's ``system_prompt`` and without memory; mark the
    ones it recalls, and whose fact its auto-test found recalled on every held-out paraphrase
    (``heldout``: each held-out question's names and numbers, and the candidate's verdict),
    consolidated (demoted: see the module docstring). Returns ``{"checked", "consolidated",
    "ids"}``.
    """
    persona, trait = layer["persona"], layer["trait"]
    rows = await memory.candidates(persona, trait, limit)
    if not rows:
        return {"checked": 0, "consolidated": 0, "ids": []}
    chats = [[{"role": "system", "content": system_prompt},
              {"role": "user", "content": row.prompt}] for row in rows]  # fmt: skip
    answers, used = await server.run(
        base, [layer], lambda loaded: complete_many(loaded, chats, max_new_tokens)
    )
    if not used or used[0]["id"] != layer["id"]:
        return {"checked": 0, "consolidated": 0, "ids": [], "skipped": "the layer did not load"}
    taught = taught_from([*taught_replies, *(row.reply for row in rows)])
    held = []
    for row, answer in zip(rows, answers, strict=True):
        key = key_content(row.reply, row.prompt, taught)
        if not key or judge(answer, key, row.prompt, row.reply) != "recalled":
            continue
        paraphrases = [verdict for slots, verdict in heldout if slots & key.slots]
        if paraphrases and all(v == "recalled" for v in paraphrases):
            held.append(row.id)
    reason = f"v{layer['version']} says it on its own"
    done = await memory.consolidate(held, layer["id"], reason)
    log.info("%s/%s: v%s consolidated %d of %d memory turns", persona, trait, layer["version"],
             done, len(rows))  # fmt: skip
    return {"checked": len(rows), "consolidated": done, "ids": held}
