"""The peergroups area's addresses (see tests/matrix/framework.py for the vocabulary)."""

from __future__ import annotations

from tests.matrix.framework import Entry

ENTRIES: list[Entry] = []
