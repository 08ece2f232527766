"""Organisations named in the news as custom watchlist rows (formats.md), with their evidence.

A row carries the formats.md keys (`id`, `names`, `schema`, `countries`, `note`) plus extra keys
that `dualuse.lists.read_watchlist` keeps in `Entity.properties`: `source`, `story_id` (the first
story, which screening cites), `evidence` (one sentence per story, with story id, url, article and
character offsets) and `list_matches` (the list entries the name already matches). No I/O.
"""

from __future__ import annotations

from typing import Any

from normality import slugify

from dualuse.media.types import MediaReport, Organisation

ID_PREFIX = "media"
_NOTE_SENTENCE_CHARS = 300


def watchlist_rows(report: MediaReport, *, suppliers_only: bool = True) -> list[dict[str, Any]]:
    """One row per organisation; by default only those the news ties to supplying Russia."""
    chosen = [o for o in report.organisations if o.evidence and (o.supplies_russia or not suppliers_only)]
    return [watchlist_row(organisation) for organisation in chosen]


def watchlist_row(organisation: Organisation) -> dict[str, Any]:
    return {
        "id": f"{ID_PREFIX}:{slugify(organisation.key) or organisation.key}",
        "names": organisation.names,
        "schema": organisation.schema,
        "countries": organisation.countries,
        "note": _note(organisation),
        "source": "adverse media",
        # The first story; screening cites it in its "media" reasons. All stories are in "evidence".
        "story_id": organisation.evidence[0].story_id if organisation.evidence else None,
        "evidence": [
            {
                "story_id": item.story_id,
                "url": item.url,
                "article": item.article,
                "sentence": item.sentence,
                "sentence_index": item.sentence_index,
                "start": item.start,
                "end": item.end,
                "supply": item.supply,
            }
            for item in organisation.evidence
        ],
        "list_matches": [
            {
                "entity_id": m.entity_id,
                "list_id": m.list_id,
                "name": m.name,
                "score": round(m.score, 3),
                "also_listed": m.also_listed,
            }
            for m in organisation.list_matches
        ],
    }


def _note(organisation: Organisation) -> str:
    count = organisation.story_count
    stories = f"{count} news stor{'y' if count == 1 else 'ies'}"
    supply = [item for item in organisation.evidence if item.supply] or organisation.evidence
    sentence = supply[0].sentence
    if len(sentence) > _NOTE_SENTENCE_CHARS:
        sentence = sentence[: _NOTE_SENTENCE_CHARS - 3].rstrip() + "..."
    listed = ""
    if organisation.list_matches:
        best = organisation.list_matches[0]
        listed = f" Already listed as {best.name} ({best.entity_id})."
    return f'Adverse media: named in {stories}, e.g. "{sentence}"{listed}'
