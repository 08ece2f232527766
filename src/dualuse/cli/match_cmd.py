"""`dualuse match NAME [--country CC] [--schema S] [--limit N] [--json]`: rank listed entities.

Thin: the matcher lives in `dualuse.names`; this module loads the lists (the global `--lists`
and `--watchlist` options), builds the matcher once and prints the hits.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from dualuse.cli.common import state
from dualuse.countries import to_iso2
from dualuse.errors import InputError
from dualuse.lists import load_sources
from dualuse.model import SCHEMAS, Entity
from dualuse.names.threshold import DEFAULT_THRESHOLD

if TYPE_CHECKING:
    from dualuse.names import NameHit


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command(name="match")(match)


def match(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The name to look for, in any script.")],
    country: Annotated[
        str | None, typer.Option("--country", help="ISO 3166-1 alpha-2 country of the party.")
    ] = None,
    schema: Annotated[
        str | None,
        typer.Option("--schema", help="Person, Organization, Company, Vessel, Airplane, LegalEntity."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100, help="Hits to show.")] = 5,
    threshold: Annotated[
        float,
        typer.Option("--threshold", min=0.0, max=1.0, help="Lowest score shown (0 ranks everything)."),
    ] = DEFAULT_THRESHOLD,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Rank list entities against one name, and say why each one matched."""
    if not name.strip():
        raise InputError("the name is empty", field="NAME")
    if schema is not None and schema not in SCHEMAS:
        raise InputError(f"unknown schema {schema!r}; expected one of {', '.join(SCHEMAS)}", field="--schema")
    iso2 = to_iso2(country) if country else None
    if country and iso2 is None:
        raise InputError(f"unknown country {country!r}", field="--country")
    from dualuse.names import NameMatcher

    matcher = NameMatcher(_entities(ctx))
    hits = matcher.match(name, country=iso2, schema=schema, limit=limit, threshold=threshold)
    if as_json:
        typer.echo(json.dumps([hit.to_dict() for hit in hits], ensure_ascii=False, indent=2))
        return
    _print_hits(Console(), name, hits, threshold)


def _entities(ctx: typer.Context) -> list[Entity]:
    options = state(ctx)
    lists, watched = load_sources(options.lists, options.watchlists)
    return [*lists.entities, *watched]


def _print_hits(console: Console, name: str, hits: list[NameHit], threshold: float) -> None:
    if not hits:
        console.print(f"No listed entity scores {threshold:.2f} or more for {name!r}.", highlight=False)
        return
    table = Table(title=f"Listed entities for {name!r} (best first)", title_justify="left")
    for column in ("score", "entity", "list", "matched name", "alias"):
        table.add_column(column, no_wrap=column in ("score", "entity"))
    for hit in hits:
        table.add_row(f"{hit.score:.2f}", hit.entity.id, hit.entity.list_id, hit.matched_name, hit.alias_kind)
    console.print(table)
    for hit in hits:
        console.print(f"[bold]{hit.entity.id}[/]: {hit.explanation}", highlight=False)
