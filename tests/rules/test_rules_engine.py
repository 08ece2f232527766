"""The rule language and rule files: safe by construction, validated at load time."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.errors import ReferenceDataError
from dualuse.rules import (
    FACT_CATALOGUE,
    ConditionError,
    compile_condition,
    default_rules,
    load_rules,
    parse_rules,
)

CATALOGUE = {"hit": ["score", "role", "list_kind", "programs"], "tx": ["hubs", "nexus"]}


def evaluate(expression: str, **facts: dict[str, object]) -> object:
    return compile_condition(expression, CATALOGUE)(facts)


def test_comparisons_boolean_logic_and_membership() -> None:
    hit = {"score": 0.93, "role": "consignee", "list_kind": "sanctions", "programs": ["RUSSIA-EO14024"]}
    assert evaluate("hit.score >= 0.9 and hit.role in ['consignee', 'end_user']", hit=hit) is True
    assert evaluate("not (hit.list_kind == 'export_control' or hit.score < 0.5)", hit=hit) is True
    assert evaluate("'RUSSIA-EO14024' in hit.programs", hit=hit) is True
    assert evaluate("0.8 < hit.score <= 0.93", hit=hit) is True
    assert evaluate("max(hit.score, 0.95) * 2 - 1", hit=hit) == pytest.approx(0.9)
    assert (
        evaluate("any_of(tx.hubs, ['KG', 'AM']) and len(tx.hubs) == 1", hit=hit, tx={"hubs": ["KG"]}) is True
    )


def test_missing_facts_never_raise() -> None:
    assert evaluate("hit.score >= 0.9", hit={}) is False
    assert evaluate("'KG' in tx.hubs", tx={}) is False
    assert evaluate("'KG' not in tx.hubs", tx={}) is True


@pytest.mark.parametrize(
    "expression",
    [
        "__import__('os').system('true')",
        "hit.score.__class__",
        "hit.__dict__",
        "open('/etc/passwd')",
        "[x for x in tx.hubs]",
        "lambda: 1",
        "hit.score ** 2",
        "score >= 0.9",
        "goods.tier == '1'",
        "hit.unknown_fact",
        "hit['score']",
        "hit.score >=",
    ],
)
def test_anything_outside_the_language_is_rejected(expression: str) -> None:
    with pytest.raises(ConditionError):
        compile_condition(expression, CATALOGUE)


RULE = """
rules:
  - id: r1
    description: strong sanctions hit
    for_each: hit
    when: "hit.list_kind == 'sanctions' and hit.score >= 0.9"
    score: hit.score
    decision: block
    explanation: "{hit.query} matches {hit.matched_name} ({hit.score}) via {tx.hubs}"
"""


def test_rule_fires_scores_and_explains() -> None:
    rules = parse_rules(RULE, origin="inline")
    (rule,) = rules.rules
    facts = {
        "hit": {
            "list_kind": "sanctions",
            "score": 0.934,
            "query": "Bright Chip",
            "matched_name": "BRIGHT CHIP",
        },
        "tx": {"hubs": ["KG", "AM"]},
    }
    assert [r.id for r in rules.fired("hit", facts)] == ["r1"]
    assert rule.score_of(facts) == pytest.approx(0.934)
    assert rule.explain(facts) == "Bright Chip matches BRIGHT CHIP (0.93) via KG, AM"
    assert list(rules.fired("hit", {"hit": {"list_kind": "export_control", "score": 0.99}, "tx": {}})) == []
    assert list(rules.fired("goods", facts)) == []


@pytest.mark.parametrize(
    ("text", "field", "line"),
    [
        (RULE.replace("decision: block", "decision: freeze"), "decision", 3),
        (RULE.replace("for_each: hit", "for_each: vessel"), "for_each", 3),
        (RULE.replace("hit.score >= 0.9", "hit.scor >= 0.9"), "when", 3),
        (RULE.replace("score: hit.score", "score: goods.tier"), "score", 3),
        (RULE.replace("    score: hit.score\n", ""), "score", 3),
        (RULE.replace("{hit.matched_name}", "{hit.matchedname}"), "explanation", 3),
        (RULE + RULE.replace("rules:\n", ""), "id", 11),
        ("rules: []", "rules", None),
    ],
)
def test_bad_rule_files_name_file_line_and_field(text: str, field: str, line: int | None) -> None:
    with pytest.raises(ReferenceDataError) as caught:
        parse_rules(text, origin="my_rules.yaml")
    assert (caught.value.file, caught.value.field, caught.value.line) == ("my_rules.yaml", field, line)


def test_invalid_yaml_and_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="YAML"):
        parse_rules("rules: [unclosed", origin="x.yaml")
    with pytest.raises(ReferenceDataError, match="cannot read"):
        load_rules(tmp_path / "absent.yaml")


def test_user_rule_file_replaces_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(RULE, encoding="utf-8")
    rules = load_rules(path)
    assert [r.id for r in rules.rules] == ["r1"] and rules.origin == str(path)


def test_default_rules_load_and_only_read_catalogued_facts() -> None:
    rules = default_rules()
    assert len(rules) >= 15
    assert {r.for_each for r in rules.rules} == set(FACT_CATALOGUE)
    assert {r.decision for r in rules.rules} == {"review", "block"}
    assert all(r.description and r.explanation for r in rules.rules)
