"""`path__prefix`: a prefix match that uses an ordinary B-tree index on both databases.

PostgreSQL: `LIKE 'p%'` is served by the `*_like` (varchar_pattern_ops) index Django creates
for indexed CharFields. SQLite: LIKE is case-insensitive and its index optimisation needs a
NOCASE index, while GLOB is case-sensitive and uses the plain index; paths hold only digits
and slashes, so no escaping is needed (checked below).
"""

from __future__ import annotations

import re
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Lookup
from django.db.models.sql.compiler import SQLCompiler

_SAFE_PATH = re.compile(r"^[0-9/]*$")


class PathPrefix(Lookup):
    lookup_name = "prefix"

    def _prefix(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any], str]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        value = self.rhs
        if not isinstance(value, str) or not _SAFE_PATH.match(value):
            raise ValueError("path__prefix takes a materialized path of digits and slashes")
        return lhs, list(lhs_params), value

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        lhs, params, value = self._prefix(compiler, connection)
        return f"{lhs} LIKE %s", [*params, value + "%"]

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        lhs, params, value = self._prefix(compiler, connection)
        return f"{lhs} GLOB %s", [*params, value + "*"]
