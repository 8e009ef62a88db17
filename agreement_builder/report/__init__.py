"""Reports: one :class:`Report` per checked file, written as text, JSON, SARIF or GitHub
annotations (docs/report-format.md)."""

from .formats import (
    FORMATS,
    format_summary,
    render,
    render_one,
    report_text,
    streams,
    summary_line,
)
from .model import Report, RuleInfo

__all__ = [
    "FORMATS",
    "Report",
    "RuleInfo",
    "format_summary",
    "render",
    "render_one",
    "report_text",
    "streams",
    "summary_line",
]
