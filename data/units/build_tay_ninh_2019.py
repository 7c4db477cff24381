"""Build data/units/tay-ninh-2019.json: Tây Ninh (GSO 72) as it was in 2019.

Usage:
    pip download --no-deps -d /tmp/vp06 vietnam-provinces==0.6.0 && unzip -d /tmp/vp06 /tmp/vp06/*.whl
    python data/units/build_tay_ninh_2019.py /tmp/vp06/vietnam_provinces/data/nested-divisions.json \
        > data/units/tay-ninh-2019.json

The `vietnam-provinces` 0.6 release carries the three-tier structure as it stood before the
July 2025 reform, i.e. after resolution 867/NQ-UBTVQH14 (10 Jan 2020, effective 1 Feb 2020). This
script takes Tây Ninh from it and undoes that resolution: it restores the 2019 names of the two
districts it made towns and of the ten communes it made wards, and splits Xã Phước Bình back into
the two communes it was formed from. Phước Bình itself is kept as a later unit of the same dataset,
so data recorded after February 2020 has a unit to point at. See docs/units.md.

The output is deterministic (same input, same bytes), so a re-run shows up in a diff only when the
source or the corrections change.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

DATASET = "tay-ninh-2019"
PROVINCE_CODE = 72
# End of the three-tier structure: districts were abolished on 1 July 2025.
THREE_TIER_END = "2025-06-30"
# Resolution 867/NQ-UBTVQH14 took effect on 1 February 2020.
MERGER_DAY = "2020-02-01"
BEFORE_MERGER = "2020-01-31"

# Official type words, longest first so "Thành phố" wins over a shorter prefix.
KINDS = ("Thành phố", "Thị trấn", "Thị xã", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")

# Units renamed by resolution 867 (same code, same territory): their 2019 names.
NAMES_2019 = {
    "709": "Huyện Hòa Thành",
    "712": "Huyện Trảng Bàng",
    "25630": "Thị trấn Hòa Thành",  # became Phường Long Hoa
    "25633": "Xã Hiệp Tân",
    "25636": "Xã Long Thành Bắc",
    "25645": "Xã Long Thành Trung",
    "25708": "Thị trấn Trảng Bàng",
    "25717": "Xã Lộc Hưng",
    "25720": "Xã Gia Lộc",
    "25723": "Xã Gia Bình",
    "25732": "Xã An Tịnh",
    "25735": "Xã An Hòa",
}

# Resolution 867 merged Xã Phước Lưu and Xã Bình Thạnh (district Trảng Bàng) into Xã Phước Bình,
# which kept Bình Thạnh's code. The 0.6 data only knows Phước Bình.
MERGED_DISTRICT = "712"
MERGED_INTO = {"code": "25729", "name": "Xã Phước Bình"}
MERGED_2019 = ({"code": "25726", "name": "Xã Phước Lưu"}, {"code": "25729", "name": "Xã Bình Thạnh"})

HEADER: dict[str, Any] = {
    "dataset": DATASET,
    "title": "Đơn vị hành chính tỉnh Tây Ninh năm 2019 (tỉnh, 9 đơn vị cấp huyện, 95 đơn vị cấp xã)",
    "source": (
        "vietnam-provinces 0.6.0 (PyPI; GSO codes, three-tier structure before 1 July 2025), "
        "corrected to 2019 by data/units/build_tay_ninh_2019.py"
    ),
    "notes": [
        "Resolution 867/NQ-UBTVQH14 of 10 Jan 2020, effective 1 Feb 2020, made Huyện Hòa Thành (709) and "
        "Huyện Trảng Bàng (712) towns (thị xã) and ten of their communes wards; records carry the 2019 names.",
        "The same resolution merged Xã Phước Lưu (25726) and Xã Bình Thạnh (25729) into Xã Phước Bình, which "
        "kept code 25729: both end on 2020-01-31 with Phước Bình as successor; Phước Bình is valid from "
        "2020-02-01. It is the only record not valid in 2019.",
        "valid_from is null (unknown: the units predate the system's data); valid_to is 2025-06-30, the last "
        "day of the three-tier structure. Successor links into the 2025 two-tier units are not in this file.",
        "Renamings (huyện to thị xã, xã to phường) keep one record with the 2019 name: code and territory "
        "did not change.",
    ],
}


def kind_of(name: str) -> str:
    for kind in KINDS:
        if name.startswith(kind + " "):
            return kind
    raise ValueError(f"no administrative type word at the start of {name!r}")


def unit(
    code: str,
    name: str,
    level: str,
    parent: str | None,
    *,
    valid_from: str | None = None,
    valid_to: str = THREE_TIER_END,
    successors: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "kind": kind_of(name),
        "level": level,
        "parent": parent,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "successors": successors or [],
    }


def build(nested: list[dict[str, Any]]) -> dict[str, Any]:
    matches = [p for p in nested if p["code"] == PROVINCE_CODE]
    if len(matches) != 1:
        raise ValueError(f"expected one province with code {PROVINCE_CODE}, found {len(matches)}")
    province = matches[0]
    province_code = str(province["code"])
    units = [unit(province_code, province["name"], "province", None)]
    communes: list[dict[str, Any]] = []
    for district in sorted(province["districts"], key=lambda d: d["code"]):
        district_code = str(district["code"])
        units.append(unit(district_code, NAMES_2019.get(district_code, district["name"]), "district", province_code))
        for ward in sorted(district["wards"], key=lambda w: w["code"]):
            code = str(ward["code"])
            if district_code == MERGED_DISTRICT and code == MERGED_INTO["code"]:
                if ward["name"] != MERGED_INTO["name"]:
                    raise ValueError(f"expected {MERGED_INTO['name']} under code {code}, found {ward['name']!r}")
                for merged in MERGED_2019:
                    communes.append(
                        unit(
                            merged["code"],
                            merged["name"],
                            "commune",
                            district_code,
                            valid_to=BEFORE_MERGER,
                            successors=[MERGED_INTO["code"]],
                        )
                    )
                communes.append(unit(code, ward["name"], "commune", district_code, valid_from=MERGER_DAY))
                continue
            communes.append(unit(code, NAMES_2019.get(code, ward["name"]), "commune", district_code))
    units.extend(communes)
    missing = set(NAMES_2019) - {u["code"] for u in units}
    if missing:
        raise ValueError(f"codes to rename not found in the source: {sorted(missing)}")
    return {**HEADER, "units": units}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("nested_json", type=Path, help="vietnam_provinces/data/nested-divisions.json of release 0.6")
    args = parser.parse_args(argv)
    nested = json.loads(args.nested_json.read_text(encoding="utf-8"))
    json.dump(build(nested), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
