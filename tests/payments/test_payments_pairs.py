"""The same payment as SWIFT MT and as ISO 20022 (CBPR+ translation pairs) gives the same parties."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.model import Party
from dualuse.payments import read_messages

FIXTURES = Path(__file__).parent.parent / "fixtures" / "payments"

PAIRS = [
    ("cbpr_p211_pacs008_A_to_B", "cbpr_p211_mt103_A_to_B"),
    ("cbpr_p211_pacs008_B_to_C", "cbpr_p211_mt103_B_to_C"),
    ("cbpr_p211_pacs008_C_to_D", "cbpr_p211_mt103_C_to_D"),
    ("cbpr_p221_pacs009_B_to_C", "cbpr_p221_mt202_B_to_C"),
    ("cbpr_p221_pacs009_C_to_D", "cbpr_p221_mt202_C_to_D"),
    ("cbpr_p231a_pacs008_A_to_D", "cbpr_p231a_mt103_A_to_D"),
    ("cbpr_p231a_pacs009cov_A_to_B", "cbpr_p231a_mt202cov_A_to_B"),
    ("cbpr_p231a_pacs009cov_B_to_C", "cbpr_p231a_mt202cov_B_to_C"),
    ("cbpr_p231b_pacs008_A_to_D", "cbpr_p231b_mt103_A_to_D"),
    ("cbpr_p231b_pacs009cov_A_to_B", "cbpr_p231b_mt202cov_A_to_B"),
    ("cbpr_p231b_pacs009cov_B_to_C", "cbpr_p231b_mt202cov_B_to_C"),
    ("cbpr_p231b_pacs009cov_C_to_D", "cbpr_p231b_mt202cov_C_to_D"),
]
# The translator carries a pacs.009's debtor agent in the MT202's 72 /INS/ (instructing
# institution): the same bank in another role. Every other party must be identical.
_TRANSLATED_ROLES = {"ordering_bank": "previous_instructing_agent"}


def _key(party: Party, bank_transfer: bool) -> tuple[object, ...]:
    source = party.source or ""
    in_bank_leg = bank_transfer and "UndrlygCstmrCdtTrf" not in source and "seq B" not in source
    role = _TRANSLATED_ROLES.get(party.role, party.role) if in_bank_leg else party.role
    return (role, party.name, party.bic, party.account, party.country, party.address)


@pytest.mark.parametrize(("iso_name", "mt_name"), PAIRS)
def test_mt_and_iso20022_give_the_same_parties_and_amount(iso_name: str, mt_name: str) -> None:
    [iso] = read_messages(FIXTURES / "iso20022" / f"{iso_name}.xml")
    [mt] = read_messages(FIXTURES / "mt" / f"{mt_name}.fin")
    bank_transfer = "pacs009" in iso_name
    assert sorted(map(str, (_key(p, bank_transfer) for p in iso.parties))) == sorted(
        map(str, (_key(p, bank_transfer) for p in mt.parties))
    )
    assert (iso.amount, iso.currency, iso.date, iso.extra["uetr"]) == (
        mt.amount,
        mt.currency,
        mt.date,
        mt.extra["uetr"],
    )
