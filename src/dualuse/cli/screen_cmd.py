"""`dualuse screen`: screen a file of transactions; results as JSON Lines, a summary on the
terminal, progress on stderr, optionally a rejects file and a self-contained HTML report."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from dualuse.cli.common import state
from dualuse.errors import DualuseError, InputError
from dualuse.io import atomic_text_writer, iter_records
from dualuse.io.readers import FORMATS
from dualuse.report import ReportContext, render_report
from dualuse.report.terminal import print_summary
from dualuse.rules import load_rules
from dualuse.screening import Screener
from dualuse.screening.parallel import Outcome, screen_file
from dualuse.screening.summary import Summary


def register(app: typer.Typer) -> None:
    """Add `screen` to the main app."""
    app.command("screen")(screen)


def screen(
    ctx: typer.Context,
    input: Annotated[
        Path, typer.Argument(help="Transactions: JSONL, CSV, Parquet, ISO 20022 XML or SWIFT MT.")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Results file (JSON Lines); stdout if absent.")
    ] = None,
    format: Annotated[str | None, typer.Option("--format", help=f"One of {', '.join(FORMATS)}.")] = None,
    rules: Annotated[
        Path | None, typer.Option("--rules", help="YAML rule file replacing the defaults.")
    ] = None,
    watchlist: Annotated[
        list[Path] | None, typer.Option("--watchlist", help="Custom or adverse-media watchlist (JSONL).")
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Skip bad records instead of stopping.")
    ] = False,
    rejects: Annotated[
        Path | None, typer.Option("--rejects", help="Where skipped records are listed.")
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write a self-contained HTML report.")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processes screening in parallel.")] = (
        os.cpu_count() or 1
    ),
) -> None:
    """Screen every transaction in INPUT and write one explained decision per transaction."""
    if rejects is not None and not skip_invalid:
        raise typer.BadParameter("--rejects needs --skip-invalid", param_hint="--rejects")
    options = state(ctx)
    console = Console(stderr=out is None)
    errors = Console(stderr=True)
    ruleset = load_rules(rules) if rules else None
    screener = Screener.from_paths(options.lists, [*options.watchlists, *(watchlist or [])], rules=ruleset)
    iter_records(input, format)  # fails now, before any work, on a missing file or unknown format
    summary = Summary()
    started = time.perf_counter()
    with ExitStack() as stack:
        results = stack.enter_context(atomic_text_writer(out)) if out else sys.stdout
        rejected = stack.enter_context(atomic_text_writer(rejects)) if rejects else None
        progress = stack.enter_context(_progress(errors))
        outcomes = screen_file(screener, lambda: iter_records(input, format), workers=workers)
        for outcome in _tracked(outcomes, progress):
            _record(outcome, summary, results, rejected, skip_invalid=skip_invalid)
    elapsed = time.perf_counter() - started
    if report:
        context = ReportContext(
            input_name=input.name,
            generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            lists_version=screener.lists_version,
            rules_origin=screener.rules.origin,
            rules_count=len(screener.rules),
        )
        with atomic_text_writer(report) as page:
            page.write(render_report(summary, context))
    print_summary(console, summary, seconds=elapsed)
    if summary.rejected and not rejects:
        errors.print(f"[yellow]{summary.rejected:,} records skipped[/] (list them with --rejects FILE)")


def _record(
    outcome: Outcome, summary: Summary, results: TextIO, rejected: TextIO | None, *, skip_invalid: bool
) -> None:
    if outcome.error is not None:
        if not skip_invalid:
            raise outcome.error
        summary.add_rejected()
        if rejected is not None:
            rejected.write(json.dumps(_reject_line(outcome.error), ensure_ascii=False) + "\n")
        return
    if outcome.decision is None or outcome.text is None:
        raise DualuseError(f"{outcome.file}:{outcome.line}: no result")
    summary.add_json(outcome.decision, outcome.text)
    results.write(outcome.text + "\n")


def _reject_line(error: InputError) -> dict[str, Any]:
    return {"file": error.file, "line": error.line, "field": error.field, "error": error.message}


def _progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("screening"),
        TextColumn("{task.completed:,} transactions"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def _tracked(outcomes: Iterator[Outcome], progress: Progress) -> Iterator[Outcome]:
    task = progress.add_task("screen", total=None, rate="")
    started = time.perf_counter()
    for count, outcome in enumerate(outcomes, start=1):
        yield outcome
        if count % 500 == 0:
            rate = count / max(time.perf_counter() - started, 1e-9)
            progress.update(task, completed=count, rate=f"{rate:,.0f}/s")
