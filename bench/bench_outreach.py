"""`make bench`, outreach: T1 (outreach_commune_share) at national scale, as a ratio to hand-written SQL.

The data: `manage.py generate_outreach --scale national`, a synthetic province with 10,000
communes under 700 districts and 500,000 communication events over 2018-2019 (one in twenty held
in two communes; one commune in twenty-five without any event in 2019).

The figure: T1 for the whole synthetic province and calendar year 2019, computed by the registered
indicator (the ORM, three queries: the communes with an EXISTS flag each, the number of events, the
people reached by audience group), against the same answer computed by hand-written SQL over the
same tables (the same three statements written out, with the same indexes), each the median of N
runs after warm-up, measured in-process on the same connection. Also shown: the first of the three
alone (share and drill-down list, what the dashboard's status needs) against its SQL, and a
one-statement SQL aggregate giving the share alone, the least any implementation could do.

Usage: python bench/bench_outreach.py [--runs N] [--scale national|province|tiny]. Uses a fresh
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
from typing import Any

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

    workdir = Path(tempfile.mkdtemp(prefix="lanhmanh-bench-outreach-"))
    os.environ.setdefault("LANHMANH_VAR_DIR", str(workdir))
    os.environ["LANHMANH_TESTING"] = "1"  # simple static storage, no SECRET_KEY needed
    os.environ["AXES_ENABLED"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanhmanh.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lanhmanh.indicators.periods import calendar_year
    from lanhmanh.outreach.indicators import communes_reached, outreach_commune_share
    from lanhmanh.outreach.synthetic import synthetic_province

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("generate_outreach", "--scale", args.scale, "--force")
    print(f"generated in {time.perf_counter() - start:.1f} s")
    if connection.vendor == "postgresql":
        # After a bulk load: fresh statistics, and the visibility map that index-only scans rely on.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    province = synthetic_province()
    assert province is not None
    period = calendar_year(2019)

    # The path prefix as the ORM's lookup writes it (lanhmanh/places/lookups.py): GLOB on SQLite.
    glob = connection.vendor == "sqlite"
    path_match = "u.path GLOB %s" if glob else "u.path LIKE %s"
    prefix = province.path + ("*" if glob else "%")
    window = (period.start, period.end)

    def run(sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def hand_drill_down() -> list[tuple[Any, ...]]:
        return run(
            "SELECT u.id, EXISTS (SELECT 1 FROM outreach_outreacheventunit l"
            " WHERE l.unit_id = u.id AND l.date >= %s AND l.date <= %s)"
            f" FROM places_administrativeunit u WHERE {path_match} AND u.level = 'commune'"
            " AND (u.valid_from IS NULL OR u.valid_from <= %s) AND (u.valid_to IS NULL OR u.valid_to >= %s)"
            " ORDER BY u.path",
            (*window, prefix, period.end, period.start),
        )

    def hand_written() -> tuple[int, int, list[int], int, dict[str, int]]:
        rows = hand_drill_down()
        missing = [pk for pk, reached in rows if not reached]
        links = (
            "SELECT l.event_id FROM outreach_outreacheventunit l JOIN places_administrativeunit u"
            f" ON u.id = l.unit_id WHERE {path_match} AND l.date >= %s AND l.date <= %s"
        )
        events = run(f"SELECT COUNT(DISTINCT event_id) FROM ({links}) t", (prefix, *window))[0][0]
        audience = dict(
            run(
                f'SELECT a."group", SUM(a.count) FROM outreach_audiencecount a WHERE a.event_id IN ({links})'
                ' GROUP BY a."group"',
                (prefix, *window),
            )
        )
        return len(rows) - len(missing), len(rows), missing, events, audience

    def share_only() -> tuple[int, int]:
        count, reached = run(
            "SELECT COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM outreach_outreacheventunit l"
            " WHERE l.unit_id = u.id AND l.date >= %s AND l.date <= %s) THEN 1 ELSE 0 END)"
            f" FROM places_administrativeunit u WHERE {path_match} AND u.level = 'commune'"
            " AND (u.valid_from IS NULL OR u.valid_from <= %s) AND (u.valid_to IS NULL OR u.valid_to >= %s)",
            (*window, prefix, period.end, period.start),
        )[0]
        return int(reached), int(count)

    # Both must give the same answer before their times mean anything.
    result = outreach_commune_share(period, province)
    assert result is not None and result.numerator is not None and result.denominator is not None
    done, total, missing, events, audience = hand_written()
    assert (int(result.numerator), int(result.denominator)) == (done, total) == share_only()
    assert result.missing_unit_ids == missing
    assert result.detail["events"] == events
    assert {group: people for group, people in result.detail["audience"].items() if people} == audience
    print(
        f"T1 {period.label}: {result.value}% ({done:,}/{total:,} communes; {len(missing):,} without outreach), "
        f"{events:,} events, {sum(audience.values()):,} people reached"
    )

    indicator_ms = median_ms(lambda: outreach_commune_share(period, province), args.runs)
    sql_ms = median_ms(hand_written, args.runs)
    drill_orm_ms = median_ms(lambda: communes_reached(period, province), args.runs)
    drill_sql_ms = median_ms(hand_drill_down, args.runs)
    aggregate_ms = median_ms(share_only, args.runs)
    print(f"median of {args.runs} runs after warm-up, in-process")
    print(f"{'':52} {'ORM ms':>9} {'SQL ms':>9} {'ratio':>6}")
    rows = [
        ("T1 indicator: share, drill-down, events, people", indicator_ms, sql_ms),
        ("  of which share and drill-down list (1 query)", drill_orm_ms, drill_sql_ms),
    ]
    for label, orm, sql in rows:
        print(f"{label:52} {orm:9.1f} {sql:9.1f} {orm / sql:6.2f}")
    print(f"{'share alone, one SQL aggregate (no drill-down)':52} {'':9} {aggregate_ms:9.1f}")
    print(f"ratio T1 / hand-written SQL: {indicator_ms / sql_ms:.2f} (goal <= 2)")


if __name__ == "__main__":
    main()
