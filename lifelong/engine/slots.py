"""The peft side of the adapter cache: slots in a loaded model, filled without peft's loaders.

A *slot* is one peft adapter name in a base model. Loading a LoRA through peft's
``load_adapter`` walks the whole model and gets slower with every adapter loaded, so the cache
(:mod:`lifelong.engine.cache`, which decides what is loaded and what is evicted) fills slots
here instead: a slot whose config matches (its *signature*) is refilled in place with the new
file's tensors, and a new slot is cloned from a proven one with peft's per-module
``update_layer``. Every shortcut is checked to be exact, and falls back (returns False) when
it cannot be proven.

Three fast paths keep the cost down (the first two flat) as the number N of loaded adapters grows,
because every peft operation walks the whole module tree, which holds all N adapters:

* Switching: peft's ``set_adapter`` toggles ``requires_grad`` on every adapter of every LoRA
  module (about 4 ms at N=64 on a 2-layer model). Adapters here are loaded frozen, for inference,
  so the cache sets the active adapters of the LoRA modules directly, exactly as ``set_adapter``
  ends up doing; it falls back to ``set_adapter`` for anything unusual (auxiliary modules ...).
* Misses in a full cache: ``load_adapter`` + ``delete_adapter`` cost tens of ms at N=32. Each
  adapter lives in a *slot* (its peft adapter name). When the layer to evict has the same LoRA
  config as the one to load (same rank, targets, alpha ...; the usual case, as one trainer makes
  them all), the new weights are copied into the evicted slot's tensors: no module is created or
  deleted. The slot's name -> tensor map is built once, after peft's own load, and checked
  against the file peft loaded, so a slot is only refilled where the mapping is proven.
* Misses while the cache fills: a layer with the config of a slot already loaded gets a new slot
  made by peft's per-module ``update_layer`` on just the LoRA modules holding that slot (what
  ``add_adapter`` does, without its walks of the whole model: 3-7 ms instead of 20-35 ms up to
  N=32 on the bench's tiny model), checked to mirror it module by module, then filled like a
  refill. Only the first layer of each config, and any that fails a check, goes through
  ``load_adapter``.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lifelong._quiet import quiet_model_libraries
from lifelong.engine.records import LayerRef, LoadedBase
from lifelong.errors import AdapterCacheError

if TYPE_CHECKING:
    import torch

__all__ = [
    "LOAD_LOCK",
    "WEIGHTS",
    "activate",
    "clone",
    "delete_adapter",
    "discard_partial",
    "fill",
    "index_slot",
    "index_tuner_layers",
    "load_base_model",
    "peft_load",
    "read_weights",
    "refill",
    "slot_signature",
]

log = logging.getLogger("lifelong.engine.cache")

# transformers' from_pretrained patches torch.nn.init functions process-wide while it loads (and
# puts them back afterwards): two loads in parallel threads corrupt each other ("Cannot copy out of
# meta tensor") or leave the patches behind. So every model or adapter load here is serialized.
LOAD_LOCK = threading.Lock()

WEIGHTS = "adapter_model.safetensors"
# adapter_config.json fields that do not change what a loaded LoRA computes in eval mode
_SLOT_IGNORED = ("base_model_name_or_path", "revision", "inference_mode", "peft_version",
                 "auto_mapping", "lora_dropout")  # fmt: skip
# LoRA features whose state is not just the saved tensors: such layers never share a slot
_SLOT_UNSUPPORTED = ("use_dora", "modules_to_save", "trainable_token_indices", "layer_replication")


def slot_signature(path: Path) -> str | None:
    """What must match for one plain LoRA to take over another's slot; None: never refilled."""
    try:
        config = json.loads((path / "adapter_config.json").read_text())
    except (OSError, ValueError):
        return None
    if (
        not isinstance(config, dict)
        or config.get("peft_type") != "LORA"
        or not (path / WEIGHTS).is_file()
        or any(config.get(k) for k in _SLOT_UNSUPPORTED)
    ):
        return None
    for key in _SLOT_IGNORED:
        config.pop(key, None)
    return json.dumps(config, sort_keys=True)


def read_weights(path: Path) -> dict[str, torch.Tensor]:
    """An adapter folder's tensors, on the CPU (reading the small file whole is about four times
    quicker than ``safetensors.torch.load_file`` on it)."""
    from safetensors.torch import load

    return load((path / WEIGHTS).read_bytes())


