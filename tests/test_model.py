from dualuse.errors import InputError
from dualuse.model import Address, Entity, Identifier, Reason, Result


def test_entity_round_trips_through_dict() -> None:
    entity = Entity(
        id="us_ofac_sdn:46633",
        list_id="us_ofac_sdn",
        schema="Company",
        name="WUHAN GLOBAL SENSOR TECHNOLOGY CO., LTD.",
        aliases=["GLOBAL SENSOR"],
        addresses=[Address("Wuhan", "CN")],
        identifiers=[Identifier("uscc", "914201000668186736", "CN")],
    )
    assert Entity.from_dict(entity.to_dict()) == entity


def test_all_names_keeps_order_and_drops_repeats() -> None:
    entity = Entity(id="x:1", list_id="x", schema="Person", name="A", aliases=["B", "A"], weak_aliases=["C"])
    assert entity.all_names() == ["A", "B", "C"]


def test_result_flattens_reason_details() -> None:
    reason = Reason("party", 0.93, "matched", {"role": "beneficiary", "entity_id": "us_ofac_sdn:1"})
    out = Result("TX-1", "review", 0.93, [reason], "v1").to_dict()
    assert out["reasons"][0] == {
        "kind": "party",
        "role": "beneficiary",
        "entity_id": "us_ofac_sdn:1",
        "score": 0.93,
        "explanation": "matched",
    }


def test_input_error_names_file_line_and_field() -> None:
    error = InputError("not a number", file="tx.csv", line=7, field="amount")
    assert str(error) == "tx.csv:7: field 'amount': not a number"
