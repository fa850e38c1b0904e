"""Write the HTTP API's OpenAPI schema: ``python -m lifelong.service.openapi [PATH]``.

A copy is checked in at ``docs/openapi.json`` for clients generated from it; a test fails
when the API changes and the copy was not written again.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["main", "schema"]


def schema() -> dict[str, Any]:
    """The schema of the app as ``lifelong serve`` builds it (no runtime is started)."""
    from lifelong.runtime.config import RuntimeConfig
    from lifelong.service.app import create_app

    with tempfile.TemporaryDirectory() as home:
        return create_app(RuntimeConfig(home=Path(home), background=False)).openapi()


def render() -> str:
    return json.dumps(schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/openapi.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")  # noqa: T201 (a command)


if __name__ == "__main__":
    main()
