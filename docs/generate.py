"""Write the generated pages of the documentation: the configuration reference (from the
config models: every key, its type, default and description) and the HTTP reference (from the
OpenAPI schema). ``tests/unit/test_docs.py`` fails when either is stale:

    .venv/bin/python docs/generate.py
"""

from __future__ import annotations

import dataclasses
import json
import sys
import typing
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))


def _type(annotation: Any) -> str:
    text = str(annotation).replace("typing.", "").replace("pathlib.", "")
    text = text.replace("<class '", "").replace("'>", "").replace("pydantic.types.", "")
    return text.replace("NoneType", "None").replace("|", "\\|")  # a bar ends a table cell


def configuration() -> str:
    from lifelong.adapters.local_peft import LocalPeftConfig
    from lifelong.runtime.config import RuntimeConfig

    lines = [
        "# Configuration reference",
        "",
        "Generated from the config models (`docs/generate.py`). Every key is set in code",
        "(`RuntimeConfig(...)`), as a `LIFELONG_*` environment variable (sections with `__`:",
        "`LIFELONG_TRAINING__PROVIDERS`), or in the TOML file named by `LIFELONG_CONFIG` or",
        "`--config` (under `[lifelong]`), in that order of precedence. A mistake is a",
        "`ConfigError` naming the key, where its value came from and what to do.",
        "",
    ]

    def table(model: Any, prefix: str) -> list[str]:
        rows = ["| key | type | default | |", "|---|---|---|---|"]
        for name, field in model.model_fields.items():
            if hasattr(field.annotation, "model_fields"):
                continue
            default = field.get_default(call_default_factory=True)
            shown = "" if default is None else f"`{json.dumps(default, default=str)}`"
            description = (field.description or "").replace("|", "\\|").replace("\n", " ")
            rows.append(f"| `{prefix}{name}` | `{_type(field.annotation)}` | {shown} | "
                        f"{description} |")  # fmt: skip
        return rows

    lines += ["## Top level", "", *table(RuntimeConfig, ""), ""]
    for name, field in RuntimeConfig.model_fields.items():
        if hasattr(field.annotation, "model_fields"):
            doc = (field.annotation.__doc__ or "").strip().splitlines()[0]
            lines += [f"## `{name}`", "", doc, "", *table(field.annotation, f"{name}."), ""]
    lines += ["## `training.local`", "", "The local trainer's hyperparameters "
              "(`LocalPeftConfig`): `[lifelong.training.local]`.", "",
              "| key | type | default |", "|---|---|---|"]  # fmt: skip
    hints = typing.get_type_hints(LocalPeftConfig)
    defaults = LocalPeftConfig()
    for f in dataclasses.fields(LocalPeftConfig):
        if f.name != "base_model":
            lines.append(f"| `{f.name}` | `{_type(hints[f.name])}` | "
                         f"`{getattr(defaults, f.name)}` |")  # fmt: skip
    return "\n".join(lines) + "\n"


def http() -> str:
    schema = json.loads((DOCS / "openapi.json").read_text())
    lines = [
        "# HTTP reference",
        "",
        "Generated from the OpenAPI schema (`docs/openapi.json`, served at `/openapi.json`;",
        "the interactive page at `/docs`). Every call sends `Authorization: Bearer llt_...`",
        "(the rights each needs are in [HTTP and the dashboard](http.md)); errors are",
        '`{"error": {"type", "message", "field"?}}` (OpenAI\'s shape under `/v1`).',
        "",
    ]
    by_tag: dict[str, list[str]] = {}
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            tag = (op.get("tags") or ["other"])[0]
            summary = (op.get("description") or op.get("summary") or "").strip().splitlines()
            first = (summary[0] if summary else "").replace("``", "`").replace("|", "\\|")
            by_tag.setdefault(tag, []).append(f"| `{method.upper()}` | `{path}` | {first} |")
    for tag in sorted(by_tag):
        lines += [f"## {tag}", "", "| | path | |", "|---|---|---|", *by_tag[tag], ""]
    return "\n".join(lines) + "\n"


PAGES = {"configuration.md": configuration, "http-api.md": http}


def main() -> None:
    for name, render in PAGES.items():
        (DOCS / name).write_text(render())
        sys.stdout.write(f"wrote docs/{name}\n")


if __name__ == "__main__":
    main()
