"""Adapter for /work/shared/eval/name_eval.py over `dualuse.names.NameMatcher`.

    .venv/bin/python /work/shared/eval/name_eval.py \
        --adapter bench/names_eval_adapter.py:screen --suites un_sc --threshold 0.85

The harness loads each suite's watchlist through `load_watchlist`; nothing here knows any suite.
Every ranked entity is returned (threshold 0) so the harness can sweep its own thresholds.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dualuse.model import Entity
from dualuse.names import NameMatcher

TOP_N = 10
_matcher: list[NameMatcher] = []


def load_watchlist(entries: list[dict[str, Any]]) -> None:
    entities = [
        Entity(
            id=entry["id"],
            list_id=entry["id"].split(":", 1)[0],
            schema=entry.get("schema") or "LegalEntity",
            name=entry["names"][0],
            aliases=list(entry["names"][1:]),
            countries=list(entry.get("countries") or []),
        )
        for entry in entries
        if entry.get("names")
    ]
    _matcher[:] = [NameMatcher(entities)]


def screen(query_name: str, country: str | None = None, schema: str | None = None) -> list[tuple[str, float]]:
    hits = _matcher[0].match(query_name, country=country, schema=schema, limit=TOP_N, threshold=0)
    return [(hit.entity_id, hit.score) for hit in hits]
