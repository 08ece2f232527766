"""Adverse media: scraped news -> stories -> organisations, persons, goods and figures with
provenance -> an evidence-backed custom watchlist.

`read_articles(paths)` reads `.txt`, `.html` and `.jsonl` files or folders; `ingest(articles,
MediaOptions(...))` clusters copies of a story and extracts everything; `watchlist_rows(report)`
turns the organisations tied to Russia's military supply into custom watchlist rows (formats.md).
See docs/media.md.
"""

from dualuse.media.pipeline import MediaOptions, ingest
from dualuse.media.reader import read_articles, write_jsonl_atomic
from dualuse.media.types import Article, MediaReport, Organisation, Story

__all__ = [
    "Article",
    "MediaOptions",
    "MediaReport",
    "Organisation",
    "Story",
    "ingest",
    "read_articles",
    "write_jsonl_atomic",
]
