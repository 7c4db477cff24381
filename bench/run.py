"""`make bench`: server-side timings of the pages that matter, as ratios to a baseline measured
in the same run on the same machine (absolute milliseconds vary between machines; ratios less so).

Foundation figures:
- dashboard at province scale (Tây Ninh 2019: 1 province, 9 districts, 96 communes, 118 tasks,
  demo progress) as seen by the coordinator, over a trivial page (/healthz) served in the same run;
- the same for the task list.
Each figure is the median of N requests after warm-up, measured in-process with Django's test
client (so it is server time: middleware, views, templates and queries, no network).

Usage: python bench/run.py [--runs N]. Uses a fresh SQLite database under a temporary folder
unless DATABASE_URL is set.
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


class QueryCounter:
    def __init__(self, sink: list[str]) -> None:
        self.sink = sink

    def __call__(self, execute, sql, params, many, context):
        self.sink.append(sql)
        return execute(sql, params, many, context)


def median_ms(fn: Callable[[], object], runs: int) -> float:
    for _ in range(3):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="lanhmanh-bench-"))
    os.environ.setdefault("LANHMANH_VAR_DIR", str(workdir))
    os.environ["LANHMANH_TESTING"] = "1"  # simple static storage, no SECRET_KEY needed
    os.environ["AXES_ENABLED"] = "0"
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")  # persistent connections, as in production
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanhmanh.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from lanhmanh.accounts.models import User

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:  # the loaders print summaries we do not need here
        call_command("load_units", str(ROOT / "data/units/tay-ninh-2019.json"), stdout=devnull)
        call_command("load_agencies", str(ROOT / "data/agencies/tay-ninh.yaml"), stdout=devnull)
        call_command("load_plan", str(ROOT / "data/plans/tay-ninh-2019.yaml"), stdout=devnull)
        call_command("demo", "--force", stdout=devnull)

    client = Client()
    client.force_login(User.objects.get(username="demo-coordinator"))

    def get(url: str) -> Callable[[], object]:
        def run() -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return run

    rows = []
    baseline = median_ms(get("/healthz"), args.runs)
    rows.append(("/healthz (baseline)", baseline, 1.0, None))
    for label, url in [("dashboard, province scale", "/"), ("task list", "/tasks/")]:
        # An execute wrapper, not CaptureQueriesContext: Django resets the query log at request start.
        queries: list[str] = []
        with connection.execute_wrapper(QueryCounter(queries)):
            get(url)()
        ms = median_ms(get(url), args.runs)
        rows.append((label, ms, ms / baseline, len(queries)))

    print(f"median of {args.runs} requests after warm-up, server time in-process")
    print(f"{'page':32} {'ms':>8} {'x baseline':>11} {'queries':>8}")
    for label, ms, ratio, nq in rows:
        print(f"{label:32} {ms:8.2f} {ratio:11.1f} {'' if nq is None else nq:>8}")


if __name__ == "__main__":
    main()
