"""Importing lifelong loads no model stack: a chat process that only records, or a CLI call
that only lists, never pays for torch (seconds and hundreds of MB).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("torch", "transformers", "peft", "trl", "sentence_transformers")


@pytest.mark.parametrize(
    "module", ["lifelong", "lifelong.cli", "lifelong.learning.evaluation",
               "lifelong.adapters.local_peft", "lifelong.engine.serving"],
)  # fmt: skip
def test_importing_lifelong_loads_no_model_stack(module: str) -> None:
    # Every public name touched too: a lazy attribute that loads torch would not count.
    code = (
        f"import sys, {module} as m; [getattr(m, n) for n in getattr(m, '__all__', ())]; "
        f"print(sorted(h for h in {HEAVY!r} if h in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
