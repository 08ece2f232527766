"""The self-contained HTML report of a screening run."""

from __future__ import annotations

from dualuse.report.html import ReportContext, render_report

__all__ = ["ReportContext", "render_report"]
