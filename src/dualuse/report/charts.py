"""Small inline SVG charts for the HTML report: no JavaScript, no library, no network.

Every chart is a horizontal bar chart with its numbers written on the bars, so it reads the same
printed, in a mail client, or on an air-gapped analyst workstation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 300
BAR_AREA = 300
LABEL_CHARS = 40
PALETTE = {"clear": "#2e7d32", "review": "#f9a825", "block": "#c62828"}
DEFAULT_COLOUR = "#1f5f8b"


def bar_chart(
    title: str,
    counts: Mapping[str, int] | Sequence[tuple[str, int]],
    *,
    limit: int = 10,
    colours: Mapping[str, str] | None = None,
    keep_order: bool = False,
) -> str:
    """An SVG bar chart of the `limit` largest counts (or the first ones, in the given order,
    with `keep_order`), scaled to its container, with an accessible title."""
    items = list(counts.items()) if isinstance(counts, Mapping) else list(counts)
    items = (items if keep_order else sorted(items, key=lambda item: -item[1]))[:limit]
    if not items:
        return f'<p class="empty">{escape(title)}: nothing to chart.</p>'
    largest = max(count for _, count in items) or 1
    height = len(items) * (BAR_HEIGHT + BAR_GAP) + 30
    width = LABEL_WIDTH + BAR_AREA + 70
    rows = []
    for index, (label, count) in enumerate(items):
        y = 28 + index * (BAR_HEIGHT + BAR_GAP)
        length = max(2.0, BAR_AREA * count / largest)
        colour = (colours or PALETTE).get(label, DEFAULT_COLOUR)
        shown = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        rows.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" class="label">'
            f"<title>{escape(label)}</title>{escape(shown)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" rx="3" '
            f'fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 15}" class="value">{count:,}</text>'
        )
    return (
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="xMinYMin meet" style="width:100%;height:auto" xmlns="http://www.w3.org/2000/svg">'
        f'<text x="0" y="16" class="chart-title">{escape(title)}</text>{"".join(rows)}</svg>'
    )
