"""Turn one decoded input record (a JSON object, a flat CSV row) into a validated `Transaction`.

Validation happens here, at the edge: every problem becomes an `InputError` naming the file, the
line and the field (`parties[1].country`), so the analyst can fix the source. Country names are
normalised to ISO 3166-1 alpha-2. This module does no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from dualuse.countries import occupied_region, to_iso2
from dualuse.errors import InputError
from dualuse.model import FreeText, GoodsLine, Party, Route, Transaction

_HS_DIGITS = re.compile(r"^\d{2,10}$")
_KNOWN_KEYS = frozenset(
    {"id", "date", "type", "amount", "currency", "parties", "goods", "route", "remittance_info", "free_text"}
)

# Flat CSV layout (formats.md): `<role>_<field>` columns for these roles, one goods line.
CSV_ROLES = (
    "originator",
    "beneficiary",
    "ordering_bank",
    "beneficiary_bank",
    "intermediary_bank",
    "shipper",
    "consignee",
    "notify_party",
    "end_user",
    "manufacturer",
)
_CSV_PARTY_FIELDS = ("name", "country", "address", "bic", "account")
_CSV_GOODS = {
    "goods_description": "description",
    "hs_code": "hs_code",
    "goods_value": "value",
    "goods_quantity": "quantity",
    "goods_unit": "unit",
    "origin_country": "origin_country",
}
_CSV_ROUTE = ("ship_from", "ship_to", "final_destination", "route_via")
_CSV_TOP = ("id", "date", "type", "amount", "currency", "remittance_info")


class _Where:
    """The place being validated: file and line, plus the field path built while descending."""

    __slots__ = ("file", "line", "regions")

    def __init__(self, file: str | None, line: int | None) -> None:
        self.file = file
        self.line = line
        self.regions: dict[str, str] = {}

    def error(self, field: str, message: str) -> InputError:
        return InputError(message, file=self.file, line=self.line, field=field)


def parse_transaction(record: Any, *, file: str | None = None, line: int | None = None) -> Transaction:
    """Validate one nested record (formats.md JSON layout) into a `Transaction`."""
    where = _Where(file, line)
    if not isinstance(record, Mapping):
        raise where.error("", f"expected a JSON object, got {type(record).__name__}")
    route = record.get("route")
    return Transaction(
        id=_required_id(record.get("id"), where),
        date=_date(record.get("date"), where),
        type=_text(record.get("type"), "type", where),
        amount=_number(record.get("amount"), "amount", where),
        currency=_currency(record.get("currency"), where),
        parties=[_party(p, f"parties[{i}]", where) for i, p in enumerate(_list(record, "parties", where))],
        goods=[_goods(g, f"goods[{i}]", where) for i, g in enumerate(_list(record, "goods", where))],
        route=_route(route, where) if route is not None else Route(),
        remittance_info=_text(record.get("remittance_info"), "remittance_info", where),
        free_text=[
            _free_text(f, f"free_text[{i}]", where) for i, f in enumerate(_list(record, "free_text", where))
        ],
        extra={k: v for k, v in record.items() if k not in _KNOWN_KEYS},
        regions=where.regions,
    )


def flat_to_nested(row: Mapping[str, Any]) -> dict[str, Any]:
    """Rebuild the nested layout from a flat CSV (or flat Parquet) row; unknown columns are kept."""
    values = {k.strip(): v for k, v in row.items() if k is not None and not _blank(v)}
    nested: dict[str, Any] = {k: values.pop(k) for k in _CSV_TOP if k in values}
    parties = [party for role in CSV_ROLES if (party := _flat_party(role, values))]
    if parties:
        nested["parties"] = parties
    goods = {field: values.pop(column) for column, field in _CSV_GOODS.items() if column in values}
    if goods:
        nested["goods"] = [goods]
    route = {k: values.pop(k) for k in _CSV_ROUTE if k in values}
    if "route_via" in route:
        route["via"] = [c.strip() for c in str(route.pop("route_via")).split(";") if c.strip()]
    if route:
        nested["route"] = route
    nested.update(values)
    return nested


def _flat_party(role: str, values: dict[str, Any]) -> dict[str, Any] | None:
    party: dict[str, Any] = {"role": role}
    for field in _CSV_PARTY_FIELDS:
        column = f"{role}_{field}"
        if column in values:
            party[field] = values.pop(column)
    # `<role>_id_<kind>` columns carry identifiers, e.g. `originator_id_inn`.
    prefix = f"{role}_id_"
    for column in [c for c in values if c.startswith(prefix)]:
        party.setdefault("identifiers", {})[column[len(prefix) :]] = str(values.pop(column))
    return party if len(party) > 1 else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _required_id(value: Any, where: _Where) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        raise where.error("id", "missing or empty transaction id")
    return str(value).strip()


def _text(value: Any, field: str, where: _Where) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise where.error(field, f"expected text, got {type(value).__name__}")
    text = str(value).strip()
    return text or None


def _number(value: Any, field: str, where: _Where) -> float | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise where.error(field, "expected a number, got true/false")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "").strip())
        except ValueError:
            pass
    raise where.error(field, f"expected a number, got {value!r}")


def _date(value: Any, where: _Where) -> str | None:
    text = _text(value, "date", where)
    if text is None:
        return None
    try:
        date.fromisoformat(text[:10])
        if len(text) > 10:
            datetime.fromisoformat(text)
    except ValueError:
        raise where.error("date", f"expected an ISO date like 2024-03-14, got {text!r}") from None
    return text


def _currency(value: Any, where: _Where) -> str | None:
    text = _text(value, "currency", where)
    if text is not None and not re.fullmatch(r"[A-Za-z]{3}", text):
        raise where.error("currency", f"expected a 3-letter ISO 4217 code, got {text!r}")
    return text.upper() if text else None


def _country(value: Any, field: str, where: _Where) -> str | None:
    text = _text(value, field, where)
    if text is None:
        return None
    code = to_iso2(text)
    if code is None:
        raise where.error(field, f"unknown country {text!r} (use ISO 3166-1 alpha-2 or an English name)")
    region = occupied_region(text)
    if region is not None:
        where.regions[field] = region
    return code


def _list(record: Mapping[str, Any], key: str, where: _Where) -> list[Any]:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise where.error(key, f"expected a list, got {type(value).__name__}")
    return value


def _object(value: Any, field: str, where: _Where) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise where.error(field, f"expected an object, got {type(value).__name__}")
    return value


def _party(value: Any, field: str, where: _Where) -> Party:
    data = _object(value, field, where)
    identifiers = data.get("identifiers") or {}
    if not isinstance(identifiers, Mapping):
        raise where.error(f"{field}.identifiers", "expected an object of kind: value")
    return Party(
        role=(_text(data.get("role"), f"{field}.role", where) or "party").lower(),
        name=_text(data.get("name"), f"{field}.name", where),
        country=_country(data.get("country"), f"{field}.country", where),
        address=_text(data.get("address"), f"{field}.address", where),
        identifiers={str(k).strip().lower(): str(v).strip() for k, v in identifiers.items() if not _blank(v)},
        bic=_text(data.get("bic"), f"{field}.bic", where),
        account=_text(data.get("account"), f"{field}.account", where),
        source=_text(data.get("source"), f"{field}.source", where),
    )


def _goods(value: Any, field: str, where: _Where) -> GoodsLine:
    data = _object(value, field, where)
    return GoodsLine(
        description=_text(data.get("description"), f"{field}.description", where),
        hs_code=_hs_code(data.get("hs_code"), f"{field}.hs_code", where),
        quantity=_number(data.get("quantity"), f"{field}.quantity", where),
        unit=_text(data.get("unit"), f"{field}.unit", where),
        value=_number(data.get("value"), f"{field}.value", where),
        origin_country=_country(data.get("origin_country"), f"{field}.origin_country", where),
        source=_text(data.get("source"), f"{field}.source", where),
    )


def _hs_code(value: Any, field: str, where: _Where) -> str | None:
    text = _text(value, field, where)
    if text is None:
        return None
    digits = re.sub(r"[\s.]", "", text)
    if not _HS_DIGITS.match(digits):
        raise where.error(field, f"expected an HS code of 2 to 10 digits (dots allowed), got {text!r}")
    return digits


def _route(value: Any, where: _Where) -> Route:
    data = _object(value, "route", where)
    via = data.get("via") or []
    if not isinstance(via, list):
        raise where.error("route.via", "expected a list of countries")
    return Route(
        ship_from=_country(data.get("ship_from"), "route.ship_from", where),
        ship_to=_country(data.get("ship_to"), "route.ship_to", where),
        final_destination=_country(data.get("final_destination"), "route.final_destination", where),
        via=[c for i, v in enumerate(via) if (c := _country(v, f"route.via[{i}]", where))],
    )


def _free_text(value: Any, field: str, where: _Where) -> FreeText:
    data = _object(value, field, where)
    text = _text(data.get("text"), f"{field}.text", where)
    if text is None:
        raise where.error(f"{field}.text", "missing free text")
    return FreeText(source=_text(data.get("source"), f"{field}.source", where) or field, text=text)
