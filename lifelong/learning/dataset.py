"""Dataset building: what a trait's next layer learns from.

From the unused, scored interactions of one (persona, trait):

- SFT examples in chat format, the system prompt rendered from the persona's profile template
  (recorded system messages are replaced, so every example teaches the same persona). An
  interaction with a correction teaches the correction.
- DPO preference pairs from corrections: rejected = the persona's reply, chosen = the correction.
- Quality threshold (the repository query), near-duplicate removal (same text up to case,
  spacing and punctuation), a stable train / validation split by content hash that holds out
  one phrasing of each fact taught in several (:func:`fact_clusters`) before anything else.
- Scrubbing: keys, tokens, passwords, private keys, emails, phone, card and account numbers
  become typed placeholders, in the turns and in the system prompt rendered from the profile;
  examples that try to override the persona's instructions are dropped and counted.

The result is exported as JSONL files plus a manifest with the counts and the dataset hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lifelong.learning.facts import key_content, taught_from
from lifelong.learning.scrub import Scrubber, looks_like_injection
from lifelong.persona.profile import render_system_prompt

__all__ = [
    "NOTHING_YET",
    "Dataset",
    "DatasetPolicy",
    "build_dataset",
    "export_dataset",
    "fact_clusters",
]

DATASET_FORMAT = 1

# Why an empty dataset makes no layer (a job's refusal: "<persona>/<trait> has ...").
NOTHING_YET = "nothing to learn from yet"


@dataclass(frozen=True, slots=True)
class DatasetPolicy:
    min_quality: float = 0.6
    val_fraction: float = 0.1
    drop_injections: bool = True
    # The auto-test judges a layer on the validation split: two examples decide nothing. The
    # split takes at least this many (from the lowest hashes, so it stays stable) while the
    # training split keeps ``min_train``; a smaller dataset is refused before training (see
    # ``too_small``).
    min_val: int = 4
    min_train: int = 8
    # The scrubber's learned second opinion after its rules (False: the rules alone).
    scrub_learned: bool = True


@dataclass(slots=True)
class Dataset:
    persona: str
    trait: str
    sft_train: list[dict[str, Any]]
    sft_val: list[dict[str, Any]]
    dpo: list[dict[str, Any]]
    interaction_ids: list[str]  # everything this dataset accounts for (kept or deduplicated)
    manifest: dict[str, Any] = field(default_factory=dict)
    # Rated replies (KTO): desirable when rated >= 0.5. A thumbs-down reply is not imitated
    # (its quality keeps it out of SFT) but is still learned from, as what not to say.
    kto: list[dict[str, Any]] = field(default_factory=list)
    # Interactions in the dataset only through their rating: a job without a KTO pass gives
    # them back (see ``runtime.training``), so they are not used up unlearned.
    rated_only: list[str] = field(default_factory=list)

    @property
    def hash(self) -> str:
        return str(self.manifest["hash"])

    def __len__(self) -> int:
        return len(self.sft_train) + len(self.sft_val) + len(self.dpo) + len(self.kto)

    def too_small(self, policy: DatasetPolicy) -> str | None:
        """Why this dataset cannot make a layer worth testing, or None. A layer is judged on
        its held-out split: fewer than ``min_val`` held out (or ``min_train`` to learn from)
        could not tell a better layer from a worse one.
        """
        if not self.sft_train and not self.dpo and not self.kto:
            return NOTHING_YET
        # Corrections and ratings alone leave nothing to test a layer on: it would be rejected
        # every time (and retried every cooldown), so it is refused here, with the reason.
        if len(self.sft_val) < policy.min_val or len(self.sft_train) < policy.min_train:
            need = policy.min_val + policy.min_train
            have = len(self.sft_train) + len(self.sft_val)
            return (
                f"only {have} usable example(s); a layer needs at least {need} ({policy.min_train} "
                f"to learn from, {policy.min_val} to test it on): record more turns"
            )
        return None


_NORMALISE = re.compile(r"[\W_]+", re.UNICODE)


def _near_key(messages: Sequence[Mapping[str, str]]) -> str:
    text = " ".join(f"{m['role']}:{m['content']}" for m in messages if m["role"] != "system")
    return _NORMALISE.sub(" ", text.lower()).strip()


def _split_value(key: str) -> int:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 10_000


def fact_clusters(examples: Sequence[Mapping[str, Any]]) -> list[frozenset[str]]:
    """For each chat example, the fact its reply states, as a cluster id (empty when it states
    none): replies whose names and numbers (their slots, :mod:`lifelong.learning.facts`, not
    the trait's template, not echoed from the question) overlap teach the same fact in
    different words: "We open at 7:15 and close at 18:30, Monday to Saturday" and "Doors open
    at 7:15 sharp and we lock up at 18:30" share two of their slots. Two replies join when
    they share half of the smaller one's slots, or two.
    """
    replies = [str(ex["messages"][-1]["content"]) for ex in examples]
    taught = taught_from(replies)
    slots = []
    for ex, reply in zip(examples, replies, strict=True):
        asked = " ".join(m["content"] for m in ex["messages"][:-1] if m["role"] == "user")
        slots.append(frozenset(key_content(reply, asked, taught).slots - taught.template))
    parent = list(range(len(slots)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_slot: dict[str, list[int]] = {}
    for i, found in enumerate(slots):
        for slot in found:
            by_slot.setdefault(slot, []).append(i)
    for members in by_slot.values():
        for i in members[1:]:
            j = members[0]
            shared = len(slots[i] & slots[j])
            if shared >= 2 or shared * 2 >= min(len(slots[i]), len(slots[j])):
                parent[root(i)] = root(j)
    groups: dict[int, set[str]] = {}
    for i, found in enumerate(slots):
        if found:
            groups.setdefault(root(i), set()).update(found)
    return [frozenset(groups[root(i)]) if found else frozenset() for i, found in
            enumerate(slots)]  # fmt: skip


def build_dataset(
    rows: Sequence[Mapping[str, Any]],
    *,
    persona: str,
    trait: str,
    profile: Mapping[str, Any],
    policy: DatasetPolicy | None = None,
    today: dt.date | None = None,
) -> Dataset:
    """Turn candidate interaction rows (``id``, ``messages``, ``quality``,
    ``feedback_correction``, ``feedback_rating``) into a dataset. Pure: same rows, same
    dataset and hash.
    """
    policy = policy or DatasetPolicy()
    scrub = Scrubber(learned=policy.scrub_learned)
    # The profile is written by people too (an e-mail, a key pasted into the description): its
    # prompt goes into every example and the manifest, so it is scrubbed like the turns.
    system = scrub(render_system_prompt(persona, profile, today=today))
    dropped: Counter[str] = Counter()
    seen: dict[str, str] = {}
    sft: list[tuple[str, dict[str, Any]]] = []
    dpo: list[dict[str, Any]] = []
    kto: dict[str, dict[str, Any]] = {}
    accounted: list[str] = []
    rated_only: list[str] = []

    for row in sorted(rows, key=lambda r: r["id"]):
        messages = [m for m in row["messages"] if m["role"] != "system"]
        if policy.drop_injections and any(
            m["role"] == "user" and looks_like_injection(m["content"]) for m in messages
        ):
            dropped["prompt_injection"] += 1
            accounted.append(row["id"])
            continue
        cleaned = [{"role": m["role"], "content": scrub(m["content"])} for m in messages]
        correction = row.get("feedback_correction")
        if correction:
            chosen = scrub(correction)
            prompt = [{"role": "system", "content": system}, *cleaned[:-1]]
            dpo.append(
                {
                    "prompt": prompt,
                    "chosen": [{"role": "assistant", "content": chosen}],
                    "rejected": [cleaned[-1]],
                }
            )
            cleaned = [*cleaned[:-1], {"role": "assistant", "content": chosen}]
        elif row.get("feedback_rating") is not None:
            key = _near_key(cleaned)
            desirable = float(row["feedback_rating"]) >= 0.5
            blank = not cleaned[-1]["content"].strip()
            # A blank reply is only ever an example of what not to say, whatever its rating.
            if key not in kto and not (blank and desirable):
                kto[key] = {
                    "prompt": [{"role": "system", "content": system}, *cleaned[:-1]],
                    "completion": [cleaned[-1]],
                    "label": desirable,
                }
            # A thumbs-down reply is never imitated, whatever the rest of its score says.
            if not desirable or (row.get("quality") or 0.0) < policy.min_quality:
                dropped["thumbs_down" if not desirable else "below_quality"] += 1
                accounted.append(row["id"])
                rated_only.append(row["id"])  # learned from only by a KTO pass
                continue
        elif (row.get("quality") or 0.0) < policy.min_quality:
            dropped["below_quality"] += 1
            continue
        if not cleaned[-1]["content"].strip():
            # A blank reply (recorded as the model gave it) is never imitated, whatever its
            # score; with a correction it was replaced above and taught as the rejected side.
            dropped["empty_reply"] += 1
            continue
        key = _near_key(cleaned)
        if key in seen:
            exact = seen[key] == json.dumps(cleaned, sort_keys=True)
            dropped["duplicate" if exact else "near_duplicate"] += 1
            accounted.append(row["id"])
            continue
        seen[key] = json.dumps(cleaned, sort_keys=True)
        sft.append((key, {"messages": [{"role": "system", "content": system}, *cleaned]}))
        accounted.append(row["id"])

    threshold = int(policy.val_fraction * 10_000)
    ordered = sorted(sft, key=lambda pair: (_split_value(pair[0]), pair[0]))
    n_val = sum(1 for key, _ in sft if _split_value(key) < threshold)
    # Held out by fact: one phrasing of every fact taught in several phrasings (the lowest
    # hash of its cluster) comes first, so the auto-test asks a paraphrase of each fact the
    # layer was taught, and every fact is still taught. A random 10% of a small trait (5
    # facts in 25 turns) could hold out 4 phrasings of one fact and none of the others.
    clusters = fact_clusters([ex for _, ex in sft])
    firsts: dict[frozenset[str], tuple[str, dict[str, Any]]] = {}
    sizes = Counter(c for c in clusters if c)
    for (key, ex), cluster in zip(sft, clusters, strict=True):
        if cluster and sizes[cluster] > 1:
            best = firsts.get(cluster)
            if best is None or (_split_value(key), key) < (_split_value(best[0]), best[0]):
                firsts[cluster] = (key, ex)
    representatives = sorted(firsts.values(), key=lambda pair: (_split_value(pair[0]), pair[0]))
    if policy.val_fraction > 0:
        # At least min_val held out when the training split can spare them (and one phrasing
        # per fact, up to a fifth of the examples); the lowest hashes go first, so the split
        # is still a pure function of the data.
        by_fact = min(len(representatives), max(policy.min_val, round(0.2 * len(sft))))
        n_val = max(n_val, min(max(policy.min_val, by_fact), len(sft) - policy.min_train))
    rest = [pair for pair in ordered if all(pair[1] is not r[1] for r in representatives)]
    held_out = [*representatives, *rest][: max(0, n_val)]
    held = {id(ex) for _, ex in held_out}
    train = [ex for _, ex in sft if id(ex) not in held]
    val = [ex for _, ex in held_out]  # a paraphrase of each fact first: the auto-test asks these

    rated = list(kto.values())
    dataset = Dataset(persona, trait, train, val, dpo, accounted, kto=rated, rated_only=rated_only)
    dataset.manifest = {
        "format": DATASET_FORMAT,
        "persona": persona,
        "trait": trait,
        "system_prompt": system,
        "counts": {
            "candidates": len(rows),
            "sft_train": len(train),
            "sft_val": len(val),
            "dpo_pairs": len(dpo),
            "kto_examples": len(rated),
            "kto_desirable": sum(1 for x in rated if x["label"]),
            # Facts taught in several phrasings, and how many of them the validation split
            # asks (one paraphrase each).
            "fact_clusters": len(firsts),
            "facts_held_out": sum(1 for _, ex in representatives if id(ex) in held),
            "dropped": dict(sorted(dropped.items())),
            "scrubbed": dict(sorted(scrub.counts.items())),
        },
        "policy": {
            "min_quality": policy.min_quality,
            "val_fraction": policy.val_fraction,
            "drop_injections": policy.drop_injections,
        },
    }
    dataset.manifest["hash"] = _hash(dataset)
    return dataset


def _jsonl(rows: Sequence[Mapping[str, Any]]) -> bytes:
    return b"".join(
        json.dumps(r, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n" for r in rows
    )


def _hash(dataset: Dataset) -> str:
    digest = hashlib.sha256()
    for name, rows in (
        ("train", dataset.sft_train),
        ("val", dataset.sft_val),
        ("dpo", dataset.dpo),
        # Only when there are ratings: a dataset without any keeps the hash it always had.
        *((("kto", dataset.kto),) if dataset.kto else ()),
    ):
        digest.update(name.encode() + b"\0" + _jsonl(rows) + b"\0")
    return digest.hexdigest()


def export_dataset(dataset: Dataset, root: str | os.PathLike[str]) -> Path:
    """Write ``<root>/<persona>/<trait>/<hash[:16]>/`` with ``train.jsonl``, ``val.jsonl``,
    ``dpo.jsonl``, ``kto.jsonl`` and ``manifest.json``. The folder appears whole or not at
    all (written aside, then renamed); exporting the same dataset again reuses it.
    """
    final = Path(root) / dataset.persona / dataset.trait / dataset.hash[:16]
    if (final / "manifest.json").exists():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".partial-", dir=final.parent))
    try:
        files = {
            "train.jsonl": dataset.sft_train,
            "val.jsonl": dataset.sft_val,
            "dpo.jsonl": dataset.dpo,
            "kto.jsonl": dataset.kto,
        }
        for name, rows in files.items():
            (staging / name).write_bytes(_jsonl(rows))
        manifest = {**dataset.manifest, "files": sorted([*files, "manifest.json"])}
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        for path in staging.iterdir():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
        try:
            staging.rename(final)
        except OSError:
            if not (final / "manifest.json").exists():
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return final
