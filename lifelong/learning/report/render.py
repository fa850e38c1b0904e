"""The report as one HTML page: ``templates/report.html.j2`` filled from :func:`build_report`'s
dict, with inline CSS and inline SVG charts and nothing external.

The jinja2 environment autoescapes, so stored text (personas, samples, error messages: user or
model output) is escaped wherever the template puts it; the charts come in as ``Markup`` and
escape their own labels.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from lifelong.learning.report import display
from lifelong.learning.report.charts import line_chart, point_chart

if TYPE_CHECKING:
    import jinja2

__all__ = ["render_html"]

TEMPLATE = "report.html.j2"


def render_html(report: Mapping[str, Any]) -> str:
    """The report as one HTML page with inline CSS and inline SVG, and nothing external."""
    return _environment().get_template(TEMPLATE).render(report=report, charts=_charts(report))


@functools.cache
def _environment() -> jinja2.Environment:
    # Imported here, not at module level: `import lifelong` must stay quick, and only writing a
    # report needs a template engine.
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lifelong.learning.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a misspelt key fails the render, not shows blank
        finalize=display.text,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        when=display.when,
        window=display.window,
        num=display.num,
        reason=display.reason,
        estimate=display.estimate,
        describe=display.describe,
    )
    env.globals["nll_rows"] = display.nll_rows
    return env


def _charts(report: Mapping[str, Any]) -> dict[str, dict[str, Markup]]:
    """Every chart on the page, by section and key (trait or job id), drawn here because
    shaping their series is Python's job; the template only places them.
    """
    quality = report["quality"]
    by_day = quality["bucket"] == "day"
    return {
        "quality": {
            trait: line_chart(
                {trait: [(p["start"], p["mean"]) for p in points]},
                title=f"quality: {trait} ({sum(p['count'] for p in points)} scored)",
                y_range=(0.0, 1.0),
                x_format=lambda ts: display.when(ts, hour=not by_day),
            )
            for trait, points in quality["traits"].items()
        },
        "loss": {
            s["id"]: line_chart(
                # Steps are recorded by the trainer; a row without one is placed by its order.
                {
                    "loss": [
                        (i if step is None else step, v) for i, (step, v) in enumerate(s["loss"])
                    ]
                },
                title=f"loss by step: {s['id']}",
            )
            for s in report["sessions"]
        },
        "nll": {
            trait: _nll_chart(trait, entry["versions"]) for trait, entry in report["genome"].items()
        },
    }


def _nll_chart(trait: str, versions: list[Mapping[str, Any]]) -> Markup:
    """Held-out NLL of base, active and candidate for each version that was auto-tested."""
    groups = [
        (f"v{v['version']}", {k: b.get("nll") for k, b in v["auto_test"]["heldout"].items() if b})
        for v in versions
        if v["auto_test"].get("heldout")
    ]
    return point_chart(groups, title=f"held-out NLL per version: {trait}") if groups else Markup("")
