"""The files the provider reads and writes: the exported dataset it uploads (converting DPO pairs
to OpenAI's preference format), and the job record it leaves in the session folder so a later
run can adopt, or someone can cancel, a remote job that outlived its runtime.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from lifelong.adapters.base import TrainRequest
from lifelong.errors import ProviderPermanent

if TYPE_CHECKING:
    from openai import AsyncOpenAI
    from openai.types import FileObject

__all__ = [
    "TRAIN_FILE",
    "read_job_record",
    "suffix",
    "training_bytes",
    "training_chars",
    "upload",
    "validation_bytes",
    "write_job_record",
]

# The provider's one logger, whichever of its modules logs, so one filter covers all of it.
log = logging.getLogger("lifelong.adapters.openai")

#: The exported dataset file each method trains on.
TRAIN_FILE = {"sft": "train.jsonl", "dpo": "dpo.jsonl"}
_JOB_RECORD = "remote_job.json"
_SUFFIX_MAX = 18

#: Wraps one SDK call, naming what it does, so its errors come out as our error classes.
Mapped = Callable[[str], AbstractContextManager[None]]


def suffix(persona: str, trait: str) -> str:
    """Model-name suffix from persona and trait: lower-case letters, digits and '-', at most
    18 characters (OpenAI's historical limit; servers accept at least that everywhere).
    """
    text = re.sub(r"[^a-z0-9]+", "-", f"{persona}-{trait}".lower()).strip("-")
    return text[:_SUFFIX_MAX].strip("-") or "lifelong"


def training_chars(request: TrainRequest) -> int:
    """Characters in the training file as exported, the basis of the token estimate."""
    chars = 0
    with request.dataset_file(TRAIN_FILE[request.method]).open(encoding="utf-8") as fh:
        for line in fh:
            chars += len(line)
    return chars


def training_bytes(name: str, request: TrainRequest) -> bytes:
    """The training file as uploaded: train.jsonl as is, or dpo.jsonl converted to
    OpenAI's preference format. ``name`` is the provider's, for the errors.
    """
    path = request.dataset_file(TRAIN_FILE[request.method])
    if request.method == "sft":
        data = path.read_bytes()
        if not data.strip():
            raise ProviderPermanent(name, f"{path} has no SFT examples")
        return data
    lines: list[bytes] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                converted = {
                    "input": {"messages": row["prompt"]},
                    "preferred_output": row["chosen"],
                    "non_preferred_output": row["rejected"],
                }
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                # from None: the row's text is training data, not something to echo in a chain.
                raise ProviderPermanent(
                    name,
                    f"{path} line {number}: not a DPO pair with prompt / chosen / rejected "
                    f"({type(exc).__name__})",
                ) from None
            lines.append(json.dumps(converted, ensure_ascii=False).encode("utf-8") + b"\n")
    if not lines:
        raise ProviderPermanent(name, f"{path} has no DPO pairs")
    return b"".join(lines)


def validation_bytes(request: TrainRequest) -> bytes:
    """val.jsonl for SFT if the export has one, else nothing (OpenAI's DPO takes none)."""
    if request.method == "sft":
        val_path = request.dataset_dir / "val.jsonl"
        if val_path.is_file():
            return val_path.read_bytes()
    return b""


async def upload(
    client: AsyncOpenAI,
    mapped: Mapped,
    request: TrainRequest,
    train_bytes: bytes,
    val_bytes: bytes,
) -> tuple[FileObject, FileObject | None]:
    """Upload the training file, and the validation file if it has any rows. The names carry
    persona, trait and dataset hash so the files can be told apart in the provider's console.
    """
    stem = f"lifelong-{suffix(request.persona, request.trait)}-{request.dataset_hash[:12]}"
    with mapped(f"upload {TRAIN_FILE[request.method]}"):
        training_file = await client.files.create(
            file=(f"{stem}-{request.method}-train.jsonl", train_bytes, "application/jsonl"),
            purpose="fine-tune",
        )
    validation_file = None
    if val_bytes.strip():
        with mapped("upload val.jsonl"):
            validation_file = await client.files.create(
                file=(f"{stem}-val.jsonl", val_bytes, "application/jsonl"),
                purpose="fine-tune",
            )
    return training_file, validation_file


def read_job_record(request: TrainRequest) -> Any:
    """The job record an earlier run left in the session folder, or ``{}`` if there is none or
    it cannot be read: an empty record names no provider, so a new job is started (always safe).
    """
    try:
        return json.loads((request.output_dir / _JOB_RECORD).read_text())
    except (OSError, ValueError):
        return {}


def write_job_record(
    name: str,
    base_url: str | None,
    request: TrainRequest,
    job_id: str,
    model: str,
    training_file: str,
    validation_file: Any,
) -> None:
    """Leave the job id in the session folder as soon as the job exists, so a crashed run
    can still find (and cancel or adopt) the remote job.
    """
    record = {
        "provider": name,
        "base_url": base_url,
        "job_id": job_id,
        "model": model,
        "training_file": training_file,
        "validation_file": validation_file.id if validation_file is not None else None,
        "created_at": time.time(),
    }
    try:
        request.output_dir.mkdir(parents=True, exist_ok=True)
        (request.output_dir / _JOB_RECORD).write_text(json.dumps(record, indent=2))
    except OSError as exc:
        # Best effort: the job runs either way; without the record it just cannot be adopted.
        log.warning("%s: could not write remote_job.json: %s", name, exc)
