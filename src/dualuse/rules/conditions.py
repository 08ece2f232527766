"""A small, safe condition language for rules written as data.

A condition is one expression over the facts the pipeline computes, e.g.
``hit.list_kind == 'sanctions' and hit.score >= 0.9 and hit.role in ['consignee', 'end_user']``.
It is parsed with Python's own parser (so the syntax is familiar) but only a whitelist of node
kinds is accepted (and/or/not, comparisons, `in`, constants, lists, `scope.field` look-ups, `+`,
`-`, `*`, `max`/`min`/`len`/`any_of`) and it is compiled into plain closures: nothing is ever
passed to `eval`, no attribute of a Python object is reachable, and every `scope.field` is
checked against the fact catalogue when the rules are loaded, so a typo fails at load time with
the rule's location instead of silently never firing.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any

Facts = Mapping[str, Mapping[str, Any]]
Compiled = Callable[[Facts], Any]


class ConditionError(ValueError):
    """The expression is not in the condition language (the message says what and where)."""


_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda left, right: right is not None and left in right,
    ast.NotIn: lambda left, right: right is None or left not in right,
}
_ARITHMETIC: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
}


def _any_of(values: Any, candidates: Any) -> bool:
    """True when the two collections share an element (e.g. a goods line's categories)."""
    return bool(values) and bool(candidates) and not set(values).isdisjoint(candidates)


_FUNCTIONS: dict[str, Callable[..., Any]] = {"max": max, "min": min, "len": len, "any_of": _any_of}


def compile_condition(source: str, catalogue: Mapping[str, Iterable[str]]) -> Compiled:
    """Compile `source` into a function of the facts; `catalogue` lists each scope's fields."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as error:
        raise ConditionError(f"syntax error in {source!r}: {error.msg}") from None
    fields = {scope: frozenset(names) for scope, names in catalogue.items()}
    return _Compiler(source, fields).visit(tree.body)


class _Compiler:
    def __init__(self, source: str, fields: Mapping[str, frozenset[str]]) -> None:
        self.source = source
        self.fields = fields

    def reject(self, node: ast.AST, what: str) -> ConditionError:
        column = getattr(node, "col_offset", 0)
        return ConditionError(f"{what} at column {column + 1} of {self.source!r}")

    def visit(self, node: ast.expr) -> Compiled:
        handler = getattr(self, f"_{type(node).__name__}", None)
        if handler is None:
            raise self.reject(node, f"{type(node).__name__} is not allowed in a condition")
        compiled: Compiled = handler(node)
        return compiled

    def _BoolOp(self, node: ast.BoolOp) -> Compiled:
        parts = [self.visit(value) for value in node.values]
        if isinstance(node.op, ast.And):
            return lambda facts: all(part(facts) for part in parts)
        return lambda facts: any(part(facts) for part in parts)

    def _UnaryOp(self, node: ast.UnaryOp) -> Compiled:
        operand = self.visit(node.operand)
        if isinstance(node.op, ast.Not):
            return lambda facts: not operand(facts)
        if isinstance(node.op, ast.USub):
            return lambda facts: -operand(facts)
        raise self.reject(node, "only 'not' and '-' are allowed as unary operators")

    def _BinOp(self, node: ast.BinOp) -> Compiled:
        function = _ARITHMETIC.get(type(node.op))
        if function is None:
            raise self.reject(node, "only +, - and * are allowed")
        left, right = self.visit(node.left), self.visit(node.right)
        return lambda facts: function(left(facts), right(facts))

    def _Compare(self, node: ast.Compare) -> Compiled:
        operands = [self.visit(node.left), *(self.visit(c) for c in node.comparators)]
        tests = [_COMPARE[type(op)] for op in node.ops]

        def compare(facts: Facts) -> bool:
            values = [operand(facts) for operand in operands]
            return all(_safe_test(test, values[i], values[i + 1]) for i, test in enumerate(tests))

        return compare

    def _Call(self, node: ast.Call) -> Compiled:
        if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS or node.keywords:
            raise self.reject(node, f"only the functions {', '.join(sorted(_FUNCTIONS))} can be called")
        function = _FUNCTIONS[node.func.id]
        arguments = [self.visit(argument) for argument in node.args]
        return lambda facts: function(*(argument(facts) for argument in arguments))

    def _Attribute(self, node: ast.Attribute) -> Compiled:
        if not isinstance(node.value, ast.Name):
            raise self.reject(node, "facts are read as scope.field (one dot)")
        scope, field = node.value.id, node.attr
        if scope not in self.fields:
            raise self.reject(node, f"unknown scope {scope!r} (known: {', '.join(sorted(self.fields))})")
        if field not in self.fields[scope]:
            raise self.reject(node, f"unknown fact {scope}.{field}")
        return lambda facts: facts[scope].get(field) if scope in facts else None

    def _Name(self, node: ast.Name) -> Compiled:
        constants = {"true": True, "false": False, "none": None, "null": None}
        if node.id.lower() in constants:
            value = constants[node.id.lower()]
            return lambda facts: value
        raise self.reject(node, f"bare name {node.id!r}; read facts as scope.field")

    def _Constant(self, node: ast.Constant) -> Compiled:
        value = node.value
        if not isinstance(value, str | int | float | bool | type(None)):
            raise self.reject(node, "only text, numbers, true/false and none are constants")
        return lambda facts: value

    def _List(self, node: ast.List | ast.Tuple | ast.Set) -> Compiled:
        items = [self.visit(item) for item in node.elts]
        return lambda facts: [item(facts) for item in items]

    _Tuple = _List
    _Set = _List


def _safe_test(test: Callable[[Any, Any], bool], left: Any, right: Any) -> bool:
    # A missing fact (None) never satisfies an ordering test, instead of raising TypeError.
    try:
        return test(left, right)
    except TypeError:
        return False
