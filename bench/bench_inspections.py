"""`make bench`, inspections: inspection_coverage at national scale, as a ratio to hand-written SQL.

The data: `manage.py generate_inspections --scale national`, a synthetic province with 10,000
communes under 700 districts, 100,000 establishments (one in twenty closed in 2018) and 1,000,000
inspections over 2018-2019 (one establishment in four has none in 2019).

The figure: inspection_coverage for the whole synthetic province and calendar year 2019, computed
by the registered indicator (the ORM, one aggregate query: operating establishments of the subtree
with an EXISTS flag each), against the same answer from a hand-written SQL aggregate over the same
tables, each the median of N runs after warm-up, measured in-process on the same connection.

Usage: python bench/bench_inspections.py [--runs N] [--scale national|province|tiny]. Uses a fresh
SQLite database under a temporary folder unless DATABASE_URL is set (then it generates the data once
and reuses it on later runs).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_ms(fn: Callable[[], object], runs: int) -> float:
    for _ in range(2):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--scale", default="national")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="lanhmanh-bench-inspections-"))
    os.environ.setdefault("LANHMANH_VAR_DIR", str(workdir))
    os.environ["LANHMANH_TESTING"] = "1"  # simple static storage, no SECRET_KEY needed
    os.environ["AXES_ENABLED"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanhmanh.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lanhmanh.indicators.periods import calendar_year
    from lanhmanh.inspections.indicators import inspection_coverage
    from lanhmanh.inspections.synthetic import synthetic_province

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("generate_inspections", "--scale", args.scale, "--force")
    print(f"generated in {time.perf_counter() - start:.1f} s")
    with connection.cursor() as cursor:
        # After a bulk load: fresh statistics (and, on PostgreSQL, the visibility map index-only scans need).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    province = synthetic_province()
    assert province is not None
    period = calendar_year(2019)

    # The path prefix as the ORM's lookup writes it (lanhmanh/places/lookups.py): GLOB on SQLite.
    glob = connection.vendor == "sqlite"
    path_match = "u.path GLOB %s" if glob else "u.path LIKE %s"
    prefix = province.path + ("*" if glob else "%")

    def hand_written() -> tuple[int, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM inspections_inspection i"
                " WHERE i.establishment_id = e.id AND i.date >= %s AND i.date <= %s) THEN 1 ELSE 0 END)"
                " FROM establishments_establishment e JOIN places_administrativeunit u ON u.id = e.commune_id"
                f" WHERE {path_match}"
                " AND (e.opened_on IS NULL OR e.opened_on <= %s)"
                " AND (e.closed_on IS NULL OR e.closed_on >= %s)"
                " AND NOT (e.status = 'closed' AND e.closed_on IS NULL)",
                (period.start, period.end, prefix, period.end, period.start),
            )
            total, done = cursor.fetchone()
        return int(total), int(done or 0)

    # Both must give the same answer before their times mean anything.
    result = inspection_coverage(period, province)
    assert result is not None and result.numerator is not None and result.denominator is not None
    total, done = hand_written()
    assert (int(result.denominator), int(result.numerator)) == (total, done)
    print(f"inspection_coverage {period.label}: {result.value}% ({done:,}/{total:,} operating establishments)")

    indicator_ms = median_ms(lambda: inspection_coverage(period, province), args.runs)
    sql_ms = median_ms(hand_written, args.runs)
    print(f"median of {args.runs} runs after warm-up, in-process")
    print(f"{'':40} {'ms':>9}")
    print(f"{'inspection_coverage (ORM, 1 query)':40} {indicator_ms:9.1f}")
    print(f"{'hand-written SQL aggregate':40} {sql_ms:9.1f}")
    print(f"ratio inspection_coverage / hand-written SQL: {indicator_ms / sql_ms:.2f} (goal <= 2)")


if __name__ == "__main__":
    main()
