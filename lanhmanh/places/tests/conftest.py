"""Fixtures for the places tests: the committed 2019 snapshot and small unit files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from lanhmanh.places.services import LoadResult, load_units_file

SNAPSHOT = Path(settings.BASE_DIR) / "data" / "units" / "tay-ninh-2019.json"


@pytest.fixture
def tay_ninh_2019(db: None) -> LoadResult:
    """The committed Tây Ninh 2019 snapshot, loaded."""
    return load_units_file(SNAPSHOT)


def unit(code: str, name: str, level: str, parent: str | None, **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "code": code,
        "name": name,
        "kind": name.split(" ")[0],
        "level": level,
        "parent": parent,
        "valid_from": None,
        "valid_to": None,
        "successors": [],
    }
    record.update(extra)
    return record


def small_units() -> list[dict[str, Any]]:
    """A province with two districts and three communes."""
    return [
        unit("98", "Tỉnh Mẫu", "province", None),
        unit("981", "Huyện Đông", "district", "98"),
        unit("982", "Huyện Tây", "district", "98"),
        unit("98101", "Xã Một", "commune", "981"),
        unit("98102", "Xã Hai", "commune", "981"),
        unit("98201", "Xã Ba", "commune", "982"),
    ]


@pytest.fixture
def write_units(db: None, tmp_path: Path) -> Callable[..., Path]:
    """Write a unit file (dataset "mau") and return its path; the test may then load it."""

    def write(units: list[dict[str, Any]], *, dataset: str = "mau", name: str = "units.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps({"dataset": dataset, "source": "test", "units": units}), encoding="utf-8")
        return path

    return write
