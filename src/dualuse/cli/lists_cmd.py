"""`dualuse lists info` and `dualuse lists update`: what lists are loaded, and refreshing them.

Thin: the manifest, staleness rule and update live in `dualuse.lists`; this module prints.
Other list commands (e.g. `diff`) register on `lists_app`.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dualuse.cli.common import state
from dualuse.lists.diff import ListDiff, diff_lists
from dualuse.lists.loading import default_snapshot_dir, load_paths
from dualuse.lists.manifest import Manifest, stale_lists
from dualuse.lists.snapshot import read_manifest, read_snapshot
from dualuse.lists.update import default_target, replaced_lists, update_snapshot

DEFAULT_MAX_AGE_DAYS = 30
MAX_AGE_ENV = "DUALUSE_MAX_LIST_AGE_DAYS"

lists_app = typer.Typer(help="Show and update the sanctions and export-control lists.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(lists_app, name="lists")


def manifest_table(manifest: Manifest, today: date, max_age_days: int) -> Table:
    """One row per list: id, publication date, age, entities, skipped rows, title."""
    table = Table(title="Lists", title_justify="left")
    table.add_column("list", no_wrap=True)
    table.add_column("published", no_wrap=True)
    for column in ("age (days)", "entities", "skipped"):
        table.add_column(column, justify="right")
    table.add_column("source")
    for info in manifest.lists:
        age = info.age_days(today)
        age_text = "unknown" if age is None else f"{age:,}"
        table.add_row(
            info.list_id,
            f"{info.published or 'undated'}\n[dim]{info.published_basis}[/]",
            f"[bold red]{age_text}[/]" if info.is_stale(today, max_age_days) else age_text,
            f"{info.entities:,}",
            f"{info.skipped:,}",
            info.title,
        )
    return table


def print_manifest(manifest: Manifest, max_age_days: int, where: str) -> None:
    """The table on stdout, then one loud warning per stale list on stderr."""
    today = date.today()
    out, err = Console(), Console(stderr=True)
    out.print(manifest_table(manifest, today, max_age_days))
    for listed in manifest.lists:
        if listed.skips:
            reasons = "; ".join(f"{count:,} {reason}" for reason, count in listed.skips.items())
            out.print(f"{listed.list_id} skipped rows: {reasons}", highlight=False)
    out.print(f"[dim]{where}; version {manifest.version}[/]", highlight=False)
    for info, age in stale_lists(manifest, today, max_age_days):
        when = (
            f"published {info.published}, {age} days ago" if age is not None else "publication date unknown"
        )
        err.print(
            f"[bold red]WARNING: {info.list_id} is stale ({when}; limit {max_age_days} days).[/] "
            "Screening against it misses newer designations: run "
            "`dualuse lists update --from PATH-or-URL` with the current official files.",
            highlight=False,
        )


@lists_app.command("info")
def info(
    ctx: typer.Context,
    max_age_days: Annotated[
        int,
        typer.Option("--max-age-days", envvar=MAX_AGE_ENV, min=0, help="Warn about lists older than this."),
    ] = DEFAULT_MAX_AGE_DAYS,
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest as JSON.")] = False,
) -> None:
    """Show every loaded list: source, publication date, age, entities and skipped rows."""
    chosen = state(ctx)
    if chosen.lists or chosen.watchlists:
        manifest = load_paths([*chosen.lists, *chosen.watchlists]).manifest
        where = "lists given with --lists/--watchlist"
    else:
        directory = default_snapshot_dir()
        manifest = read_manifest(directory)
        where = f"default snapshot {directory}, built {manifest.built}"
    if as_json:
        typer.echo(json.dumps(manifest.to_dict(), indent=2, ensure_ascii=False))
        return
    print_manifest(manifest, max_age_days, where)


@lists_app.command("update")
def update(
    origin: Annotated[
        str,
        typer.Option("--from", help="Folder of official files, or a URL base serving them (sdn.csv, ...)."),
    ],
    to: Annotated[
        Path | None,
        typer.Option(
            "--to", help="Write the snapshot here (default: package data if writable, else user data)."
        ),
    ] = None,
    max_age_days: Annotated[
        int, typer.Option("--max-age-days", envvar=MAX_AGE_ENV, min=0)
    ] = DEFAULT_MAX_AGE_DAYS,
) -> None:
    """Rebuild the default snapshot from newer official files; lists not offered are kept."""
    # The old snapshot is read once, here, for the diff, and handed to the update to carry over
    # (the `same_as` links the build rewrites on its entities are not part of a diff).
    current = replaced_lists(to or default_target())
    before = [entity for _, entities in current for entity in entities]
    directory, manifest = update_snapshot(origin, to, current=current)
    print_manifest(manifest, max_age_days, f"snapshot written to {directory}, built {manifest.built}")
    print_diff(Console(), diff_lists(before, read_snapshot(directory)[1]), DIFF_SAMPLE_DEFAULT)


DIFF_SAMPLE_DEFAULT = 15


def diff_table(result: ListDiff) -> Table:
    """Per list: entities added, removed and changed."""
    table = Table(title="What changed", title_justify="left")
    table.add_column("list")
    for column in ("added", "removed", "changed"):
        table.add_column(column, justify="right")
    for list_id, counts in result.by_list().items():
        table.add_row(list_id, *(f"{counts[kind]:,}" for kind in ("added", "removed", "changed")))
    table.add_row(
        "[bold]all[/]",
        *(f"[bold]{len(entities):,}[/]" for entities in (result.added, result.removed, result.changed)),
    )
    return table


def print_diff(console: Console, result: ListDiff, sample: int) -> None:
    """The per-list table, then up to `sample` entities of each kind with what changed."""
    if result.is_empty:
        console.print(f"No entity added, removed or changed ({result.unchanged:,} unchanged).")
        return
    console.print(diff_table(result))
    console.print(f"[dim]{result.unchanged:,} entities unchanged[/]", highlight=False)
    for label, entities in (("added", result.added), ("removed", result.removed)):
        for entity in entities[:sample]:
            console.print(f"  [bold]{label}[/] {entity.id}  {entity.name}", highlight=False, markup=True)
        if len(entities) > sample:
            console.print(f"  [dim]... and {len(entities) - sample:,} more {label}[/]")
    for change in result.changed[:sample]:
        console.print(f"  [bold]changed[/] {change.entity.id}  {change.entity.name}", highlight=False)
        for field_change in change.changes:
            moved = [*(f"+{v}" for v in field_change.added), *(f"-{v}" for v in field_change.removed)]
            console.print(
                f"      {field_change.name}: {'; '.join(moved)[:200]}", highlight=False, markup=False
            )
    if len(result.changed) > sample:
        console.print(f"  [dim]... and {len(result.changed) - sample:,} more changed[/]")


@lists_app.command("diff")
def diff(
    old: Annotated[
        Path, typer.Argument(help="Old lists: a snapshot folder or manifest.json, or official files.")
    ],
    new: Annotated[Path, typer.Argument(help="New lists, in any form `--lists` accepts.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print every added, removed and changed entity as JSON.")
    ] = False,
    sample: Annotated[
        int, typer.Option("--sample", min=0, help="Entities of each kind to show.")
    ] = DIFF_SAMPLE_DEFAULT,
) -> None:
    """What changed from OLD to NEW: entities added, removed and changed (which fields), by id."""
    result = diff_lists(load_paths([old]).entities, load_paths([new]).entities)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    print_diff(Console(), result, sample)
