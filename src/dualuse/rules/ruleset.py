"""Red-flag rules as data: load a YAML rule set, validate it, and evaluate it over facts.

A rule file looks like::

    rules:
      - id: party_sanctions_strong
        description: Strong name or identifier match on a sanctions list.
        for_each: hit                 # hit | goods | address | text | tx
        when: "hit.list_kind == 'sanctions' and (hit.score >= 0.9 or hit.identifier_match)"
        score: hit.score              # a number, or an expression over the facts
        decision: block               # review | block
        kind: party                   # reason kind: party | goods | route | media
        explanation: "{hit.role} {hit.query} matches {hit.matched_name} ({hit.list})"

Everything is validated when the file is loaded (see `conditions.py`): a bad rule raises
`ReferenceDataError` naming the file, the line of the rule and the field.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dualuse.errors import ReferenceDataError
from dualuse.rules.conditions import Compiled, ConditionError, Facts, compile_condition
from dualuse.rules.facts import FACT_CATALOGUE

RULE_DECISIONS = ("review", "block")
REASON_KINDS = ("party", "goods", "route", "media")
_DEFAULT_KIND = {"hit": "party", "goods": "goods", "address": "party", "text": "party", "tx": "route"}
_PLACEHOLDER = re.compile(r"\{(\w+)\.(\w+)\}")
_REQUIRED = ("id", "description", "for_each", "when", "score", "decision")


@dataclass(frozen=True, slots=True)
class Rule:
    """One validated rule; `test(facts)` says whether it fires, `score_of(facts)` how strongly."""

    id: str
    description: str
    for_each: str
    condition: str
    decision: str
    kind: str
    explanation: str
    test: Compiled
    score_expression: Compiled

    def score_of(self, facts: Facts) -> float:
        value = self.score_expression(facts)
        return min(1.0, max(0.0, float(value))) if isinstance(value, int | float) else 0.0

    def explain(self, facts: Facts) -> str:
        return _PLACEHOLDER.sub(lambda m: _render(facts.get(m[1], {}).get(m[2])), self.explanation)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Rules in file order, with where they came from (shown in reports)."""

    rules: tuple[Rule, ...]
    origin: str
    _by_scope: dict[str, tuple[Rule, ...]] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Rules grouped by scope once, since `fired` runs for every item of every transaction.
        grouped = {scope: tuple(r for r in self.rules if r.for_each == scope) for scope in FACT_CATALOGUE}
        object.__setattr__(self, "_by_scope", grouped)

    def fired(self, scope: str, facts: Facts) -> Iterator[Rule]:
        """The rules of `scope` whose condition holds for `facts`."""
        return (rule for rule in self._by_scope.get(scope, ()) if rule.test(facts))

    def __len__(self) -> int:
        return len(self.rules)


def default_rules() -> RuleSet:
    """The rule set shipped with the package (`dualuse/data/rules/default.yaml`)."""
    text = resources.files("dualuse").joinpath("data/rules/default.yaml").read_text(encoding="utf-8")
    return parse_rules(text, origin="dualuse/data/rules/default.yaml")


def load_rules(path: str | Path) -> RuleSet:
    """A user's rule file, replacing the defaults."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise ReferenceDataError(f"cannot read the rule file: {error.strerror}", file=str(source)) from None
    return parse_rules(text, origin=str(source))


def parse_rules(text: str, *, origin: str) -> RuleSet:
    """Validate a YAML rule document; errors name `origin`, the rule's line and the field."""
    # One parse: the node tree gives each rule's line, the same tree is then built into data.
    loader = yaml.SafeLoader(text)
    try:
        document = loader.get_single_node()
        data = loader.construct_document(document) if document is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ReferenceDataError(f"not valid YAML: {error}", file=origin, line=line) from None
    finally:
        loader.dispose()
    if not isinstance(data, Mapping) or not isinstance(data.get("rules"), list) or not data["rules"]:
        raise ReferenceDataError(
            "expected a mapping with a non-empty 'rules' list", file=origin, field="rules"
        )
    lines = _rule_lines(document)
    rules = [
        _build_rule(entry, origin, lines[i] if i < len(lines) else None)
        for i, entry in enumerate(data["rules"])
    ]
    _check_unique([rule.id for rule in rules], origin, lines)
    return RuleSet(rules=tuple(rules), origin=origin)


def _rule_lines(document: yaml.Node | None) -> list[int]:
    if not isinstance(document, yaml.MappingNode):
        return []
    for key, value in document.value:
        if key.value == "rules" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _build_rule(entry: Any, origin: str, line: int | None) -> Rule:
    def fail(field: str, message: str) -> ReferenceDataError:
        return ReferenceDataError(message, file=origin, line=line, field=field)

    if not isinstance(entry, Mapping):
        raise fail("rules", "each rule must be a mapping")
    for field in _REQUIRED:
        if entry.get(field) in (None, ""):
            raise fail(field, "missing")
    scope = str(entry["for_each"])
    if scope not in FACT_CATALOGUE:
        raise fail("for_each", f"unknown scope {scope!r}; use one of {', '.join(FACT_CATALOGUE)}")
    decision = str(entry["decision"])
    if decision not in RULE_DECISIONS:
        raise fail("decision", f"must be one of {', '.join(RULE_DECISIONS)}")
    kind = str(entry.get("kind") or _DEFAULT_KIND[scope])
    if kind not in REASON_KINDS:
        raise fail("kind", f"must be one of {', '.join(REASON_KINDS)}")
    visible = {name: FACT_CATALOGUE[name] for name in {scope, "tx"}}
    explanation = str(entry.get("explanation") or entry["description"])
    for placeholder in _PLACEHOLDER.finditer(explanation):
        if placeholder[2] not in visible.get(placeholder[1], {}):
            raise fail(
                "explanation", f"unknown fact {{{placeholder[1]}.{placeholder[2]}}} for for_each {scope}"
            )
    compiled: dict[str, Compiled] = {}
    for field in ("when", "score"):
        try:
            compiled[field] = compile_condition(str(entry[field]), visible)
        except ConditionError as error:
            raise fail(field, str(error)) from None
    return Rule(
        id=str(entry["id"]),
        description=str(entry["description"]).strip(),
        for_each=scope,
        condition=str(entry["when"]),
        decision=decision,
        kind=kind,
        explanation=explanation.strip(),
        test=compiled["when"],
        score_expression=compiled["score"],
    )


def _check_unique(ids: list[str], origin: str, lines: list[int]) -> None:
    seen: set[str] = set()
    for index, rule_id in enumerate(ids):
        if rule_id in seen:
            line = lines[index] if index < len(lines) else None
            raise ReferenceDataError(f"duplicate rule id {rule_id!r}", file=origin, line=line, field="id")
        seen.add(rule_id)


def _render(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, Iterable) and not isinstance(value, str):
        return ", ".join(_render(item) for item in value) or "-"
    return str(value)
