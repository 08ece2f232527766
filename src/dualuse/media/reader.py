"""Read news articles from files: `.txt`, `.html`/`.htm`, `.jsonl` records and folders of them.

This is the I/O edge of the media package. HTML main text is extracted with trafilatura, then
cleaned like plain text. A JSON Lines record has `url`, `title`, `published` and `text` or `html`;
a malformed record raises `InputError` naming the file, line and field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import trafilatura

from dualuse.errors import InputError
from dualuse.io.writers import atomic_text_writer
from dualuse.media.articles import build_article
from dualuse.media.types import Article

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES


def read_articles(paths: Iterable[Path]) -> list[Article]:
    """Every article under `paths` (files or folders, folders walked in name order)."""
    return [article for path in paths for file in _files(path) for article in read_file(file)]


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    elif path.is_file():
        if path.suffix.lower() not in SUFFIXES:
            raise InputError(
                f"unsupported article file type (expected one of {', '.join(SUFFIXES)})", file=str(path)
            )
        yield path
    else:
        raise InputError("no such file or folder", file=str(path))


def read_file(path: Path) -> list[Article]:
    suffix = path.suffix.lower()
    raw = _read_text(path)
    if suffix in JSONL_SUFFIXES:
        return list(articles_from_jsonl(raw, str(path)))
    if suffix in HTML_SUFFIXES:
        return [article_from_html(raw, article_id=path.name, source=str(path))]
    return [build_article(path.name, str(path), raw)]


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text ({error.reason} at byte {error.start})", file=str(path)) from error


def article_from_html(
    html: str,
    *,
    article_id: str,
    source: str,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
) -> Article:
    """Main text of a web page (trafilatura), cleaned; page metadata fills what the caller lacks."""
    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=False) or ""
    metadata = trafilatura.extract_metadata(html, extensive=False)
    return build_article(
        article_id,
        source,
        text,
        url=url or (metadata.url if metadata else None),
        title=title or (metadata.title if metadata else None),
        published=published or (metadata.date if metadata else None),
    )


def articles_from_jsonl(raw: str, file: str) -> Iterator[Article]:
    for number, line in enumerate(raw.splitlines(), start=1):
        if line.strip():
            yield _article_from_record(_parse_record(line, file, number), file, number)


def _parse_record(line: str, file: str, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(
            f"not valid JSON: {error.msg} (column {error.colno})", file=file, line=number
        ) from error
    if not isinstance(record, dict):
        raise InputError("expected a JSON object", file=file, line=number)
    return record


def _optional_string(record: dict[str, Any], key: str, file: str, number: int) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value
    raise InputError(f"expected a string, got {type(value).__name__}", file=file, line=number, field=key)


def _article_from_record(record: dict[str, Any], file: str, number: int) -> Article:
    url, title, published, text, html = (
        _optional_string(record, key, file, number) for key in ("url", "title", "published", "text", "html")
    )
    article_id = _optional_string(record, "id", file, number) or url or f"{Path(file).name}:{number}"
    source = f"{file}:{number}"
    if html is not None and not text:
        return article_from_html(
            html, article_id=article_id, source=source, url=url, title=title, published=published
        )
    if not text:
        raise InputError("a record needs a non-empty 'text' or 'html'", file=file, line=number, field="text")
    return build_article(article_id, source, text, url=url, title=title, published=published)


def write_jsonl_atomic(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    """Write rows as JSON Lines; the file appears complete or not at all. Returns the row count."""
    count = 0
    with atomic_text_writer(path) as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count
