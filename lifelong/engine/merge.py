"""Consolidation: merge a persona's active layers into a snapshot of its base model.

The merged model is a full model folder stored like any artifact and recorded as a version of
the reserved trait ``merged-base``. While it is active, requests whose traits it covers (at the
versions it was made from) run on it without loading adapters; rolling ``merged-base`` back
returns the persona to the unmerged base plus layers. The merge runs on a fresh copy of the
base model, never on the instance the adapter cache is serving.
"""

from __future__ import annotations

from pathlib import Path

from lifelong._quiet import quiet_model_libraries

__all__ = ["merge_into_snapshot"]


def merge_into_snapshot(base: Path, adapters: list[tuple[str, Path]], out: Path) -> None:
    """Write ``base`` with every adapter of ``adapters`` (name, folder) merged into ``out``."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    quiet_model_libraries()
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32)
    first_name, first_path = adapters[0]
    peft_model = PeftModel.from_pretrained(model, first_path, adapter_name=first_name)
    for name, path in adapters[1:]:
        peft_model.load_adapter(path, adapter_name=name)
    merged = peft_model.merge_and_unload(adapter_names=[name for name, _ in adapters])
    merged.save_pretrained(out)
    AutoTokenizer.from_pretrained(base).save_pretrained(out)