def load_base_model(path: Path, device: str, dtype: torch.dtype | None) -> tuple[Any, Any]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    quiet_model_libraries()
    model = AutoModelForCausalLM.from_pretrained(path, dtype=dtype or torch.float32)
    model = model.to(device)  # type: ignore[arg-type]
    return model.eval(), AutoTokenizer.from_pretrained(path)


def peft_load(base: LoadedBase, ref: LayerRef, slot: str, device: str) -> None:
    """Load ``ref`` into ``slot`` through peft (the slow, general path); the caller holds
    ``LOAD_LOCK`` and cleans up after a failure."""
    from peft import PeftModel

    if isinstance(base.model, PeftModel):
        base.model.load_adapter(
            str(ref.path), adapter_name=slot, is_trainable=False, torch_device=device
        )
    else:
        base.model = PeftModel.from_pretrained(
            base.model, str(ref.path), adapter_name=slot, is_trainable=False,
            torch_device=device,
        )  # fmt: skip
        base.model.eval()


def discard_partial(base: LoadedBase, slot: str) -> bool:
    """Remove what a failed load may have left of ``slot`` inside the model; False when that
    failed too (the model is then in an unknown state: the caller drops it)."""
    model = base.model
    try:
        if slot in getattr(model, "peft_config", {}):
            if len(model.peft_config) == 1:
                base.model = model.unload()
            else:
                model.delete_adapter(slot)
    except Exception:
        return False
    return True


def delete_adapter(base: LoadedBase, slot: str) -> None:
    """Remove ``slot`` from the model (the last one: back to the plain model)."""
    base.slot_sig.pop(slot, None)
    base.slot_params.pop(slot, None)  # holds the slot's tensors
    model = base.model
    if model is None or slot not in base.adapters:
        return
    if base.active is None or slot in base.active:
        activate(base, ())  # peft warns and picks another when the active one goes
    if len(base.adapters) == 1:
        base.model = model.unload()  # the last one: back to the plain model, no LoRA wrappers
    else:
        model.delete_adapter(slot)
    base.adapters.discard(slot)
    base.active = base.tuner_layers = None


def activate(base: LoadedBase, wanted: tuple[str, ...]) -> None:
    """Make exactly the ``wanted`` slots active in ``base.model`` (empty: no LoRA counts)."""
    if base.active == wanted or not base.adapters:
        base.active = wanted
        return
    model = base.model
    if base.tuner_layers is None:
        index_tuner_layers(base)
    names = list(wanted)
    if base.fast_switch:
        for layer in base.tuner_layers or ():
            layer._active_adapter = names
        model.base_model.active_adapter = names
    else:
        model.base_model.set_adapter(names, inference_mode=True)
    # PeftModel looks up its config by this single name on every forward: keep it valid.
    model.active_adapter = wanted[0] if wanted else next(iter(model.peft_config))
    base.active = wanted


def index_slot(base: LoadedBase, slot: str, ref: LayerRef) -> bool:
    """Map the file's tensor names to ``slot``'s parameters; True if it maps exactly.

    peft saves a parameter under its module path with the adapter name left out; the map is
    accepted only if it covers the file's keys one to one and peft loaded exactly those
    values into those parameters.
    """
    import torch

    try:
        saved = read_weights(ref.path)
    except Exception:
        return False
    params: dict[str, torch.Tensor] = {}
    for name, param in base.model.named_parameters():
        parts = name.split(".")
        if slot in parts:
            parts.remove(slot)
            params[".".join(parts)] = param
    if params.keys() != saved.keys():
        return False
    for key, param in params.items():
        value = saved[key]
        if param.shape != value.shape or not torch.equal(
            param.detach().cpu(), value.to(param.dtype)
        ):
            return False
    base.slot_params[slot] = params
    return True


def refill(base: LoadedBase, slot: str, ref: LayerRef) -> bool:
    """Copy ``ref``'s weights into ``slot``'s tensors; False (slot untouched) if they differ."""
    import torch

    params = base.slot_params.get(slot)
    saved = _weights_like(ref, params) if params is not None else None
    if params is None or saved is None:
        return False
    with torch.no_grad():
        for key, param in params.items():
            param.copy_(saved[key])
    return True


def _weights_like(ref: LayerRef, params: dict[str, torch.Tensor]) -> dict[str, torch.Tensor] | None:
    """``ref``'s tensors if they have exactly the names and shapes of ``params``, else None."""
    try:
        saved = read_weights(ref.path)
    except Exception:
        return None
    if saved.keys() != params.keys() or any(params[k].shape != v.shape for k, v in saved.items()):
        return None
    return saved


