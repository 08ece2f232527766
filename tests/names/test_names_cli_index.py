"""`dualuse match` on a custom list, and the candidate index's bounded work per query word."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dualuse.cli import app
from dualuse.names.index import CandidateIndex
from dualuse.names.normalize import KIND_ORGANIZATION, analyse_name


def _watchlist(tmp_path: Path) -> Path:
    rows = [
        {"id": "internal:1", "names": ["Acme Trading FZE"], "schema": "Company", "countries": ["AE"]},
        {"id": "internal:2", "names": ["OOO Tekhnopark Vostok"], "schema": "Company", "countries": ["RU"]},
    ]
    path = tmp_path / "watchlist.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_match_command_prints_json_hits_with_explanations(tmp_path: Path) -> None:
    lists = _watchlist(tmp_path)
    result = CliRunner().invoke(
        app, ["--lists", str(lists), "match", "Технопарк Восток, ООО", "--country", "RU", "--json"]
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert [hit["entity_id"] for hit in hits] == ["internal:2"]
    assert "legal form ignored" in hits[0]["explanation"]
    assert {(step["query"], step["listed"], step["how"]) for step in hits[0]["alignment"]} == {
        ("tehnopark", "tekhnopark", "transliterated"),
        ("vostok", "vostok", "exact"),
    }


def test_match_command_table_and_quiet_answer(tmp_path: Path) -> None:
    lists = _watchlist(tmp_path)
    found = CliRunner().invoke(app, ["--lists", str(lists), "match", "ACME TRADING F.Z.E."])
    assert found.exit_code == 0 and "internal:1" in found.output
    quiet = CliRunner().invoke(app, ["--lists", str(lists), "match", "Globex Logistics"])
    assert quiet.exit_code == 0 and "No listed entity" in quiet.output


def test_match_command_rejects_unknown_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["--lists", str(_watchlist(tmp_path)), "match", "Acme", "--schema", "Boat"]
    )
    assert result.exit_code != 0


def test_frequent_word_ranks_but_does_not_bring_in_candidates() -> None:
    names = [f"Trading Company Number{i:03d}" for i in range(50)] + ["Zircon Trading"]
    forms = [analyse_name(name, KIND_ORGANIZATION)[0] for name in names]
    index = CandidateIndex(forms, posting_cap=10)
    found = index.candidates(analyse_name("Zircon Trading", KIND_ORGANIZATION), limit=5)
    assert [position for position, _ in found] == [50]


def test_typo_and_transliteration_reach_the_candidates() -> None:
    names = ["Kronshtadt Group", "Yakovlev Design Bureau", "Vostok Trading"]
    index = CandidateIndex([analyse_name(name, KIND_ORGANIZATION)[0] for name in names])
    for query, expected in (("Kronstadt Grup", 0), ("Iakovlev Desing Bureau", 1), ("Восток Трейдинг", 2)):
        found = index.candidates(analyse_name(query, KIND_ORGANIZATION), limit=1)
        assert found and found[0][0] == expected, query


def test_candidates_do_not_depend_on_the_queries_asked_before() -> None:
    names = ["Kronshtadt Group", "Kronstadt Technologies", "Yakovlev Design Bureau", "Vostok Trading"]
    queries = ["Kronstadt Grup", "Vostok Trading", "Iakovlev Desing", "Kronshtadt Vostok", "Group"]
    forms = [analyse_name(name, KIND_ORGANIZATION)[0] for name in names]

    def asked(index: CandidateIndex, query: str) -> list[tuple[int, float]]:
        return index.candidates(analyse_name(query, KIND_ORGANIZATION), limit=5)

    alone = {query: asked(CandidateIndex(forms), query) for query in queries}
    shared = CandidateIndex(forms)
    for query in [*queries, *reversed(queries)]:
        assert asked(shared, query) == alone[query], query


def test_a_misspelt_word_still_credits_found_names_through_a_word_too_common_to_read() -> None:
    # "nikolay" has more postings than the budget, so the misspelt "nkiolay" reads only the
    # rarer "nikolai"; "sv" finds SV NIKOLAY, which "nikolay" must then credit: without it,
    # the bare "SV" ranks first.
    names = [f"Nikolay Person{i}" for i in range(10)] + ["Nikolai Ivanov", "SV Nikolay", "SV Alpha", "SV"]
    index = CandidateIndex([analyse_name(name, KIND_ORGANIZATION)[0] for name in names], posting_cap=4)
    found = index.candidates(analyse_name("SV Nkiolay", KIND_ORGANIZATION), limit=5)
    assert [names[position] for position, _ in found[:2]] == ["SV Nikolay", "SV"]


def test_a_crowded_skeleton_key_keeps_its_rarest_words() -> None:
    # 70 spellings share the consonant skeleton "srkp" (so the skeleton-deletion key "#srk");
    # the first six are common. The key holds the 64 rarest: the words a lookup reads first.
    vowels = "aeiou"
    words = [f"z{a}rk{b}b{c}" for a in vowels for b in vowels for c in vowels][:70]
    names = [word for word in words for _ in range(5 if word in words[:6] else 1)]
    snapshot = CandidateIndex([analyse_name(name, KIND_ORGANIZATION)[0] for name in names]).snapshot()
    row = snapshot.neighbour_keys.index("#srk")
    start, end = snapshot.neighbour_offsets[row], snapshot.neighbour_offsets[row + 1]
    held = {snapshot.keys[number] for number in snapshot.neighbours[start:end]}
    assert held == set(words[6:])


def test_a_word_too_common_to_read_still_credits_the_names_found() -> None:
    # "trading" is in far more names than the budget, and than the names "zircon" finds: the
    # index looks those names up in its postings. Without that credit, the bare "Zircon" wins.
    names = [f"Trading Number{i:03d}" for i in range(200)] + ["Zircon", "Zircon Trading"]
    index = CandidateIndex([analyse_name(name, KIND_ORGANIZATION)[0] for name in names], posting_cap=10)
    found = index.candidates(analyse_name("Zircon Trading", KIND_ORGANIZATION), limit=2)
    assert [names[position] for position, _ in found] == ["Zircon Trading", "Zircon"]


def _common_word_names() -> list[str]:
    # "kim", "tong" and "chol" are each in far more names than the budget of 4 postings, and
    # the fillers are shorter (lighter) than the name sought.
    fillers = [f"{word} Filler{i:02d}" for word in ("Kim", "Tong", "Chol") for i in range(30)]
    return [*fillers, "Tnog Zeta", "Kim Tong Chol Omega"]


def test_a_name_of_common_words_is_found_through_its_listed_word_pairs() -> None:
    names = _common_word_names()
    index = CandidateIndex([analyse_name(name)[0] for name in names], posting_cap=4)
    found = index.candidates(analyse_name("Kim Tong Chol"), limit=3)
    assert names[found[0][0]] == "Kim Tong Chol Omega"


def test_a_listed_typo_pairs_as_the_commoner_word_it_misspells() -> None:
    # "tnog" is listed (once), yet it stands for the far commoner "tong" here.
    names = _common_word_names()
    index = CandidateIndex([analyse_name(name)[0] for name in names], posting_cap=4)
    found = index.candidates(analyse_name("Kim Tnog Chol"), limit=3)
    assert "Kim Tong Chol Omega" in [names[position] for position, _ in found]


def test_a_common_word_credits_only_what_this_query_found() -> None:
    # "trading" is too common to read (budget 4): it credits the names found, and those of an
    # earlier query must not count as found.
    names = [f"Trading Number{i:02d}" for i in range(20)] + ["Zircon Trading", "Vostok Trading Alpha"]
    forms = [analyse_name(name, KIND_ORGANIZATION)[0] for name in names]

    def asked(index: CandidateIndex, query: str) -> list[tuple[int, float]]:
        return index.candidates(analyse_name(query, KIND_ORGANIZATION), limit=5)

    alone = asked(CandidateIndex(forms, posting_cap=4), "Zircon Trading")
    shared = CandidateIndex(forms, posting_cap=4)
    asked(shared, "Vostok Alpha")
    assert asked(shared, "Zircon Trading") == alone
