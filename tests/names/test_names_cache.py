"""The on-disk index cache: same answers as a fresh build, rebuilt when unusable, keyed by entity set."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from dualuse.model import Entity
from dualuse.names import NameMatcher, normalize
from dualuse.names import matcher as matcher_module
from dualuse.names.cache import CACHE_ENV, CACHE_OFF


def _company(entity_id: str, name: str, **extra: object) -> Entity:
    return Entity(id=entity_id, list_id="c", schema="Company", name=name, **extra)  # type: ignore[arg-type]


ENTITIES = [
    Entity(id="c:1", list_id="c", schema="Company", name="OOO Tekhnopark Vostok", countries=["RU"]),
    Entity(
        id="c:2",
        list_id="c",
        schema="Company",
        name="武汉环球传感器技术有限公司",
        aliases=["Wuhan Global Sensor"],
    ),
    Entity(id="c:3", list_id="c", schema="Person", name="Dmitriy Yakovlev", weak_aliases=["Dima"]),
    Entity(
        id="c:4", list_id="c", schema="Company", name="Kronshtadt Group", aliases=["Kronstadt Technologies"]
    ),
]
QUERIES = [
    "ТЕХНОПАРК ВОСТОК, ООО",
    "Wuhan Global Sensor Tech Co Ltd",
    "Iakovlev Dmitrii",
    "Kronstadt Grup",
    "Dima",
]


def _answers(matcher: NameMatcher) -> list[list[dict[str, object]]]:
    return [[hit.to_dict() for hit in matcher.match(query, threshold=0)] for query in QUERIES]


def _no_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any analysis of a listed name fail: a matcher built now must come from the cache."""

    def refuse(*_: object) -> object:
        raise AssertionError("listed names analysed again")

    monkeypatch.setattr(matcher_module, "_listed", refuse)


def _cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("names-*.pkl"))


def test_a_cached_build_answers_exactly_as_a_fresh_one(
    _private_cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = _answers(NameMatcher(ENTITIES, cache=False))
    assert not _cache_files(_private_cache_dir)
    NameMatcher(ENTITIES, cache=True)
    assert len(_cache_files(_private_cache_dir)) == 1
    _no_analysis(monkeypatch)
    assert _answers(NameMatcher(ENTITIES, cache=True)) == fresh


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle at all", pickle.dumps({"format": 1, "key": "x"}), pickle.dumps(os.getcwd)],
    ids=["empty", "garbage", "other key", "class reference"],
)
def test_an_unusable_cache_file_is_rebuilt(
    _private_cache_dir: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    fresh = _answers(NameMatcher(ENTITIES, cache=True))
    (path,) = _cache_files(_private_cache_dir)
    path.write_bytes(content)
    assert _answers(NameMatcher(ENTITIES, cache=True)) == fresh
    assert path.read_bytes() != content
    _no_analysis(monkeypatch)
    assert _answers(NameMatcher(ENTITIES, cache=True)) == fresh


def test_another_entity_set_does_not_reuse_the_cache(_private_cache_dir: Path) -> None:
    NameMatcher(ENTITIES, cache=True)
    renamed = [*ENTITIES[:3], _company("c:4", "Zvezda Avionika")]
    matcher = NameMatcher(renamed, cache=True)
    assert len(_cache_files(_private_cache_dir)) == 2
    assert [hit.entity_id for hit in matcher.match("Zvezda Avionika")] == ["c:4"]
    assert not matcher.match("Kronshtadt Group")


def test_the_cache_can_be_turned_off(_private_cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, CACHE_OFF)
    assert _answers(NameMatcher(ENTITIES, cache=True))
    assert not _private_cache_dir.exists()


def test_a_process_reading_the_cache_knows_the_lists_transliterations(
    _private_cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = [*ENTITIES, _company("c:5", "ООО Звезда Авионика")]
    NameMatcher(listed, cache=True)
    monkeypatch.setattr(normalize, "_TRANSLITERATED", {})  # as in a new process
    NameMatcher(listed, cache=True)
    assert normalize.transliterations()["Звезда"] == "Zvezda"

    def refuse(word: str) -> str:
        raise AssertionError(f"{word} transliterated again")

    monkeypatch.setattr(normalize, "ascii_text", refuse)
    normalize._ascii_tokens.cache_clear()
    assert normalize.analyse_name("Звезда Авионика")[0].texts == ("zvezda", "avionika")
