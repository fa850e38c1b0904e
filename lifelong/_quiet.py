"""A library prints nothing its host did not ask for.

Python's last-resort handler writes any WARNING of a logger without handlers to stderr: a
chat program embedding the runtime saw APScheduler's "skipped: maximum number of running
instances reached" in the middle of its streamed replies. ``lifelong``'s and APScheduler's
loggers get a :class:`logging.NullHandler` (records still propagate to whatever handlers the
host configures), and the model libraries' progress bars ("Loading weights: 100%") are
turned off the first time a model is loaded.
"""

from __future__ import annotations

import logging

__all__ = ["quiet_loggers", "quiet_model_libraries"]

_models_quiet = False


def quiet_loggers() -> None:
    for name in ("lifelong", "apscheduler"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def quiet_model_libraries() -> None:
    """No progress bars from transformers and huggingface_hub (process-wide, once)."""
    global _models_quiet
    if _models_quiet:
        return
    _models_quiet = True
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover - transformers is a dependency
        pass
    try:
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()
    except ImportError:  # pragma: no cover
        pass
