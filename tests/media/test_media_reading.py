"""Reading .txt, .html, .jsonl files and folders; bad records fail with file, line and field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dualuse.errors import InputError
from dualuse.media.reader import read_articles, write_jsonl_atomic

FIXTURES = Path(__file__).parent.parent / "fixtures" / "media" / "articles"


def test_a_folder_is_read_in_name_order_with_every_supported_file() -> None:
    articles = read_articles([FIXTURES])
    ids = [a.id for a in articles]
    assert ids[:2] == ["https://feed.example/harbour-bridge", "https://feed.example/lathes"]
    assert {"roundup.txt", "wire_copy.html", "wire_original.txt", "wire_rewrite.txt"} <= set(ids)
    assert "SOURCE.md" not in ids


def test_html_main_text_is_extracted_without_navigation_share_buttons_or_footer() -> None:
    (article,) = read_articles([FIXTURES / "wire_copy.html"])
    assert article.url == "https://mirror.example/news/chips-drone-maker"
    assert article.title is not None and article.title.startswith("Shell companies in Hong Kong")
    assert "Altyn Logistics LLC re-exported them to Russia within days." in article.text
    for furniture in ("Share on Facebook", "Related stories", "Copyright", "Follow us", "Home"):
        assert furniture not in article.text


def test_jsonl_records_keep_url_title_and_published_date() -> None:
    articles = read_articles([FIXTURES / "feed.jsonl"])
    bridge, lathes = articles
    assert bridge.url == "https://feed.example/harbour-bridge" and bridge.published == "2024-05-02"
    assert "pedestrian bridge across the inner harbour" in bridge.text
    assert "Subscribe" not in bridge.text
    assert lathes.title is not None and lathes.title.startswith("Turkish machine-tool exporter")
    assert "Share this article" not in lathes.text
    assert lathes.source.endswith("feed.jsonl:2")


def test_a_record_without_text_or_html_names_file_line_and_field(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"url": "a", "text": "Some text of a report."}\n{"url": "b", "title": "x"}\n')
    with pytest.raises(InputError) as caught:
        read_articles([feed])
    assert (caught.value.line, caught.value.field) == (2, "text")
    assert "feed.jsonl" in str(caught.value)


def test_a_field_of_the_wrong_type_is_named(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"url": 5, "text": "Some text."}\n')
    with pytest.raises(InputError) as caught:
        read_articles([feed])
    assert (caught.value.line, caught.value.field) == (1, "url")


def test_broken_json_names_its_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "fine"}\n{"text": \n')
    with pytest.raises(InputError) as caught:
        read_articles([feed])
    assert caught.value.line == 2


def test_missing_path_and_unsupported_file_type_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_articles([tmp_path / "absent.txt"])
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match="unsupported"):
        read_articles([tmp_path / "notes.pdf"])


def test_watchlist_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out" / "watchlist.jsonl"
    assert (
        write_jsonl_atomic(target, [{"id": "media:a", "names": ["A"]}, {"id": "media:b", "names": ["B"]}])
        == 2
    )
    assert [json.loads(line)["id"] for line in target.read_text().splitlines()] == ["media:a", "media:b"]
    assert [p.name for p in target.parent.iterdir()] == ["watchlist.jsonl"]


def test_a_failing_write_leaves_the_previous_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "watchlist.jsonl"
    target.write_text("previous\n")

    def rows() -> Iterator[dict[str, Any]]:
        yield {"id": "media:a"}
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_jsonl_atomic(target, rows())
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["watchlist.jsonl"]
