"""Reading transactions: every input format, and every kind of bad input with its location."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dualuse.errors import InputError
from dualuse.io import atomic_text_writer, read_transactions

FORMATS_EXAMPLE: dict[str, Any] = {
    "id": "TX-2024-000123",
    "date": "2024-03-14",
    "type": "payment",
    "amount": 125000.00,
    "currency": "USD",
    "parties": [
        {"role": "originator", "name": "OOO Tekhnopark Vostok", "country": "RU",
         "address": "ul. Lenina 5, Moscow", "identifiers": {"inn": "7701234567"}},
        {"role": "beneficiary", "name": "Shenzhen Bright Chip Co., Ltd.", "country": "CN"},
        {"role": "intermediary_bank", "name": "Example Bank Bishkek", "country": "KG", "bic": "EXAMKG22"},
    ],
    "goods": [
        {"description": "FPGA XC7A100T-2FGG484I", "hs_code": "8542.39", "quantity": 500,
         "unit": "pcs", "value": 60000, "origin_country": "CN"}
    ],
    "route": {"ship_from": "CN", "ship_to": "KG", "final_destination": "RU"},
    "remittance_info": "INV 2024/118 electronic components",
}  # fmt: skip


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_jsonl_formats_md_example_reads_every_field(tmp_path: Path) -> None:
    (tx,) = read_transactions(write_jsonl(tmp_path / "in.jsonl", [FORMATS_EXAMPLE]))
    assert tx.id == "TX-2024-000123" and tx.amount == 125000.0 and tx.currency == "USD"
    assert [p.role for p in tx.parties] == ["originator", "beneficiary", "intermediary_bank"]
    assert tx.parties[0].identifiers == {"inn": "7701234567"}
    assert tx.parties[2].bic == "EXAMKG22"
    assert tx.goods[0].hs_code == "854239" and tx.goods[0].quantity == 500
    assert (tx.route.ship_to, tx.route.final_destination) == ("KG", "RU")
    assert tx.remittance_info == "INV 2024/118 electronic components"


def test_country_names_are_normalised_and_occupied_regions_remembered(tmp_path: Path) -> None:
    record = {"id": "1", "parties": [{"role": "consignee", "name": "X", "country": "Kyrgyzstan"}],
              "route": {"ship_to": "Hong Kong SAR", "final_destination": "Crimea"}}  # fmt: skip
    (tx,) = read_transactions(write_jsonl(tmp_path / "in.jsonl", [record]))
    assert tx.parties[0].country == "KG"
    assert tx.route.ship_to == "HK"
    assert tx.route.final_destination == "UA"
    assert tx.regions == {"route.final_destination": "UA-43"}


def test_only_id_is_required_and_unknown_fields_are_carried(tmp_path: Path) -> None:
    (tx,) = read_transactions(write_jsonl(tmp_path / "in.jsonl", [{"id": 7, "desk": "trade finance"}]))
    assert tx.id == "7" and tx.parties == [] and tx.extra == {"desk": "trade finance"}


def test_blank_lines_are_skipped_and_line_numbers_stay_physical(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a"}\n\n{"id": "b", "amount": "lots"}\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_transactions(path))
    assert (caught.value.line, caught.value.field) == (3, "amount")
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"amount": 1}, "id"),
        ({"id": ""}, "id"),
        ({"id": "x", "amount": "12,5k"}, "amount"),
        ({"id": "x", "amount": True}, "amount"),
        ({"id": "x", "date": "14/03/2024"}, "date"),
        ({"id": "x", "currency": "dollars"}, "currency"),
        ({"id": "x", "parties": {"role": "originator"}}, "parties"),
        ({"id": "x", "parties": ["ACME"]}, "parties[0]"),
        ({"id": "x", "parties": [{"role": "originator", "country": "Atlantis"}]}, "parties[0].country"),
        ({"id": "x", "parties": [{"role": "x", "identifiers": ["inn"]}]}, "parties[0].identifiers"),
        ({"id": "x", "goods": [{"hs_code": "85A2"}]}, "goods[0].hs_code"),
        ({"id": "x", "goods": [{"hs_code": "8"}]}, "goods[0].hs_code"),
        ({"id": "x", "goods": [{"value": "n/a"}]}, "goods[0].value"),
        ({"id": "x", "route": "CN-KG-RU"}, "route"),
        ({"id": "x", "route": {"via": "KZ"}}, "route.via"),
        ({"id": "x", "route": {"final_destination": "Narnia"}}, "route.final_destination"),
        ({"id": "x", "free_text": [{"source": "MT103 70"}]}, "free_text[0].text"),
    ],
)
def test_bad_records_name_file_line_and_field(tmp_path: Path, record: dict[str, Any], field: str) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [{"id": "ok"}, record])
    with pytest.raises(InputError) as caught:
        list(read_transactions(path))
    assert (caught.value.file, caught.value.line, caught.value.field) == (str(path), 2, field)


def test_invalid_json_and_non_objects_are_located(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a"}\n{"id": "b",\n', encoding="utf-8")
    with pytest.raises(InputError, match="invalid JSON") as caught:
        list(read_transactions(path))
    assert caught.value.line == 2
    write_jsonl(path, [[1, 2]])
    with pytest.raises(InputError, match="expected a JSON object"):
        list(read_transactions(path))


def test_not_utf8_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "\xff"}\n')
    with pytest.raises(InputError, match="UTF-8"):
        list(read_transactions(path))


CSV_HEADER = (
    "id,date,amount,currency,originator_name,originator_country,beneficiary_name,beneficiary_country,"
    "beneficiary_address,consignee_name,consignee_country,end_user_name,end_user_country,goods_description,"
    "hs_code,goods_value,origin_country,ship_from,ship_to,final_destination,remittance_info,desk\n"
)


def test_csv_flat_layout_becomes_nested(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        CSV_HEADER + 'T1,2024-03-14,60000,usd,OOO Vostok,Russia,Bright Chip,CN,"Room 1, HK",KG Trade,KG,'
        "OOO Vostok,RU,FPGA chips,8542.39,60000,CN,CN,KG,RU,INV 1,trade\n"
        "T2,,,,,,,,,,,,,,,,,,,,,\n",
        encoding="utf-8",
    )
    first, second = read_transactions(path)
    assert [p.role for p in first.parties] == ["originator", "beneficiary", "consignee", "end_user"]
    assert first.parties[0].country == "RU" and first.parties[1].address == "Room 1, HK"
    assert first.goods[0].hs_code == "854239" and first.goods[0].value == 60000
    assert first.route.final_destination == "RU" and first.currency == "USD"
    assert first.extra == {"desk": "trade"}
    assert second.id == "T2" and second.parties == [] and second.goods == []


def test_csv_identifier_and_via_columns(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "id,originator_name,originator_id_inn,route_via\nT1,Vostok,7701234567,KZ; AM\n", encoding="utf-8"
    )
    (tx,) = read_transactions(path)
    assert tx.parties[0].identifiers == {"inn": "7701234567"}
    assert tx.route.via == ["KZ", "AM"]


def test_csv_without_id_header_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("ref,amount\nT1,5\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_transactions(path))
    assert (caught.value.line, caught.value.field) == (1, "id")


def test_csv_row_with_too_many_fields_and_bad_values_are_located(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,amount\nT1,5\nT2,5,extra\n", encoding="utf-8")
    with pytest.raises(InputError, match="more fields") as caught:
        list(read_transactions(path))
    assert caught.value.line == 3
    path.write_text("id,originator_country\nT1,Nowhere Land\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_transactions(path))
    assert (caught.value.line, caught.value.field) == (2, "parties[0].country")


def test_parquet_nested_and_flat(tmp_path: Path) -> None:
    nested = tmp_path / "nested.parquet"
    pq.write_table(pa.Table.from_pylist([FORMATS_EXAMPLE, {"id": "T2"}]), nested)
    first, second = read_transactions(nested)
    assert first.parties[0].identifiers["inn"] == "7701234567"
    assert first.goods[0].hs_code == "854239" and second.id == "T2"
    flat = tmp_path / "flat.parquet"
    pq.write_table(
        pa.Table.from_pylist([{"id": "F1", "beneficiary_name": "Bright Chip", "ship_to": "Kazakhstan"}]), flat
    )
    (tx,) = read_transactions(flat)
    assert tx.parties[0].name == "Bright Chip" and tx.route.ship_to == "KZ"


def test_parquet_streams_in_batches_with_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "many.parquet"
    rows = [{"id": f"T{i}", "amount": float(i)} for i in range(10_000)]
    rows[9_000]["amount"] = None
    rows[9_500] = {"id": "", "amount": 1.0}
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=1000)
    with pytest.raises(InputError) as caught:
        list(read_transactions(path))
    assert (caught.value.line, caught.value.field) == (9_501, "id")


def test_broken_parquet_and_missing_id_column(tmp_path: Path) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    with pytest.raises(InputError, match="Parquet"):
        list(read_transactions(broken))
    no_id = tmp_path / "noid.parquet"
    pq.write_table(pa.Table.from_pylist([{"ref": "x"}]), no_id)
    with pytest.raises(InputError) as caught:
        list(read_transactions(no_id))
    assert caught.value.field == "id"


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such input file"):
        list(read_transactions(tmp_path / "absent.jsonl"))
    path = write_jsonl(tmp_path / "in.jsonl", [{"id": "a"}])
    with pytest.raises(InputError, match="unknown input format"):
        list(read_transactions(path, format="xlsx"))
    odd = tmp_path / "data.bin"
    odd.write_bytes(b"\x00\x01")
    with pytest.raises(InputError, match="--format"):
        list(read_transactions(odd))


def test_format_is_sniffed_from_content_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "export"
    path.write_text('{"id": "sniffed"}\n', encoding="utf-8")
    assert [tx.id for tx in read_transactions(path)] == ["sniffed"]


def test_atomic_writer_leaves_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("previous\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_text_writer(target) as stream:
        stream.write("half")
        raise RuntimeError("crash")
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert list(tmp_path.iterdir()) == [target]
    with atomic_text_writer(target) as stream:
        stream.write("new\n")
    assert target.read_text(encoding="utf-8") == "new\n"


def test_atomic_writer_gives_the_usual_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "results.jsonl"
    with atomic_text_writer(target) as stream:
        stream.write("{}\n")
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    assert target.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


MT103 = """{1:F01ABNANL2AXXXX0000000000}{2:O1030800210409RBOSGB2LXXXX00000000002104090800N}{4:
:20:INV2024118
:23B:CRED
:32A:240314USD125000,00
:50K:/40702810000000012345
OOO TEKHNOPARK VOSTOK
UL LENINA 5 MOSCOW RU
:52A:RBOSGB2LXXX
:57A:HELSFIHHXXX
:59:/98653214
SHENZHEN BRIGHT CHIP CO LTD
SHENZHEN CN
:70:INV 2024/118 ELECTRONIC COMPONENTS
:71A:OUR
-}
"""


def test_swift_mt_is_delegated_to_the_payments_reader(tmp_path: Path) -> None:
    path = tmp_path / "day.fin"
    path.write_text(MT103, encoding="utf-8")
    for transactions in (list(read_transactions(path)), list(read_transactions(path, format="mt"))):
        (tx,) = transactions
        names = {p.name for p in tx.parties}
        assert "SHENZHEN BRIGHT CHIP CO LTD" in names
        assert all(p.source and p.source.startswith("MT103") for p in tx.parties if p.name)
