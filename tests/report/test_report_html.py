"""The HTML report and the run summary: self-contained, escaped, complete, bounded."""

from __future__ import annotations

import re

from dualuse.model import Reason, Result
from dualuse.report import ReportContext, render_report
from dualuse.report.charts import bar_chart
from dualuse.screening.summary import Summary

CONTEXT = ReportContext("day.jsonl", "2024-03-14 08:00 UTC", "us_ofac_sdn@2024-05-03", "default.yaml", 19)


def alert(number: int, decision: str = "review", name: str = "Bright Chip") -> Result:
    party = {
        "rule": "party_sanctions_strong",
        "entity_id": "sdn:1",
        "matched_name": "BRIGHT CHIP",
        "role": "beneficiary",
    }
    goods = {"rule": "chpl_goods_via_transshipment", "hs6": "854239", "chpl_tier": "1", "line": 0}
    route = {"rule": "transshipment_to_russia", "ship_from": "CN", "ship_to": "KG", "final_destination": "RU"}
    reasons = [
        Reason("party", 0.93, f"beneficiary {name} matches", party),
        Reason("goods", 0.95, "FPGA is CHPL tier 1", goods),
        Reason("route", 0.6, "CN -> KG -> RU", route),
    ]
    return Result(f"TX-{number}", decision, 0.99, reasons, "v1")


def test_summary_counts_decisions_reasons_rules_entities_tiers_routes() -> None:
    summary = Summary()
    summary.add(Result("clear-1", "clear", 0.0))
    summary.add(alert(1, "block"))
    summary.add(alert(2))
    summary.add_rejected()
    assert (summary.screened, summary.flagged, summary.rejected) == (3, 2, 1)
    assert summary.decisions == {"clear": 1, "block": 1, "review": 1}
    assert summary.reason_kinds == {"party": 2, "goods": 2, "route": 2}
    assert summary.rules["party_sanctions_strong"] == 2
    assert summary.entities == {"BRIGHT CHIP (sdn:1)": 2}
    assert summary.goods_tiers == {"tier 1": 2} and summary.routes == {"CN → KG → RU": 2}


def test_summary_keeps_a_bounded_number_of_alerts() -> None:
    summary = Summary(max_alerts=2)
    for number in range(5):
        summary.add(alert(number))
    assert (
        len(summary.alerts) == 2
        and summary.alerts_left_out == 3
        and summary.rules["transshipment_to_russia"] == 5
    )


def test_report_is_self_contained_with_charts_and_every_alert_explained() -> None:
    summary = Summary()
    summary.add(alert(1, "block"))
    summary.add(alert(2))
    summary.add(Result("clear-1", "clear", 0.0))
    page = render_report(summary, CONTEXT)
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert not re.search(r"<(script|link)\b|src=\"http", page)
    assert page.count("<svg") == 6
    for expected in (
        "TX-1",
        "TX-2",
        "FPGA is CHPL tier 1",
        "transshipment_to_russia",
        "us_ofac_sdn@2024-05-03",
    ):
        assert expected in page
    assert page.index("TX-1") < page.index("TX-2")  # blocks first


def test_report_escapes_what_came_from_the_input() -> None:
    summary = Summary()
    summary.add(alert(1, name="<script>alert(1)</script>"))
    page = render_report(summary, CONTEXT)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_report_without_alerts_says_so_and_mentions_left_out_alerts() -> None:
    summary = Summary()
    summary.add(Result("clear-1", "clear", 0.0))
    assert "No alerts" in render_report(summary, CONTEXT)
    capped = Summary(max_alerts=1)
    capped.add(alert(1))
    capped.add(alert(2))
    assert "1 further alerts are in the results file only" in render_report(capped, CONTEXT)


def test_bar_chart_scales_bars_and_handles_empty_counts() -> None:
    svg = bar_chart("Decisions", {"clear": 90, "review": 9, "block": 1})
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths[0] == max(widths) and widths[0] > 100 * widths[2] / 2
    assert "90" in svg and 'aria-label="Decisions"' in svg
    assert "nothing to chart" in bar_chart("Routes", {})
