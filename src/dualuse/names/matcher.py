"""`NameMatcher`: rank listed entities against one name, and say why.

Build once per process (the index costs seconds on large lists), then call `match` per name.
The score of a hit starts from the name alignment (`scorer.align`) of the best-matching name or
alias and is moved by the other evidence the query carries: legal form, country, schema, birth
date and identifiers; every move is recorded in `NameHit.features` and told in the explanation.
"""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from dualuse.identifiers import identifier_key
from dualuse.model import Entity
from dualuse.names import cache as index_cache
from dualuse.names.index import POSTING_CAP, CandidateIndex
from dualuse.names.normalize import (
    KIND_ANY,
    KIND_ORGANIZATION,
    KIND_PERSON,
    READING_AS_WRITTEN,
    NameForm,
    analyse_name,
    remember_analysis,
    warm_up,
)
from dualuse.names.scorer import Alignment, TokenMatch, align_each
from dualuse.names.threshold import DEFAULT_THRESHOLD

PRIMARY, STRONG, WEAK = "primary", "strong", "weak"
CANDIDATES = 24
# Entity sets with at least this many names and aliases keep their built index in the cache.
CACHE_MIN_NAMES = 5_000
# At most this many names are scored, at most NAMES_PER_ENTITY of one entity.
SCORED_NAMES = 12
NAMES_PER_ENTITY = 2
# Names whose index estimate is below this are not scored: their score cannot come near an alert.
CANDIDATE_FLOOR = 0.3
# How far a candidate's estimate may sit below the scores already found and still be scored.
ESTIMATE_MARGIN = 0.1

