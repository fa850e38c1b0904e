"""The runtime: lifecycle, jobs, events, configuration, logging, the CLI."""

from lifelong.events import LifelongEvent
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.runtime import Runtime
from lifelong.runtime.sync import SyncPersona, SyncRuntime

__all__ = ["LifelongEvent", "Runtime", "RuntimeConfig", "SyncPersona", "SyncRuntime"]
