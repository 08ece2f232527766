"""Generate synthetic transaction files of any size for screening benchmarks.

The mix follows what a trade-finance or payments desk sees: mostly clean trade between a
recurring pool of counterparties (Zipf-distributed, as real books are), plus listed parties under
name variants drawn from the real lists (case, punctuation, legal-form swaps, typos, reordered
words, aliases), CHPL goods with and without a Russia nexus, vague goods routed through published
transshipment jurisdictions, and a few Entity List addresses. Writes JSONL, CSV or Parquet,
streaming (constant memory whatever --count).

    .venv/bin/python bench/screen_generate.py --count 100000 --out /tmp/tx.jsonl
    .venv/bin/python bench/screen_generate.py --count 20000 --format csv --out /tmp/tx.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any

from dualuse.io.records import CSV_ROLES
from dualuse.model import Entity

CLEAN_GOODS = [
    ("Office chairs, upholstered, swivel", "940130"), ("Cotton T-shirts, knitted", "610910"),
    ("Roasted coffee beans, not decaffeinated", "090121"), ("Passenger car tyres 205/55R16", "401110"),
    ("Extra virgin olive oil, 5 l cans", "150910"), ("Glazed ceramic floor tiles", "690721"),
    ("Welded steel pipes, galvanised", "730630"), ("Frozen Atlantic salmon fillets", "030441"),
    ("Wooden kitchen furniture", "940340"), ("Polypropylene granules", "390210"),
    ("Men's leather shoes", "640399"), ("Printed books, English", "490199"),
    ("Fresh apples, Gala", "080810"), ("Wine, red, in bottles 0.75 l", "220421"),
    ("Plastic toys for children", "950300"), ("Paper cartons for packaging", "481910"),
    ("Aluminium window frames", "761010"), ("Shampoo, 250 ml bottles", "330510"),
    ("Baby diapers", "961900"), ("Copy paper A4, 80 g/m2", "480256"),
]  # fmt: skip
CHPL_GOODS = [
    ("FPGA XC7A100T-2FGG484I", "854239"), ("Microcontroller STM32F407VGT6", "854231"),
    ("DDR4 SDRAM memory chips MT40A512M16", "854232"), ("RF amplifier IC HMC8410", "854233"),
    ("GNSS receiver module u-blox NEO-M8N", "852691"), ("Tantalum capacitors 47uF", "853221"),
    ("Multilayer ceramic capacitors", "853224"), ("Wireless data transceiver modules", "851762"),
    ("Ball bearings, deep groove 6204", "848210"), ("Thermal imaging camera cores", "852589"),
    ("Oscilloscope, digital, 4 channel", "903020"), ("CNC machining centre, vertical", "845710"),
    ("Power MOSFET transistors IRF540N", "854129"), ("Printed circuit boards, multilayer", "853400"),
    ("Optical sights and telescopic parts", "901310"), ("UAV parts: propellers and airframes", "880730"),
]  # fmt: skip
VAGUE_GOODS = ["spare parts", "electronic components", "equipment parts", "industrial goods", "various parts"]
SAFE_COUNTRIES = ["DE", "FR", "IT", "NL", "US", "GB", "ES", "JP", "KR", "CA", "PL", "SE", "BE", "AT", "CH"]
HUBS = ["KG", "KZ", "AM", "AE", "TR", "HK", "UZ", "GE"]
ADDRESS_ONLY = [
    "Unit D, 16/F One Capital Place, 18 Luard Rd, Wan Chai, Hong Kong",
    "Room 19C Lockhart Centre 301-307, Lockhart Rd. Wan Chai, Hong Kong",
    "Room 803, Chevalier House 45-51, Chatham Road South, Tsim Sha Tsui, Hong Kong",
]
WORDS = [
    "Nordic", "Alpine", "Atlas", "Baltic", "Cedar", "Delta", "Evergreen", "Falcon", "Granite", "Harbor",
    "Ivory", "Juniper", "Keystone", "Lumen", "Meridian", "Northwind", "Orchard", "Pioneer", "Quartz",
    "Riverside", "Summit", "Tidewater", "Union", "Vantage", "Willow", "Zenith", "Coastal", "Heritage",
]  # fmt: skip
TRADES = [
    "Trading",
    "Logistics",
    "Foods",
    "Textiles",
    "Furniture",
    "Imports",
    "Industries",
    "Retail",
    "Supply",
]
FORMS = {"DE": "GmbH", "FR": "SARL", "IT": "S.r.l.", "NL": "B.V.", "US": "Inc.", "GB": "Ltd", "ES": "S.L."}
LEGAL_SWAPS = [
    ("LIMITED LIABILITY COMPANY", "LLC"), ("CO., LTD.", "COMPANY LIMITED"), ("JOINT STOCK COMPANY", "JSC"),
    ("OOO", "LLC"), ("AO", "JSC"), ("LTD", "LIMITED"),
]  # fmt: skip


class Pools:
    """Counterparties drawn once per run, then reused with Zipf-like frequencies."""

    def __init__(self, rng: random.Random, listed: list[Entity], companies: int) -> None:
        self.rng = rng
        self.listed = listed
        self._zipf: dict[int, list[float]] = {}
        self.companies = [self._company(i) for i in range(companies)]
        self.banks = [
            {"name": f"{rng.choice(WORDS)} {rng.choice(['Bank', 'Banking Corporation', 'Savings Bank'])}",
             "country": rng.choice(SAFE_COUNTRIES)}
            for _ in range(max(20, companies // 40))
        ]  # fmt: skip

    def _company(self, index: int) -> dict[str, Any]:
        country = self.rng.choice(SAFE_COUNTRIES)
        name = f"{self.rng.choice(WORDS)} {self.rng.choice(WORDS)} {self.rng.choice(TRADES)}"
        return {"name": f"{name} {FORMS.get(country, 'Ltd')}", "country": country}

    def pick(self, pool: list[dict[str, Any]]) -> dict[str, Any]:
        # Zipf (s = 1): a few counterparties are very frequent, the long tail is rare.
        weights = self._zipf.get(len(pool))
        if weights is None:
            weights = self._zipf[len(pool)] = list(accumulate(1.0 / rank for rank in range(1, len(pool) + 1)))
        return dict(self.rng.choices(pool, cum_weights=weights)[0])

    def listed_party(self) -> dict[str, Any]:
        entity = self.rng.choice(self.listed)
        name = self.rng.choice([entity.name, *entity.aliases]) if entity.aliases else entity.name
        country = entity.countries[0] if entity.countries else None
        return {"name": variant(self.rng, name), **({"country": country} if country else {})}


def variant(rng: random.Random, name: str) -> str:
    """A realistic spelling of a listed name: as listed, re-cased, legal form swapped, one typo."""
    choice = rng.random()
    if choice < 0.3:
        return name
    if choice < 0.5:
        return name.title().replace(",", "")
    if choice < 0.75:
        upper = name.upper()
        for long, short in LEGAL_SWAPS:
            if long in upper:
                return upper.replace(long, short)
        return upper + " LLC"
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) > 5:
        at = rng.randrange(1, len(word) - 2)
        words[longest] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return " ".join(words)


def transaction(rng: random.Random, pools: Pools, number: int) -> dict[str, Any]:
    kind = rng.random()
    seller, buyer = pools.pick(pools.companies), pools.pick(pools.companies)
    while buyer["name"] == seller["name"]:
        buyer = pools.pick(pools.companies)
    goods = [_goods(rng, CLEAN_GOODS)]
    route = {
        "ship_from": seller["country"],
        "ship_to": buyer["country"],
        "final_destination": buyer["country"],
    }
    if kind < 0.05:  # a listed party under a name variant
        buyer = pools.listed_party()
    elif kind < 0.10:  # CHPL goods, half with a Russia nexus through a hub
        goods = [_goods(rng, CHPL_GOODS)]
        if rng.random() < 0.5:
            hub = rng.choice(HUBS)
            buyer["country"] = hub
            route = {"ship_from": seller["country"], "ship_to": hub, "final_destination": "RU"}
    elif kind < 0.13:  # vague goods to a hub, Russian end user
        hub = rng.choice(HUBS)
        goods = [{"description": rng.choice(VAGUE_GOODS), "value": rng.randint(5, 500) * 1000}]
        buyer["country"] = hub
        route = {"ship_from": seller["country"], "ship_to": hub, "final_destination": "RU"}
    elif kind < 0.14:  # a shell-company address on the Entity List
        buyer = {
            "name": pools.pick(pools.companies)["name"],
            "country": "HK",
            "address": rng.choice(ADDRESS_ONLY),
        }
    parties = [
        {"role": "originator", **buyer},
        {"role": "beneficiary", **seller},
        {"role": "beneficiary_bank", **pools.pick(pools.banks)},
    ]
    amount = round(sum(g.get("value", 0) for g in goods) or rng.uniform(1000, 500000), 2)
    return {
        "id": f"SYN-{number:09d}", "date": f"2024-0{rng.randint(1, 9)}-{rng.randint(10, 28)}",
        "type": rng.choice(["payment", "payment", "letter_of_credit", "invoice"]), "amount": amount,
        "currency": rng.choice(["USD", "EUR", "CNY"]), "parties": parties, "goods": goods, "route": route,
        "remittance_info": f"INV {rng.randint(1000, 99999)}",
    }  # fmt: skip


def _goods(rng: random.Random, table: list[tuple[str, str]]) -> dict[str, Any]:
    description, hs = rng.choice(table)
    return {
        "description": description,
        "hs_code": hs,
        "quantity": rng.randint(1, 5000),
        "value": rng.randint(1, 900) * 100,
    }


def generate(count: int, seed: int, listed: list[Entity], companies: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    pools = Pools(rng, listed, companies)
    for number in range(count):
        yield transaction(rng, pools, number)


def flat(record: dict[str, Any]) -> dict[str, Any]:
    """The formats.md CSV layout of one generated record."""
    row = {k: record[k] for k in ("id", "date", "type", "amount", "currency", "remittance_info")}
    for party in record["parties"]:
        for field in ("name", "country", "address"):
            if party.get(field):
                row[f"{party['role']}_{field}"] = party[field]
    goods = record["goods"][0]
    row |= {
        "goods_description": goods["description"],
        "hs_code": goods.get("hs_code"),
        "goods_value": goods.get("value"),
    }
    return row | record["route"]


def listed_entities(paths: list[Path]) -> list[Entity]:
    from dualuse.lists import load_sources

    entities = load_sources(paths)[0].entities
    # Organisations named in trade: companies with a Russia/Belarus programme or country.
    chosen = [
        e for e in entities
        if e.schema in ("Company", "Organization", "LegalEntity")
        and (
            set(e.countries) & {"RU", "BY", "CN", "HK", "AE", "TR"}
            or any("RUSSIA" in p for p in e.programs)
        )
    ]  # fmt: skip
    return chosen or [e for e in entities if e.schema != "Person"]


def write(records: Iterator[dict[str, Any]], out: Path, format: str) -> None:
    if format == "jsonl":
        with out.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif format == "csv":
        columns = ["id", "date", "type", "amount", "currency", "remittance_info"]
        columns += [f"{role}_{f}" for role in CSV_ROLES for f in ("name", "country", "address")]
        columns += [
            "goods_description",
            "hs_code",
            "goods_value",
            "ship_from",
            "ship_to",
            "final_destination",
        ]
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            writer.writerows(flat(record) for record in records)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        writer = None
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(flat(record))
            if len(batch) == 10_000:
                writer = _write_batch(pa, pq, writer, batch, out)
                batch = []
        writer = _write_batch(pa, pq, writer, batch, out) if batch or writer is None else writer
        writer.close()


def _write_batch(pa: Any, pq: Any, writer: Any, batch: list[dict[str, Any]], out: Path) -> Any:
    columns = ["id", "date", "type", "amount", "currency", "remittance_info", "goods_description", "hs_code"]
    table = pa.Table.from_pylist(batch)
    table = table.select([c for c in table.column_names if c in columns or "_" in c])
    if writer is None:
        writer = pq.ParquetWriter(out, table.schema)
    writer.write_table(table.cast(writer.schema) if table.schema != writer.schema else table)
    return writer


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
    parser.add_argument("--seed", type=int, default=20240314)
    parser.add_argument("--companies", type=int, default=20_000, help="size of the counterparty pool")
    parser.add_argument("--lists", type=Path, nargs="*", default=[], help="list files (default: embedded)")
    args = parser.parse_args()
    listed = listed_entities(args.lists)
    write(generate(args.count, args.seed, listed, args.companies), args.out, args.format)
    print(f"wrote {args.count:,} transactions to {args.out} ({args.format})")


if __name__ == "__main__":
    main()
