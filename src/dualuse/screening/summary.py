"""Running totals over a screening run, for the terminal summary and the HTML report.

Counts only (decisions, reason kinds, rules, matched entities, goods tiers, routes) plus the
first `max_alerts` alerts in full, so a run of any length keeps a bounded summary. No I/O.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from dualuse.model import Result

MAX_ALERTS = 5000


@dataclass(slots=True)
class Summary:
    max_alerts: int = MAX_ALERTS
    screened: int = 0
    rejected: int = 0
    decisions: Counter[str] = field(default_factory=Counter)
    reason_kinds: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    entities: Counter[str] = field(default_factory=Counter)
    goods_tiers: Counter[str] = field(default_factory=Counter)
    routes: Counter[str] = field(default_factory=Counter)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    alerts_left_out: int = 0

    def add(self, result: Result) -> None:
        """Count one result; alerts (review or block) are kept in full up to `max_alerts`."""
        self.add_dict(result.to_dict())

    def add_json(self, decision: str, text: str) -> None:
        """Count one result given as its JSON line; only flagged results are parsed."""
        if decision == "clear":
            self.screened += 1
            self.decisions["clear"] += 1
        else:
            self.add_dict(json.loads(text))

    def add_dict(self, result: dict[str, Any]) -> None:
        """Count one result in the formats.md layout."""
        self.screened += 1
        self.decisions[result["decision"]] += 1
        if result["decision"] == "clear":
            return
        for reason in result["reasons"]:
            self._count_reason(reason["kind"], reason)
        if len(self.alerts) < self.max_alerts:
            self.alerts.append(result)
        else:
            self.alerts_left_out += 1

    def add_rejected(self) -> None:
        self.rejected += 1

    @property
    def flagged(self) -> int:
        return self.decisions["review"] + self.decisions["block"]

    def _count_reason(self, kind: str, details: dict[str, Any]) -> None:
        self.reason_kinds[kind] += 1
        if details.get("rule"):
            self.rules[str(details["rule"])] += 1
        if details.get("entity_id"):
            name = details.get("matched_name") or details.get("entity") or ""
            self.entities[f"{name} ({details['entity_id']})" if name else str(details["entity_id"])] += 1
        if kind == "goods" and details.get("hs6"):
            tier = details.get("chpl_tier")
            self.goods_tiers[f"tier {tier}" if tier else "listed, no tier"] += 1
        if kind == "route" and (details.get("ship_to") or details.get("final_destination")):
            stops: list[str] = []
            for stop in (details.get("ship_from"), details.get("ship_to"), details.get("final_destination")):
                if stop and (not stops or stops[-1] != stop):
                    stops.append(str(stop))
            regions = details.get("regions")
            self.routes[" → ".join(stops) + (f" ({', '.join(regions)})" if regions else "")] += 1