def clone(
    base: LoadedBase, ref: LayerRef, signature: str, slot: str, undo: Callable[[], None]
) -> bool:
    """Add ``slot`` as a copy of a refillable slot of the same config, with ``ref``'s weights.

    The new slot is made by peft's own per-module ``update_layer`` on the LoRA modules that
    hold the template slot (what ``add_adapter`` does for each targeted module, without its
    walks of the whole model), then checked to mirror the template module by module (same
    entries, parameter names, shapes, dtypes, devices, rank, alpha, scaling), so the
    template's proven file key -> parameter map carries over, and filled like a refill.
    False (model unchanged) when there is no template or the copy cannot be proven.
    """
    import torch

    template = next(
        (s for s, sig in base.slot_sig.items() if sig == signature and s in base.slot_params),
        None,
    )
    if template is None or base.model is None:
        return False
    params = base.slot_params[template]
    saved = _weights_like(ref, params)
    if saved is None:
        return False
    if base.tuner_layers is None:
        index_tuner_layers(base)
    layers = template_layers(base, template, params)
    if layers is None:
        return False
    from peft import LoraConfig

    try:
        config = LoraConfig.from_pretrained(str(ref.path))
    except Exception:
        return False
    config.inference_mode = True
    init_config = copy.copy(config)
    init_config.init_lora_weights = False  # the file's weights overwrite whatever is drawn
    model = base.model
    model.peft_config[slot] = config
    try:
        with LOAD_LOCK:  # a load in another thread may patch torch's init functions
            model.base_model._check_new_adapter_config(config)
            for layer in layers:
                layer.update_layer(
                    slot, layer.r[template], lora_alpha=layer.lora_alpha[template],
                    config=init_config,
                )  # fmt: skip
        new_params = mirror(layers, template, slot, params)
        if new_params is not None:
            with torch.no_grad():
                for key, param in new_params.items():
                    param.requires_grad_(False)
                    param.copy_(saved[key])
    except Exception:
        log.debug("cloning slot %s for layer %s failed", template, ref.key, exc_info=True)
        new_params = None
    if new_params is None:
        undo()
        return False
    base.adapters.add(slot)
    base.slot_sig[slot] = signature
    base.slot_params[slot] = new_params
    return True  # no LoRA module was added or removed: active and tuner_layers stay right


def index_tuner_layers(base: LoadedBase) -> None:
    """Find the LoRA modules once per structural change; decide if the fast switch is safe."""
    from peft.tuners.tuners_utils import BaseTunerLayer
    from peft.utils.other import AuxiliaryTrainingWrapper

    layers, auxiliary = [], False
    for module in base.model.modules():
        if isinstance(module, BaseTunerLayer):
            layers.append(module)
        elif isinstance(module, AuxiliaryTrainingWrapper):
            auxiliary = True
    base.tuner_layers = layers
    base.fast_switch = not auxiliary and all(
        hasattr(layer, "_active_adapter") and not layer.merged and not layer.disable_adapters
        for layer in layers
    )


def template_layers(
    base: LoadedBase, template: str, params: dict[str, torch.Tensor]
) -> list[Any] | None:
    """The LoRA modules holding ``template``, if they hold all of its mapped parameters and
    nothing a copy made by ``update_layer`` could miss (variants, merged weights ...)."""
    import torch
    from peft.tuners.lora import LoraLayer

    wanted = {id(p) for p in params.values()}
    found: set[int] = set()
    layers = []
    for layer in base.tuner_layers or ():
        names = getattr(layer, "adapter_layer_names", ())
        if not any(template in getattr(layer, n, ()) for n in names):
            continue
        if (
            not isinstance(layer, LoraLayer)
            or layer.merged
            or template in layer.lora_variant
            or template in layer.frozen_peft_weight_names
        ):
            return None
        for name in names:
            holder = getattr(layer, name, None)
            if holder is not None and template in holder:
                value = holder[template]
                if isinstance(value, torch.nn.Module):
                    found.update(id(p) for p in value.parameters())
                else:
                    found.add(id(value))
        layers.append(layer)
    return layers if layers and found == wanted else None


