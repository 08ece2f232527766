"""`dualuse media ingest` end to end, through the real command-line app."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dualuse.cli import app
from dualuse.lists import read_watchlist

MEDIA = Path(__file__).parent.parent / "fixtures" / "media"
ARTICLES = MEDIA / "articles"
LISTS = MEDIA / "lists" / "entities.jsonl"
runner = CliRunner()


def test_summary_shows_stories_labels_organisations_list_matches_and_figures(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["--lists", str(LISTS), "media", "ingest", str(ARTICLES)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "8 articles" in out and "3 stories" in out
    for label in ("canonical", "copy", "rewrite", "contains"):
        assert label in out
    assert "on the lists: test_sdn:2 ALTYN LOGISTICS LLC" in out
    assert "Altyn Logistics LLC re-exported them to Russia within days." in out
    assert "figures disagree" in out and "more than 70%" in out


def test_json_has_everything_and_the_watchlist_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "watchlist.jsonl"
    args = ["--lists", str(LISTS), "media", "ingest", str(ARTICLES), "--json", "--watchlist-out", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {
        "articles",
        "stories",
        "organisations",
        "persons",
        "countries",
        "goods",
        "figures",
        "watchlist",
    } <= set(data)
    assert len(data["stories"]) == 3
    altyn = next(o for o in data["organisations"] if o["name"] == "Altyn Logistics LLC")
    assert altyn["story_count"] == 1 and altyn["list_matches"][0]["entity_id"] == "test_sdn:2"
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert rows == data["watchlist"]
    assert {e.id for e in read_watchlist(target)} == {row["id"] for row in rows}


def test_bad_input_exits_with_status_one_and_a_located_message(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"url": "https://x.example/a"}\n', encoding="utf-8")
    result = runner.invoke(app, ["media", "ingest", str(feed), "--no-screen"])
    assert result.exit_code != 0
    assert "feed.jsonl:1" in str(result.exception) and "text" in str(result.exception)


def test_all_organisations_exports_sources_too_and_no_screen_skips_the_lists(tmp_path: Path) -> None:
    target = tmp_path / "all.jsonl"
    args = [
        "media",
        "ingest",
        str(ARTICLES),
        "--no-screen",
        "--all-organisations",
        "--watchlist-out",
        str(target),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    names = {row["names"][0] for row in rows}
    assert {"Baltic Trade Monitor", "Altyn Logistics LLC"} <= names
    assert all(row["list_matches"] == [] for row in rows)
    assert "on the lists" not in result.output
