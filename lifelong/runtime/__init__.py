"""The runtime: lifecycle, configuration, logging, the CLI."""

from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.runtime import Runtime

__all__ = ["Runtime", "RuntimeConfig"]
