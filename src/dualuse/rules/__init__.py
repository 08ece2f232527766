"""Red-flag rules as data: a safe condition language, the fact catalogue, YAML rule sets."""

from __future__ import annotations

from dualuse.rules.conditions import ConditionError, compile_condition
from dualuse.rules.facts import FACT_CATALOGUE, SCOPES
from dualuse.rules.ruleset import Rule, RuleSet, default_rules, load_rules, parse_rules

__all__ = [
    "FACT_CATALOGUE",
    "SCOPES",
    "ConditionError",
    "Rule",
    "RuleSet",
    "compile_condition",
    "default_rules",
    "load_rules",
    "parse_rules",
]
