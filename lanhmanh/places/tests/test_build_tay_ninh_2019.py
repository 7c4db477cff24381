"""The generator of data/units/tay-ninh-2019.json, run on a tiny stand-in for the 0.6 release."""

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "data" / "units" / "build_tay_ninh_2019.py"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_tay_ninh_2019", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ward(code: int, name: str) -> dict[str, object]:
    return {"code": code, "name": name, "division_type": "xã"}


def release_06() -> list[dict[str, object]]:
    renamed = {25630: "Phường Long Hoa", 25633: "Phường Hiệp Tân", 25636: "Phường Long Thành Bắc"}
    renamed |= {25645: "Phường Long Thành Trung", 25708: "Phường Trảng Bàng", 25717: "Phường Lộc Hưng"}
    renamed |= {25720: "Phường Gia Lộc", 25723: "Phường Gia Bình", 25732: "Phường An Tịnh", 25735: "Phường An Hòa"}
    hoa_thanh = [ward(code, name) for code, name in renamed.items() if code < 25700]
    trang_bang = [ward(code, name) for code, name in renamed.items() if code > 25700] + [ward(25729, "Xã Phước Bình")]
    return [
        {"code": 70, "name": "Tỉnh Bình Phước", "districts": []},
        {
            "code": 72,
            "name": "Tỉnh Tây Ninh",
            "districts": [
                {"code": 712, "name": "Thị xã Trảng Bàng", "wards": trang_bang},
                {"code": 703, "name": "Thành phố Tây Ninh", "wards": [ward(25456, "Phường 1")]},
                {"code": 709, "name": "Thị xã Hòa Thành", "wards": hoa_thanh},
            ],
        },
    ]


def test_it_restores_the_2019_names_and_splits_phuoc_binh(tmp_path, capsys):
    source = tmp_path / "nested-divisions.json"
    source.write_text(json.dumps(release_06(), ensure_ascii=False), encoding="utf-8")
    assert generator().main([str(source)]) == 0
    snapshot = json.loads(capsys.readouterr().out)
    assert snapshot["dataset"] == "tay-ninh-2019"
    units = {(u["code"], u["valid_from"]): u for u in snapshot["units"]}
    assert [u["level"] for u in snapshot["units"]][:4] == ["province", "district", "district", "district"]
    assert units[("709", None)]["name"] == "Huyện Hòa Thành"
    assert units[("709", None)]["kind"] == "Huyện"
    assert units[("25630", None)] | {"successors": None} == {
        "code": "25630",
        "name": "Thị trấn Hòa Thành",
        "kind": "Thị trấn",
        "level": "commune",
        "parent": "709",
        "valid_from": None,
        "valid_to": "2025-06-30",
        "successors": None,
    }
    assert units[("25726", None)]["name"] == "Xã Phước Lưu"
    assert units[("25729", None)]["name"] == "Xã Bình Thạnh"
    assert units[("25729", None)]["successors"] == ["25729"]
    assert units[("25729", None)]["valid_to"] == "2020-01-31"
    assert units[("25729", "2020-02-01")]["name"] == "Xã Phước Bình"


def test_it_refuses_a_source_where_code_25729_is_not_phuoc_binh(tmp_path):
    data = release_06()
    districts = data[1]["districts"]
    assert isinstance(districts, list)
    districts[0]["wards"][-1]["name"] = "Xã Khác"
    source = tmp_path / "nested-divisions.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="expected Xã Phước Bình under code 25729"):
        generator().main([str(source)])


def test_the_committed_snapshot_has_the_2019_counts():
    snapshot = json.loads((SCRIPT.parent / "tay-ninh-2019.json").read_text(encoding="utf-8"))
    in_2019 = [u for u in snapshot["units"] if u["valid_from"] is None]
    assert [sum(u["level"] == level for u in in_2019) for level in ("province", "district", "commune")] == [1, 9, 95]
    kinds = [u["kind"] for u in in_2019 if u["level"] == "commune"]
    assert (kinds.count("Phường"), kinds.count("Thị trấn"), kinds.count("Xã")) == (7, 8, 80)