def mirror(
    layers: list[Any], template: str, slot: str, params: dict[str, torch.Tensor]
) -> dict[str, torch.Tensor] | None:
    """``slot``'s file key -> parameter map, if it mirrors ``template`` in every module."""
    import torch

    twin: dict[int, torch.Tensor] = {}
    for layer in layers:
        if slot in layer.lora_variant or slot in layer.frozen_peft_weight_names:
            return None
        for name in layer.adapter_layer_names + layer.other_param_names:
            holder = getattr(layer, name, None)
            if holder is None or not hasattr(holder, "keys"):
                continue
            if (template in holder) != (slot in holder):
                return None
            if template not in holder:
                continue
            old, new = holder[template], holder[slot]
            if isinstance(old, torch.Tensor) and isinstance(new, torch.Tensor):
                pairs = [(old, new)]
            elif isinstance(old, torch.nn.Module) and isinstance(new, torch.nn.Module):
                if type(old) is not type(new) and name != "lora_dropout":  # no-op in eval
                    return None
                old_named = dict(old.named_parameters())
                new_named = dict(new.named_parameters())
                if old_named.keys() != new_named.keys():
                    return None
                pairs = [(old_named[k], new_named[k]) for k in old_named]
            elif not isinstance(old, torch.nn.Module | torch.Tensor) and old == new:
                continue  # r, alpha, scaling, use_rslora ...
            else:
                return None
            for old_p, new_p in pairs:
                if old_p.shape != new_p.shape:
                    return None
                if old_p.dtype != new_p.dtype or old_p.device != new_p.device:
                    # as peft's own cast after add_adapter (fp16/bf16 adapters kept in fp32)
                    new_p.data = new_p.data.to(device=old_p.device, dtype=old_p.dtype)
                twin[id(old_p)] = new_p
    mapped = {key: twin.get(id(param)) for key, param in params.items()}
    if any(p is None for p in mapped.values()) or len(twin) != len(mapped):
        return None
    return mapped  # type: ignore[return-value]


# -- filling a slot (the cache decides which; these do it) ------------------------------------


def fill(
    base: LoadedBase,
    ref: LayerRef,
    signature: str | None,
    slot: str | None,
    device: str,
    drop_model: Callable[[LoadedBase], None],
) -> str:
    """Put ``ref`` into ``slot`` (taken over from an evicted layer) or into a new slot; the
    slot's name. Where a failure leaves the model in an unknown state, ``drop_model(base)``
    gives it up (the cache reloads it on the next use) and the error says to retry.
    """
    if slot is not None:
        try:
            if refill(base, slot, ref):
                return slot
            delete_adapter(base, slot)  # unmappable: rebuild it from scratch
        except Exception as exc:  # half-written slot: the model can no longer be trusted
            drop_model(base)
            raise AdapterCacheError(
                f"loading layer {ref.key} into a reused slot of base model {base.path} "
                f"failed ({exc}); the model was dropped and is reloaded on the next request, "
                "retry it"
            ) from exc
    slot = f"slot{base.slot_seq}"
    base.slot_seq += 1
    undo = functools.partial(_undo_clone, base, ref, slot, drop_model)
    if signature is not None and clone(base, ref, signature, slot, undo):
        return slot
    _load_adapter(base, ref, slot, device, drop_model)
    if signature is not None and index_slot(base, slot, ref):
        base.slot_sig[slot] = signature
    return slot


def _load_adapter(
    base: LoadedBase, ref: LayerRef, slot: str, device: str,
    drop_model: Callable[[LoadedBase], None],
) -> None:  # fmt: skip
    base.active = base.tuner_layers = None  # structure changes: recompute on next switch
    try:
        with LOAD_LOCK:
            peft_load(base, ref, slot, device)
    except Exception as exc:
        if not discard_partial(base, slot):
            drop_model(base)  # the model is in an unknown state: reload on next use
        raise AdapterCacheError(
            f"cannot load layer {ref.key} from {ref.path} into base model {base.path}: "
            f"{exc}; check the folder holds adapter_config.json + adapter_model.safetensors "
            "trained on this base model"
        ) from exc
    base.adapters.add(slot)


def _undo_clone(
    base: LoadedBase, ref: LayerRef, slot: str, drop_model: Callable[[LoadedBase], None]
) -> None:
    """Remove a clone that could not be proven; the layer is then loaded through peft."""
    base.active = base.tuner_layers = None
    try:
        base.model.delete_adapter(slot)
    except Exception as exc:  # the model is in an unknown state: reload it on next use
        drop_model(base)
        raise AdapterCacheError(
            f"loading layer {ref.key} into base model {base.path} failed; the model was "
            "dropped and is reloaded on the next request, retry it"
        ) from exc
