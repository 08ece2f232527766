"""The custom watchlist of formats.md: JSON lines such as
`{"id": "internal:42", "names": ["Acme Trading FZE", ...], "schema": "Company",
"countries": ["AE"], "note": "..."}`, a bank's internal block list or a media-built list.

Ids are kept as given; the list id is the part before the first ":" ("internal"), or
"watchlist" when there is none. The first name is the primary name, the others strong
aliases. Optional extras: "weak_aliases", "identifiers" ({kind: value} or [{kind, value}]),
"addresses", "programs"; any other key is kept in `Entity.properties`. Bad rows raise
`ListFormatError` naming file, line and field: a watchlist is small and every row matters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from dualuse.countries import to_iso2
from dualuse.errors import ListFormatError
from dualuse.model import SCHEMAS, Address, Entity, Identifier

DEFAULT_LIST_ID = "watchlist"
DEFAULT_SCHEMA = "LegalEntity"
KNOWN_KEYS = {
    "id",
    "names",
    "name",
    "schema",
    "countries",
    "note",
    "weak_aliases",
    "identifiers",
    "addresses",
    "programs",
}


def read_watchlist(path: Path | str) -> list[Entity]:
    """Every row of a watchlist file; the first bad row raises with its line and field."""
    source = Path(path)
    rows: list[tuple[int, Any]] = []
    with source.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                rows.append((number, _json(source.name, number, raw)))
    return [_entity(row, source.name, number) for number, row in rows]


def entities_from_rows(rows: Iterable[Mapping[str, Any]], *, source: str = "<rows>") -> list[Entity]:
    """Rows already in memory (the Python API); errors name the row number as the line."""
    return [_entity(row, source, number) for number, row in enumerate(rows, start=1)]


def _json(file: str, number: int, raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ListFormatError(
            f"not valid UTF-8 at byte {error.start}", file=file, line=number, field="encoding"
        ) from error
    except json.JSONDecodeError as error:
        raise ListFormatError(f"not valid JSON: {error.msg}", file=file, line=number, field="json") from error


def _strings(row: Mapping[str, Any], key: str, file: str, line: int) -> list[str]:
    value = row.get(key, [])
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(item, str) for item in values):
        raise ListFormatError("must be a string or a list of strings", file=file, line=line, field=key)
    return [item.strip() for item in values if item.strip()]


def _entity(row: Any, file: str, line: int) -> Entity:
    if not isinstance(row, Mapping):
        raise ListFormatError("a watchlist row must be a JSON object", file=file, line=line, field="row")
    entity_id = row.get("id")
    if not isinstance(entity_id, str | int) or not str(entity_id).strip():
        raise ListFormatError("every row needs an id", file=file, line=line, field="id")
    names = _strings(row, "names", file, line) + _strings(row, "name", file, line)
    if not names:
        raise ListFormatError("every row needs at least one name", file=file, line=line, field="names")
    schema = row.get("schema") or DEFAULT_SCHEMA
    if schema not in SCHEMAS:
        raise ListFormatError(
            f"schema must be one of {', '.join(SCHEMAS)}", file=file, line=line, field="schema"
        )
    text_id = str(entity_id).strip()
    note = row.get("note")
    return Entity(
        id=text_id,
        list_id=text_id.split(":", 1)[0] if ":" in text_id else DEFAULT_LIST_ID,
        schema=schema,
        name=names[0],
        aliases=list(dict.fromkeys(names[1:])),
        weak_aliases=_strings(row, "weak_aliases", file, line),
        countries=_countries(row, file, line),
        addresses=[Address(full=a, country=None) for a in _strings(row, "addresses", file, line)],
        identifiers=_identifiers(row.get("identifiers"), file, line),
        programs=_strings(row, "programs", file, line),
        remarks=note if isinstance(note, str) else None,
        properties={key: _property(value) for key, value in row.items() if key not in KNOWN_KEYS},
    )


def _countries(row: Mapping[str, Any], file: str, line: int) -> list[str]:
    codes = []
    for value in _strings(row, "countries", file, line):
        code = to_iso2(value)
        if code is None:
            raise ListFormatError(f"unknown country {value!r}", file=file, line=line, field="countries")
        codes.append(code)
    return list(dict.fromkeys(codes))


def _identifiers(value: Any, file: str, line: int) -> list[Identifier]:
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [
            Identifier(kind=str(kind).lower(), value=str(number)) for kind, number in value.items() if number
        ]
    if isinstance(value, list) and all(
        isinstance(i, Mapping) and "kind" in i and "value" in i for i in value
    ):
        return [
            Identifier(kind=str(i["kind"]).lower(), value=str(i["value"]), country=i.get("country"))
            for i in value
        ]
    raise ListFormatError(
        "must be {kind: value} or a list of {kind, value}", file=file, line=line, field="identifiers"
    )


def _property(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for item in values]
