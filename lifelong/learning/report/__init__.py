"""Per-persona reports: a JSON document for machines and one self-contained HTML page for people.

The page has no scripts and no external references at all (styles inline, charts drawn as
inline SVG), so it can be mailed, archived or opened from a CI artifact offline. Personas,
samples and error messages are user or model output, so the page template autoescapes them.

- :mod:`.data` shapes the repository's rows into the report dict (the JSON),
- :mod:`.charts` draws the SVG charts,
- :mod:`.display` turns values into the text people read,
- :mod:`.render` fills ``templates/report.html.j2`` (jinja2, imported only when rendering),
- :mod:`.files` writes the HTML and JSON files atomically.
"""

from lifelong.learning.report.charts import (
    MAX_CHART_POINTS,
    NLL_COLORS,
    PALETTE,
    line_chart,
    point_chart,
)
from lifelong.learning.report.data import REPORT_VERSION, UNASSIGNED, build_report
from lifelong.learning.report.files import write_report
from lifelong.learning.report.render import render_html

__all__ = [
    "MAX_CHART_POINTS",
    "NLL_COLORS",
    "PALETTE",
    "REPORT_VERSION",
    "UNASSIGNED",
    "build_report",
    "line_chart",
    "point_chart",
    "render_html",
    "write_report",
]