_LEGAL_FORM_AGREES = 0.02
_LEGAL_FORM_DIFFERS = -0.05
_COUNTRY_AGREES = 0.03
_COUNTRY_DIFFERS = -0.10
_SCHEMA_DIFFERS = -0.15
_BIRTH_AGREES = 0.05
_BIRTH_DIFFERS = -0.15
_IDENTIFIER_SCORE = 0.99
_WEAK_ALIAS_FACTOR = 0.8
_MIN_IDENTIFIER_LENGTH = 5
_ORGANISATION_SCHEMAS = frozenset({"Organization", "Company", "LegalEntity", "PublicBody"})
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True, slots=True)
class NameHit:
    """One listed entity found for a query, with the evidence.

    `alignment` pairs query words with listed words (how each pair matched); `also_listed`
    holds the ids of the same party on other lists (`properties["same_as"]`), collapsed here.
    """

    entity: Entity
    score: float
    matched_name: str
    alias_kind: str
    explanation: str
    features: dict[str, float]
    alignment: tuple[TokenMatch, ...] = ()
    also_listed: tuple[str, ...] = ()

    @property
    def entity_id(self) -> str:
        return self.entity.id

    def to_dict(self) -> dict[str, object]:
        return {
            "entity_id": self.entity.id,
            "list": self.entity.list_id,
            "schema": self.entity.schema,
            "name": self.entity.name,
            "matched_name": self.matched_name,
            "alias_kind": self.alias_kind,
            "score": round(self.score, 4),
            "features": {key: round(value, 4) for key, value in self.features.items()},
            "alignment": [
                {"query": m.query, "listed": m.listed, "how": m.how, "similarity": round(m.similarity, 3)}
                for m in self.alignment
            ],
            "also_listed": list(self.also_listed),
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class _ListedName:
    entity: int
    text: str
    alias_kind: str
    form: NameForm


@dataclass(slots=True)
class _Query:
    forms: list[NameForm]
    country: str | None
    schema: str | None
    birth_date: str | None
    identifiers: dict[str, str]


@dataclass(slots=True)
class _Scored:
    entity: int
    name: _ListedName | None
    alignment: Alignment | None
    reading: str = READING_AS_WRITTEN
    features: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return min(1.0, max(0.0, sum(self.features.values())))


class NameMatcher:
    """Candidate index plus scorer over every name and alias of the given entities."""

    def __init__(self, entities: Sequence[Entity], *, cache: bool | None = None) -> None:
        """`cache`: read and write the built index in the user's cache folder (`names.cache`);
        None (default) does so for entity sets of at least `CACHE_MIN_NAMES` names, where the
        build takes seconds."""
        self._entities = list(entities)
        if cache is None:
            cache = _name_count(self._entities) >= CACHE_MIN_NAMES
        with _collector_paused():
            self._names, self._index = self._cached_build() if cache else self._build()
        warm_up()
        self._by_identifier = _identifier_index(self._entities)
        self._links = _same_as_links(self._entities)
        # The index's objects live as long as the process: keep them out of the cyclic garbage
        # collector, whose full passes over millions of them would stall queries for tens of ms.
        gc.freeze()

    def _build(self) -> tuple[list[_ListedName], CandidateIndex]:
        names = [name for number, entity in enumerate(self._entities) for name in _listed(number, entity)]
        return names, CandidateIndex([name.form for name in names])

    def _cached_build(self) -> tuple[list[_ListedName], CandidateIndex]:
        """The state stored for this entity set, else a fresh build then stored."""
        key = index_cache.fingerprint(self._entities, POSTING_CAP)
        stored = index_cache.load(key)
        if stored is None:
            names, index = self._build()
            index_cache.save(key, [(n.entity, n.text, n.alias_kind, n.form) for n in names], index)
            return names, index
        listed, index = stored
        names = [_ListedName(*name) for name in listed]
        _remember(names, self._entities)
        return names, index

    @property
    def entities(self) -> list[Entity]:
        return self._entities

    def match(
        self,
        name: str,
        *,
        country: str | None = None,
        schema: str | None = None,
        birth_date: str | None = None,
        identifiers: Mapping[str, str] | None = None,
        limit: int = 5,
        threshold: float | None = None,
    ) -> list[NameHit]:
        """Best entities for a name, best first; `threshold=None` applies DEFAULT_THRESHOLD,
        0 returns everything ranked."""
        bar = DEFAULT_THRESHOLD if threshold is None else threshold
        query = _Query(
            forms=analyse_name(name, name_kind(schema)),
            country=country.upper() if country else None,
            schema=schema,
            birth_date=birth_date,
            identifiers=dict(identifiers or {}),
        )
        scored = self._score_names(query, bar, limit)
        for number in self._identifier_matches(query.identifiers):
            scored.setdefault(number, _Scored(number, None, None))
        for item in scored.values():
            self._add_evidence(item, query)
        return self._hits(scored.values(), bar, limit)

    def match_identifiers(self, identifiers: Mapping[str, str]) -> list[NameHit]:
        """Entities carrying any of these identifiers (INN, USCC, OGRN, IMO, BIC ...)."""
        query = _Query([], None, None, None, dict(identifiers))
        scored = {
            number: _Scored(number, None, None) for number in self._identifier_matches(query.identifiers)
        }
        for item in scored.values():
            self._add_evidence(item, query)
        return self._hits(scored.values(), 0.0, len(scored))

    def _score_names(self, query: _Query, bar: float, limit: int) -> dict[int, _Scored]:
        """Score candidates best estimate first; stop once the estimates fall clearly below
        both the alert bar and the `limit`-th best score found so far."""
        chosen = self._chosen(self._index.candidates(query.forms, CANDIDATES, CANDIDATE_FLOOR))
        listed_tokens = [self._names[position].form.tokens for position, _ in chosen]
        aligners = [align_each(form.tokens, listed_tokens, self._index.weight) for form in query.forms]
        best: dict[int, _Scored] = {}
        finals: list[float] = []
        for position, estimate in chosen:
            kth_best = sorted(finals, reverse=True)[limit - 1] if len(finals) >= limit else 0.0
            if estimate + ESTIMATE_MARGIN < min(kth_best, bar):
                break
            listed = self._names[position]
            for form, aligner in zip(query.forms, aligners, strict=True):
                alignment = next(aligner)
                current = best.get(listed.entity)
                if current is None or current.alignment is None or alignment.score > current.alignment.score:
                    best[listed.entity] = _Scored(listed.entity, listed, alignment, form.reading)
                finals.append(alignment.score)
        return best

    def _chosen(self, candidates: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """The candidates worth scoring, best estimate first: at most `SCORED_NAMES` names, at
        most `NAMES_PER_ENTITY` of one entity (its best-estimated aliases: the others make
        room for other entities)."""
        scored_names: Counter[int] = Counter()
        chosen: list[tuple[int, float]] = []
        for position, estimate in candidates:
            entity = self._names[position].entity
            if scored_names[entity] < NAMES_PER_ENTITY and len(chosen) < SCORED_NAMES:
                scored_names[entity] += 1
                chosen.append((position, estimate))
        return chosen

    def _identifier_matches(self, identifiers: Mapping[str, str]) -> set[int]:
        found: set[int] = set()
        for kind, value in identifiers.items():
            found.update(self._by_identifier.get(identifier_key(kind, value), ()))
        return found

    def _add_evidence(self, item: _Scored, query: _Query) -> None:
        entity = self._entities[item.entity]
        item.features["name"] = item.alignment.score if item.alignment else 0.0
        if item.name is not None and item.alignment is not None:
            _legal_form_evidence(item, query)
        _country_evidence(item, entity, query.country)
        _schema_evidence(item, entity, query.schema)
        _birth_evidence(item, entity, query.birth_date)
        _identifier_evidence(item, entity, query.identifiers)
        _weak_alias_evidence(item)

    def _hits(self, scored: Iterable[_Scored], bar: float, limit: int) -> list[NameHit]:
        ranked = sorted(scored, key=lambda item: (-item.score, self._entities[item.entity].id))
        hits: list[NameHit] = []
        shown: set[str] = set()
        for item in ranked:
            entity = self._entities[item.entity]
            if item.score < bar or entity.id in shown or (bar > 0 and item.score <= 0):
                continue
            twins = tuple(sorted(self._links.get(entity.id, set()) - {entity.id}))
            shown.update((entity.id, *twins))
            hits.append(self._hit(item, entity, twins))
            if len(hits) >= limit:
                break
        return hits

    def _hit(self, item: _Scored, entity: Entity, twins: tuple[str, ...]) -> NameHit:
        return NameHit(
            entity=entity,
            score=item.score,
            matched_name=item.name.text if item.name else entity.name,
            alias_kind=item.name.alias_kind if item.name else PRIMARY,
            explanation=_explain(item, entity, twins),
            features=dict(item.features),
            alignment=item.alignment.matches if item.alignment else (),
            also_listed=twins,
        )


def name_kind(schema: str | None) -> str:
    """How names of this schema are analysed (person, organisation or either)."""
    if schema == "Person":
        return KIND_PERSON
    if schema in _ORGANISATION_SCHEMAS - {"LegalEntity"} or schema in ("Vessel", "Airplane"):
        return KIND_ORGANIZATION
    return KIND_ANY


def _listed(number: int, entity: Entity) -> list[_ListedName]:
    kinds = [(entity.name, PRIMARY)]
    kinds += [(alias, STRONG) for alias in entity.aliases]
    kinds += [(alias, WEAK) for alias in entity.weak_aliases]
    seen: set[str] = set()
    listed: list[_ListedName] = []
    for text, alias_kind in kinds:
        if not text or text in seen:
            continue
        seen.add(text)
        kind = name_kind(entity.schema)
        forms = analyse_name(text, kind)
        remember_analysis(text, kind, forms)
        for form in forms:
            listed.append(_ListedName(number, text, alias_kind, form))
    return listed


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hundreds of thousands of long-lived objects are created in a row: the cyclic collector
    would rescan them all again and again (they are frozen out of it once built)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _name_count(entities: Sequence[Entity]) -> int:
    return sum(1 + len(entity.aliases) + len(entity.weak_aliases) for entity in entities)


def _remember(names: Sequence[_ListedName], entities: Sequence[Entity]) -> None:
    """Hand the stored analyses to `analyse_name`, as a fresh build would have (`_listed`)."""
    grouped: dict[tuple[int, str], list[NameForm]] = {}
    for name in names:
        grouped.setdefault((name.entity, name.text), []).append(name.form)
    for (number, text), forms in grouped.items():
        remember_analysis(text, name_kind(entities[number].schema), forms)


def _identifier_index(entities: Sequence[Entity]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for number, entity in enumerate(entities):
        for identifier in entity.identifiers:
            key = identifier_key(identifier.kind, identifier.value)
            if len(key) >= _MIN_IDENTIFIER_LENGTH:
                index.setdefault(key, []).append(number)
    return index


def _same_as_links(entities: Sequence[Entity]) -> dict[str, set[str]]:
    """Entity id -> ids of the same party on other lists (links read both ways, transitively)."""
    groups: dict[str, set[str]] = {}
    for entity in entities:
        twins = [twin for twin in entity.properties.get("same_as", []) if twin and twin != entity.id]
        if not twins:
            continue
        group = {entity.id, *twins}
        for member in list(group):
            group |= groups.get(member, set())
        for member in group:
            groups[member] = group
    return groups


def _legal_form_evidence(item: _Scored, query: _Query) -> None:
    assert item.name is not None
    listed = {form.generic for form in item.name.form.legal_forms}
    asked = {form.generic for query_form in query.forms for form in query_form.legal_forms}
    if not listed or not asked:
        return
    if listed & asked:
        item.features["legal_form"] = _LEGAL_FORM_AGREES
    else:
        item.features["legal_form"] = _LEGAL_FORM_DIFFERS


def _entity_countries(entity: Entity) -> set[str]:
    countries = {c.upper() for c in (*entity.countries, *entity.nationalities) if c}
    countries |= {a.country.upper() for a in entity.addresses if a.country}
    return countries


def _country_evidence(item: _Scored, entity: Entity, country: str | None) -> None:
    if not country:
        return
    countries = _entity_countries(entity)
    if countries:
        item.features["country"] = _COUNTRY_AGREES if country in countries else _COUNTRY_DIFFERS


def _schema_evidence(item: _Scored, entity: Entity, schema: str | None) -> None:
    if schema and not _schemas_compatible(schema, entity.schema):
        item.features["schema"] = _SCHEMA_DIFFERS


def _schemas_compatible(asked: str, listed: str) -> bool:
    if asked == listed or ("LegalEntity" in (asked, listed) and "Vessel" not in (asked, listed)):
        return True
    return asked in _ORGANISATION_SCHEMAS and listed in _ORGANISATION_SCHEMAS


def _birth_evidence(item: _Scored, entity: Entity, birth_date: str | None) -> None:
    if not birth_date:
        return
    asked = set(_YEAR.findall(birth_date))
    listed = {year for value in entity.birth_dates for year in _YEAR.findall(value)}
    if asked and listed:
        item.features["birth_date"] = _BIRTH_AGREES if asked & listed else _BIRTH_DIFFERS


def _identifier_evidence(item: _Scored, entity: Entity, identifiers: Mapping[str, str]) -> None:
    if not identifiers:
        return
    asked = {identifier_key(kind, value) for kind, value in identifiers.items()}
    shared = [i for i in entity.identifiers if identifier_key(i.kind, i.value) in asked]
    if shared:
        lift = max(0.0, _IDENTIFIER_SCORE - sum(item.features.values()))
        item.features["identifier"] = lift
        item.notes.append("identifier " + ", ".join(f"{i.kind} {i.value}" for i in shared) + " matches")


def _weak_alias_evidence(item: _Scored) -> None:
    corroborated = any(item.features.get(key, 0.0) > 0 for key in ("identifier", "birth_date", "country"))
    if item.name is not None and item.name.alias_kind == WEAK and not corroborated:
        item.features["weak_alias"] = -(1 - _WEAK_ALIAS_FACTOR) * item.features["name"]


_FEATURE_WORDS = {
    "legal_form": "legal form",
    "country": "country",
    "schema": "schema",
    "birth_date": "birth date",
    "identifier": "identifier",
    "weak_alias": "weak alias only",
}


def _explain(item: _Scored, entity: Entity, twins: tuple[str, ...]) -> str:
    parts: list[str] = []
    if item.name is not None and item.alignment is not None:
        which = "primary name" if item.name.alias_kind == PRIMARY else f"{item.name.alias_kind} alias"
        parts.append(f'{which} "{item.name.text}" of {entity.id}')
        if item.reading != READING_AS_WRITTEN:
            parts.append(f"query read as {item.reading}")
        parts.append("words: " + "; ".join(match.describe() for match in item.alignment.matches))
        if item.alignment.unmatched_query:
            parts.append("query words not in the listed name: " + " ".join(item.alignment.unmatched_query))
        if item.alignment.unmatched_listed:
            parts.append("listed words not in the query: " + " ".join(item.alignment.unmatched_listed))
        legal = [form.phrase for form in item.name.form.legal_forms]
        if legal:
            parts.append("legal form ignored: " + ", ".join(legal))
    else:
        parts.append(f'"{entity.name}" of {entity.id}')
    parts.extend(item.notes)
    moves = [
        f"{_FEATURE_WORDS[key]} {value:+.2f}"
        for key, value in item.features.items()
        if key != "name" and value
    ]
    summary = f"score {item.score:.2f} = name {item.features.get('name', 0.0):.2f}"
    parts.append(summary + (", " + ", ".join(moves) if moves else ""))
    if twins:
        parts.append("also listed as " + ", ".join(twins))
    return "; ".join(parts)
