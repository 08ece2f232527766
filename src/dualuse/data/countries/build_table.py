"""Rebuild `aliases.tsv.gz` from the upstream country files (a maintainer's tool, not run time).

Usage: python src/dualuse/data/countries/build_table.py SOURCE_DIR
SOURCE_DIR holds `country-codes.csv` (datasets/country-codes) and `country_aliases.csv`
(flattened from OpenSanctions' countrynames data.yaml); `occupied_regions.csv` next to this
script adds the occupied regions of Ukraine. Output lines are `normalised alias<TAB>code`,
and `=ISO2<TAB>English name` for `country_name`. See SOURCE.md for the mapping rules.
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

from dualuse.countries import NOT_A_COUNTRY, OCCUPIED_REGIONS, normalise_key

HERE = Path(__file__).parent

# countrynames pseudo-codes -> what to_iso2 returns. Sub-national and breakaway territories go
# to the recognised sovereign; historic states and non-countries resolve to nothing.
PSEUDO_CODES: dict[str, str] = {
    "UA-CRI": "UA-43",
    "UA-DPR": "UA-14",
    "UA-LPR": "UA-09",
    "GB-WLS": "GB",
    "GB-SCT": "GB",
    "GB-NIR": "GB",
    "CN-SH": "CN",
    "CN-BJ": "CN",
    "CN-XZ": "CN",
    "CN-CQ": "CN",
    "IQ-KR": "IQ",
    "PK-KM": "PK",
    "SO-SOM": "SO",
    "AZ-NK": "AZ",
    "GE-AB": "GE",
    "X-SO": "GE",
    "MD-PMR": "MD",
    "CY-TRNC": "CY",
    "AC": "SH",
    "TA": "SH",
    "DG": "IO",
    "IC": "ES",
    "CP": "FR",
    "ZR": "CD",
    "XK": "XK",
}
NOT_COUNTRIES = {"FAIL", "YUCS", "CSXX", "SUHH", "CSHH", "DD", "AN", "EU", "UN", "ZZ"}
CODE_COLUMNS = ("ISO3166-1-Alpha-2", "ISO3166-1-Alpha-3")
NAME_COLUMNS = (
    "CLDR display name",
    "official_name_en",
    "UNTERM English Short",
    "UNTERM English Formal",
    "official_name_fr",
    "official_name_es",
    "official_name_ru",
    "official_name_ar",
    "official_name_cn",
)


def _resolve(code: str, known: set[str]) -> str | None:
    if code in NOT_COUNTRIES:
        return NOT_A_COUNTRY
    if code in PSEUDO_CODES:
        return PSEUDO_CODES[code]
    return code if code in known else None


def build(source: Path) -> dict[str, str]:
    """Normalised key -> code; codes first, then official names, aliases, occupied regions."""
    table: dict[str, str] = {}
    with (source / "country-codes.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["ISO3166-1-Alpha-2"]]
    known = {row["ISO3166-1-Alpha-2"] for row in rows} | {"XK"}
    for row in rows:
        iso2 = row["ISO3166-1-Alpha-2"]
        table[f"={iso2}"] = row["CLDR display name"] or row["official_name_en"]
        for column in CODE_COLUMNS:
            table.setdefault(normalise_key(row[column]), iso2)
        if row["ISO3166-1-numeric"]:
            table.setdefault(str(int(row["ISO3166-1-numeric"])), iso2)
    for row in rows:
        for column in NAME_COLUMNS:
            if row[column]:
                table.setdefault(normalise_key(row[column]), row["ISO3166-1-Alpha-2"])
    with (source / "country_aliases.csv").open(encoding="utf-8", newline="") as handle:
        for alias in csv.DictReader(handle):
            code = _resolve(alias["code"], known)
            key = normalise_key(alias["alias"])
            if code and key:
                table.setdefault(key, code)
    with (HERE / "occupied_regions.csv").open(encoding="utf-8", newline="") as handle:
        for region in csv.DictReader(handle):
            assert region["region"] in OCCUPIED_REGIONS, region
            table[normalise_key(region["alias"])] = region["region"]
    return table


def main() -> None:
    table = build(Path(sys.argv[1]))
    lines = "".join(f"{key}\t{code}\n" for key, code in sorted(table.items()))
    with gzip.open(HERE / "aliases.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(lines)
    print(f"{len(table)} keys written to {HERE / 'aliases.tsv.gz'}")


if __name__ == "__main__":
    main()
