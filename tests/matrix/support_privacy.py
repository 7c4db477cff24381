"""The support area's statistics, access-log and data-subject-request addresses."""

from __future__ import annotations

from tests.matrix.framework import Entry

ENTRIES: list[Entry] = []
