"""`dualuse media ingest PATH...`: news articles -> stories, organisations, figures, watchlist.

Thin: reading, clustering and extraction live in `dualuse.media`; this module chooses the lists
to match against (the global `--lists`/`--watchlist`), prints and writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dualuse.cli.common import CliState, state
from dualuse.lists import load_sources
from dualuse.model import Entity

if TYPE_CHECKING:
    from dualuse.media import MediaReport

media_app = typer.Typer(
    help="Adverse media: stories, named suppliers and figures from news.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(media_app, name="media")


@media_app.command("ingest")
def ingest_command(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Article files (.txt, .html, .jsonl) or folders.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print everything as JSON.")] = False,
    watchlist_out: Annotated[
        Path | None,
        typer.Option("--watchlist-out", help="Write the organisations as a custom watchlist (JSONL)."),
    ] = None,
    all_organisations: Annotated[
        bool, typer.Option("--all-organisations", help="Export every organisation, not only suppliers.")
    ] = False,
    screen: Annotated[
        bool, typer.Option("--screen/--no-screen", help="Match organisations against the lists.")
    ] = True,
) -> None:
    """Read news articles, cluster copies of a story and extract who supplies what, with evidence."""
    # Imported here: clustering pulls in datasketch and scipy, which other commands never need.
    from dualuse.countries import to_iso2
    from dualuse.goods import GoodsClassifier
    from dualuse.media import MediaOptions, ingest, read_articles, write_jsonl_atomic
    from dualuse.media.watchlist import watchlist_rows

    err = Console(stderr=True)
    articles = read_articles(paths)
    options = MediaOptions(goods=GoodsClassifier.default(), resolve_country=to_iso2)
    if screen:
        with err.status("building the name index over the lists"):
            options.matcher, options.notes = _matcher(state(ctx))
    report = ingest(articles, options)
    rows = watchlist_rows(report, suppliers_only=not all_organisations)
    if watchlist_out is not None:
        count = write_jsonl_atomic(watchlist_out, rows)
        err.print(f"wrote {count} watchlist rows to {watchlist_out}", highlight=False)
    if as_json:
        json.dump({**report.to_dict(), "watchlist": rows}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print_summary(Console(), report)


def _matcher(cli: CliState) -> tuple[Any, list[str]]:
    from dualuse.names import NameMatcher

    lists, watched = load_sources(cli.lists, cli.watchlists)
    entities: list[Entity] = [*lists.entities, *watched]
    note = f"organisations matched against {len(entities):,} list entities ({lists.version})"
    return NameMatcher(entities), [note]


def print_summary(console: Console, report: MediaReport) -> None:
    dropped = sum(len(a.dropped) for a in report.articles)
    console.print(
        f"[bold]{_count(len(report.articles), 'article')}[/], {_count(dropped, 'boilerplate line')} dropped, "
        f"[bold]{_count(len(report.stories), 'story', 'stories')}[/]",
        highlight=False,
    )
    for note in report.notes:
        console.print(f"[dim]{note}[/]", highlight=False)
    for story in report.stories:
        console.print(_story_table(report, story.id))
        for conflict in story.figure_conflicts:
            console.print(
                f"  [bold yellow]figures disagree:[/] {escape(conflict.explanation)}", highlight=False
            )
    _print_organisations(console, report)
    console.print(_figure_table(report))
    _print_names(console, "persons", [m.name for m in report.persons])
    _print_names(console, "countries", [f"{m.name} ({m.country})" for m in report.countries])
    goods = [f"{m.name} -> HS {m.details.get('hs6')} tier {m.details.get('chpl_tier')}" for m in report.goods]
    _print_names(console, "goods", goods)


def _story_table(report: MediaReport, story_id: str) -> Table:
    story = next(s for s in report.stories if s.id == story_id)
    table = Table(title=escape(f"{story.id}: {story.title or ''}"), title_justify="left")
    for column in ("article", "label", "similarity", "sections", "url"):
        table.add_column(column)
    for member in story.members:
        sections = ", ".join(str(s) for s in member.sections)
        row = (member.article, member.label, f"{member.similarity:.2f}", sections, member.url or "")
        table.add_row(*(escape(cell) for cell in row))
    return table


def _print_organisations(console: Console, report: MediaReport) -> None:
    """Each organisation: names, list matches, then its evidence sentence per story with the name marked."""
    console.rule("Organisations")
    for org in report.organisations:
        countries = f" ({', '.join(org.countries)})" if org.countries else ""
        tie = "[bold red]tied to Russia's military supply[/]" if org.supplies_russia else "named"
        stories = _count(org.story_count, "story", "stories")
        console.print(f"[bold]{escape(org.name)}[/]{countries} [dim]{org.schema}[/], {tie} in {stories}")
        others = [n for n in org.names if n != org.name]
        if others:
            console.print(f"  also written: {escape('; '.join(others))}", highlight=False)
        for match in org.list_matches:
            line = f"{match.entity_id} {match.name} (as {match.matched_name!r}, score {match.score:.2f})"
            if match.also_listed:
                line += f"; also listed as {', '.join(match.also_listed)}"
            console.print(f"  [bold yellow]on the lists:[/] {escape(line)}", highlight=False)
        for item in org.evidence:
            marked = _marked(item.sentence, org.names)
            console.print(
                f"  [dim]{escape(item.article)} sentence {item.sentence_index}:[/] {marked}", highlight=False
            )


def _marked(sentence: str, names: list[str]) -> str:
    """The sentence, escaped for Rich, with the first of `names` found in it in bold."""
    for name in sorted(names, key=len, reverse=True):
        position = sentence.find(name)
        if position >= 0:
            end = position + len(name)
            return f"{escape(sentence[:position])}[bold]{escape(name)}[/]{escape(sentence[end:])}"
    return escape(sentence)


def _figure_table(report: MediaReport) -> Table:
    """Each distinct figure of each story once, with the number of articles that give it."""
    from dualuse.media.types import story_index

    table = Table(title="Figures (once per story)", title_justify="left")
    for column in ("story", "figure", "measures", "period", "from", "articles"):
        table.add_column(column)
    seen: dict[tuple[str, ...], set[str]] = {}
    rows: dict[tuple[str, ...], tuple[str, ...]] = {}
    story_by_section = story_index(report.stories)
    for figure in report.figures:
        story = story_by_section.get((figure.provenance.article, figure.provenance.section))
        if figure.kind == "year" or story is None:
            continue
        key = (
            story,
            figure.kind,
            f"{figure.value:g}",
            figure.unit,
            figure.qualifier or "",
            figure.subject or "",
        )
        seen.setdefault(key, set()).add(figure.provenance.article)
        rows.setdefault(
            key, (story, figure.text, figure.subject or "", figure.period or "", figure.origin or "")
        )
    for group, cells in rows.items():
        table.add_row(*(escape(cell) for cell in cells), str(len(seen[group])))
    return table


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _print_names(console: Console, label: str, names: list[str]) -> None:
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    listed = ", ".join(f"{name} ({count})" if count > 1 else name for name, count in counts.items())
    console.print(f"[bold]{label}:[/] {escape(listed) or '-'}", highlight=False)
