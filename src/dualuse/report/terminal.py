"""The terminal summary of a screening run (Rich tables): decisions, reason kinds, top rules,
top matched entities. Renders to the console it is given."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from dualuse.model import DECISIONS
from dualuse.screening.summary import Summary

TOP = 10


def print_summary(console: Console, summary: Summary, *, seconds: float) -> None:
    rate = summary.screened / seconds if seconds > 0 else 0.0
    console.print(
        f"[bold]Screened {summary.screened:,} transactions[/] in {seconds:.1f} s ({rate:,.0f}/s); "
        f"{summary.flagged:,} flagged, {summary.rejected:,} input lines rejected."
    )
    decisions = Counter({d: summary.decisions[d] for d in DECISIONS})
    tables = [
        _table("Decision", decisions, summary.screened, ordered=True),
        _table("Reason kind", summary.reason_kinds, None),
        _table("Top rules", summary.rules, None),
        _table("Top matched entities", summary.entities, None),
    ]
    for table in tables:
        if table.row_count:
            console.print(table)


def _table(title: str, counts: Counter[str], total: int | None, *, ordered: bool = False) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column(title.split()[-1].capitalize() if title.startswith("Top") else title)
    table.add_column("count", justify="right")
    if total:
        table.add_column("share", justify="right")
    items = list(counts.items()) if ordered else counts.most_common(TOP)
    for label, count in items:
        share = [f"{100 * count / total:.1f}%"] if total else []
        table.add_row(label, f"{count:,}", *share)
    return table
