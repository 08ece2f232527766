"""`dualuse goods "DESCRIPTION" [--hs CODE] [--json]`: classify one goods line.

Thin: the classifier lives in `dualuse.goods`; this module picks the tables and prints.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dualuse.errors import InputError
from dualuse.goods import GoodsAssessment, GoodsCandidate, GoodsClassifier, format_hs


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command(name="goods")(goods)


def goods(
    description: Annotated[str, typer.Argument(help="The goods description as written on the invoice.")] = "",
    hs: Annotated[
        str | None, typer.Option("--hs", help="Declared HS code (2 to 10 digits, dots allowed).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, max=50, help="Candidates to show.")] = 5,
    items: Annotated[
        list[Path] | None,
        typer.Option("--items", help="Further item list (CSV: hs_code,tier,category,...) to check against."),
    ] = None,
    scan: Annotated[
        bool, typer.Option("--scan", help="Treat DESCRIPTION as free text (remittance info) and scan it.")
    ] = False,
) -> None:
    """Classify one goods line: HS subheading, CHPL tier, EO 14114 category, and why."""
    if not description.strip() and not hs:
        raise InputError("give a DESCRIPTION, an --hs code, or both", field="description")
    classifier = GoodsClassifier.from_tables(*items) if items else GoodsClassifier.default()
    console = Console()
    if scan:
        found = classifier.scan_text(description)
        if as_json:
            typer.echo(json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=2))
        else:
            console.print(_candidate_table(found, "Goods found in the text"))
        return
    assessment = classifier.classify(description or None, hs, limit=limit)
    if as_json:
        typer.echo(json.dumps(assessment.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_assessment(console, assessment)


def _print_assessment(console: Console, assessment: GoodsAssessment) -> None:
    verdict = "[bold red]LISTED[/]" if assessment.listed else "[green]not listed[/]"
    declared = f"  declared HS {assessment.declared_hs}" if assessment.declared_hs else ""
    console.print(f"{verdict}{declared}")
    if assessment.consistency:
        console.print(
            f"[bold yellow]inconsistent HS code:[/] {escape(assessment.consistency)}", highlight=False
        )
    if assessment.vague:
        console.print("[yellow]vague description[/]")
    for note in assessment.notes:
        console.print(f"[dim]note:[/] {escape(note)}", highlight=False)
    console.print(_candidate_table(assessment.candidates, "Candidates (best first)"))
    if assessment.best:
        console.print(f"[bold]why:[/] {escape(assessment.best.explanation)}", highlight=False)


def _shorten(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _candidate_table(candidates: list[GoodsCandidate], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("HS", no_wrap=True)
    table.add_column("CHPL tier", justify="center")
    table.add_column("lists / categories")
    table.add_column("conf.", justify="right")
    table.add_column("source")
    table.add_column("evidence")
    table.add_column("HS text")
    for c in candidates:
        lists = escape(", ".join(c.item_lists)) + (
            f"\n[dim]{escape(', '.join(c.categories))}[/]" if c.categories else ""
        )
        table.add_row(
            format_hs(c.hs6),
            c.chpl_tier or "-",
            lists or "-",
            f"{c.confidence:.2f}",
            c.source,
            escape(", ".join(c.evidence)),
            escape(_shorten(c.hs_heading_text)),
        )
    return table
