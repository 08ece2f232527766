"""Build labelled name-matching suites from the official lists, in the eval harness's format.

    .venv/bin/python bench/names_fixtures/build_fixtures.py
    .venv/bin/python /work/shared/eval/name_eval.py --suites-dir bench/names_fixtures \\
        --adapter bench/names_eval_adapter.py:screen --threshold 0.85

Suites (written next to this script, one folder each):
- `org_alias_holdout`: OFAC SDN and UK organisations with aliases. One alias of each is held out
  of the watchlist and used as the query: the lists say it is the same party, so it is a real
  variant (legal form spelled out or dropped, transliteration, word order, abbreviation,
  translation). Every fifth organisation is left out of the watchlist altogether and its name
  becomes a negative query: a real company name that is not on this list, sharing the lists'
  generic words ("TECHNOLOGY CO., LTD"). Cases are labelled by the country (Russia, China or
  Hong Kong, other) and by how the held-out alias differs (legal form only, transliteration,
  other).
- `non_latin_holdout`: UK entries whose aliases include a name in Cyrillic, Chinese or another
  non-Latin script: the non-Latin name is the query, the watchlist keeps the Latin names only.

Deterministic (ids are hashed to choose); reads the embedded default lists via dualuse.lists.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from dualuse.lists import load_default
from dualuse.model import Entity
from dualuse.names.normalize import KIND_ORGANIZATION, analyse_name, skeleton

HERE = Path(__file__).resolve().parent
ORGANISATION_LISTS = ("us_ofac_sdn", "gb_hmt")
NEGATIVE_SHARE = 5  # every fifth organisation is a negative
CHINA = {"CN", "HK", "MO", "TW"}


def stable(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "big")


def region(entity: Entity) -> str:
    countries = {c.upper() for c in entity.countries} | {a.country for a in entity.addresses if a.country}
    if "RU" in countries or any("RUSSIA" in p for p in entity.programs):
        return "russia"
    if countries & CHINA:
        return "china"
    return "other"


def content(name: str) -> tuple[frozenset[str], frozenset[str]]:
    forms = analyse_name(name, KIND_ORGANIZATION)
    texts = frozenset(t for form in forms[:1] for t in form.texts)
    return texts, frozenset(skeleton(t) for t in texts)


def variation(query: str, kept: list[str]) -> str:
    """How the held-out alias differs from the closest listed name (for the breakdown only)."""
    words, keys = content(query)
    for name in kept:
        other_words, other_keys = content(name)
        if words == other_words:
            return "legal_form_or_punctuation"
        if keys == other_keys:
            return "transliteration"
    return "other_alias"


def is_latin(text: str) -> bool:
    return all(not ch.isalpha() or ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in text)


def entry(entity: Entity, names: list[str]) -> dict[str, Any]:
    return {
        "id": entity.id,
        "names": names,
        "schema": entity.schema,
        "countries": sorted(set(entity.countries)),
    }


def twins_of(entity: Entity) -> list[str]:
    return [twin for twin in entity.properties.get("same_as", []) if twin != entity.id]


def org_alias_holdout(entities: list[Entity]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A party listed by both OFAC and the UK is one party: the negative choice is made per
    party (all its entries leave the watchlist), and a held-out alias may be found on a twin."""
    organisations = [e for e in entities if e.list_id in ORGANISATION_LISTS and e.schema != "Person"]
    party = {e.id: min([e.id, *twins_of(e)]) for e in organisations}
    watchlist: list[dict[str, Any]] = []
    cases: list[dict[str, Any]] = []
    negatives: list[Entity] = []
    for entity in organisations:
        if stable(party[entity.id]) % NEGATIVE_SHARE == 0:
            if party[entity.id] == entity.id:
                negatives.append(entity)
            continue
        latin = [name for name in entity.all_names() if is_latin(name)]
        aliases = [name for name in latin[1:] if name not in entity.weak_aliases]
        if not aliases:
            watchlist.append(entry(entity, latin))
            continue
        query = aliases[stable(entity.id + "alias") % len(aliases)]
        kept = [name for name in latin if name != query]
        watchlist.append(entry(entity, kept))
        expected = [entity.id, *(twin for twin in twins_of(entity) if twin in party)]
        cases.append(_case(f"alias-{entity.id}", query, entity, expected, variation(query, kept)))
    listed = {frozenset(content(name)[0]) for row in watchlist for name in row["names"]}
    for entity in negatives:
        if frozenset(content(entity.name)[0]) not in listed:
            cases.append(_case(f"neg-{entity.id}", entity.name, entity, [], "negative"))
    return watchlist, cases


def non_latin_holdout(entities: list[Entity]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    watchlist: list[dict[str, Any]] = []
    cases: list[dict[str, Any]] = []
    for entity in entities:
        if entity.list_id != "gb_hmt":
            continue
        latin = [name for name in entity.all_names() if is_latin(name)]
        other = [name for name in entity.all_names() if not is_latin(name)]
        if not latin:
            continue
        watchlist.append(entry(entity, latin))
        for number, name in enumerate(other):
            script = _script(name)
            cases.append(_case(f"script-{entity.id}-{number}", name, entity, [entity.id], script))
    return watchlist, cases


def _script(name: str) -> str:
    for ch in name:
        if ch.isalpha() and not ch.isascii():
            return unicodedata.name(ch, "OTHER").split()[0].lower()
    return "other"


def _case(case_id: str, query: str, entity: Entity, expected: list[str], group: str) -> dict[str, Any]:
    countries = sorted(set(entity.countries))
    return {
        "id": case_id,
        "query": query,
        "country": countries[0] if len(countries) == 1 else None,
        "schema": entity.schema,
        "expected": expected,
        "group": group if expected else "negative",
        "category": region(entity) if expected else f"negative_{region(entity)}",
        "script": "latin" if is_latin(query) else _script(query),
        "quality": None,
        "source": f"dualuse default lists: {entity.id}",
    }


def write_suite(
    name: str, description: str, watchlist: list[dict[str, Any]], cases: list[dict[str, Any]]
) -> None:
    folder = HERE / name
    folder.mkdir(exist_ok=True)
    _write_jsonl(folder / "watchlist.jsonl.gz", watchlist)
    _write_jsonl(folder / "cases.jsonl.gz", cases)
    groups = Counter(case["group"] for case in cases)
    meta = {
        "mode": "screen",
        "name": name,
        "description": description,
        "counts": {
            "watchlist_entries": len(watchlist),
            "cases": len(cases),
            "positive": sum(1 for c in cases if c["expected"]),
            "negative": sum(1 for c in cases if not c["expected"]),
            "by_group": dict(sorted(groups.items())),
        },
    }
    (folder / "suite.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"{name}: {meta['counts']}")


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    lists = load_default()
    watchlist, cases = org_alias_holdout(lists.entities)
    write_suite(
        "org_alias_holdout",
        f"OFAC SDN and UK organisations ({lists.version}): one alias held out per organisation as the "
        "query; every fifth organisation left out of the watchlist, its name a negative query.",
        watchlist,
        cases,
    )
    watchlist, cases = non_latin_holdout(lists.entities)
    write_suite(
        "non_latin_holdout",
        f"UK list entries ({lists.version}) queried by their non-Latin names (Cyrillic, Chinese, ...) "
        "against a watchlist of their Latin names only.",
        watchlist,
        cases,
    )


if __name__ == "__main__":
    main()
