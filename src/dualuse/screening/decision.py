"""From reasons to a decision: clear, review or block, and one overall score.

The decision is the most severe decision of the rules that fired (`block` only when a rule is
configured to block). The score combines the reasons' scores as independent evidence
(noisy-OR: 1 - prod(1 - s)), so two moderate red flags weigh more than one, and never exceeds 1.
Reasons are ordered most serious first. No I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

from dualuse.model import DECISIONS, Reason, Result

# A decision's severity is its place in DECISIONS (clear, review, block).
_SEVERITY = {decision: level for level, decision in enumerate(DECISIONS)}


def decide(
    transaction_id: str, reasons: list[Reason], decisions: Mapping[str, str], lists_version: str
) -> Result:
    """The `Result` for `reasons`; `decisions` maps each rule id to its configured decision."""
    if not reasons:
        return Result(transaction_id, "clear", 0.0, [], lists_version)
    severity = {id(r): _SEVERITY[decisions.get(str(r.details.get("rule")), "review")] for r in reasons}
    decision = max(severity.values())
    remaining = 1.0
    for reason in reasons:
        remaining *= 1.0 - min(1.0, max(0.0, reason.score))
    ordered = sorted(reasons, key=lambda r: (-severity[id(r)], -r.score))
    return Result(transaction_id, DECISIONS[decision], 1.0 - remaining, ordered, lists_version)
