"""`make bench`, establishments: importing a generated 10,000-row registry file, as a ratio to hand-written SQL.

The data: a synthetic province (10 districts, 100 communes) and an .xlsx of 10,000 establishments
written the way officials send them (title rows above the header, dates as text, phone numbers as text).

The figures, each measured in the same run on the same connection:
- the real import (`spreadsheet.read_upload`: file checks, openpyxl, every row checked and matched;
  then `services.establishments_import`: one transaction, bulk inserts of the rows and of their audit
  entries), in rows per second (goal >= 1,000), and its peak Python memory (tracemalloc, second run);
- re-importing the same file (every row matched, nothing changed);
- the baseline: the same 10,000 rows inserted by a hand-written `executemany` INSERT in one
  transaction, with no file reading, no checks and no audit; the ratio import / baseline says what
  reading, checking and auditing cost on top of writing.

Usage: python bench/bench_establishments.py [--rows N]. Uses a fresh SQLite database under a temporary
folder unless DATABASE_URL is set (then the synthetic province is created once and its rows replaced).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = ("Nhà nghỉ", "Nhà hàng ăn uống", "Karaoke", "Khách sạn", "Xoa bóp (massage)", "Cà phê đèn mờ")
STREETS = ("30/4", "Cách Mạng Tháng Tám", "Trần Hưng Đạo", "Hùng Vương", "Quốc lộ 22B", "Đường tỉnh 781")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="lanhmanh-bench-establishments-"))
    os.environ.setdefault("LANHMANH_VAR_DIR", str(workdir))
    os.environ["LANHMANH_TESTING"] = "1"  # simple static storage, no SECRET_KEY needed
    os.environ["AXES_ENABLED"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanhmanh.settings")

    import django

    django.setup()
    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection, transaction

    from lanhmanh.accounts.models import Role, User
    from lanhmanh.core.models import AuditEntry
    from lanhmanh.establishments import services, spreadsheet
    from lanhmanh.establishments.models import Establishment, fold
    from lanhmanh.places.models import AdministrativeUnit, Level

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}); load average {os.getloadavg()[0]:.1f}")
    call_command("migrate", verbosity=0)

    province = AdministrativeUnit.objects.filter(code="BENCH", source="bench-establishments").first()
    if province is None:
        province = AdministrativeUnit.objects.create(
            name="Tỉnh Đo Lường", code="BENCH", level=Level.PROVINCE, source="bench-establishments"
        )
        for d in range(10):
            district = AdministrativeUnit.objects.create(
                name=f"Huyện Đo {d}", code=f"B{d}", level=Level.DISTRICT, parent=province, source="bench-establishments"
            )
            for c in range(10):
                AdministrativeUnit.objects.create(
                    name=f"Xã Đo {d}-{c}",
                    code=f"B{d}{c:02d}",
                    level=Level.COMMUNE,
                    parent=district,
                    source="bench-establishments",
                )
    actor = User.objects.filter(username="bench-establishments").first()
    if actor is None:
        actor = User.objects.create_user(
            username="bench-establishments", password=None, role=Role.COORDINATOR, scope=province
        )
    communes = list(AdministrativeUnit.objects.subtree(province).communes().order_by("code"))

    def clear() -> None:
        with transaction.atomic():
            Establishment.objects.in_subtree(province).delete()
            AuditEntry.objects.filter(actor=actor).delete()

    rng = random.Random(2019)
    table = []
    for n in range(args.rows):
        commune = communes[n % len(communes)]
        table.append(
            (
                f"{rng.choice(KINDS).split(' (')[0]} Số {n:05d} {rng.choice(('Hòa Bình', 'Bình Minh', 'Sao Mai'))}",
                rng.choice(KINDS),
                f"Số {rng.randint(1, 500)}, đường {rng.choice(STREETS)}",
                commune.code,
                f"Nguyễn Văn {rng.choice(('An', 'Bình', 'Cường', 'Dũng'))}",
                f"09{rng.randrange(10**8):08d}",
                f"BENCH{n:07d}",
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2005, 2019)}",
                rng.randint(1, 30),
            )
        )
    # A workbook as Excel saves it (with its <dimension>, which openpyxl's write-only mode leaves out).
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách cơ sở"
    sheet.append(["DANH SÁCH CƠ SỞ KINH DOANH DỊCH VỤ NHẠY CẢM (SỐ LIỆU ĐO)"])
    sheet.append([])
    sheet.append(
        [
            "Tên cơ sở",
            "Loại hình",
            "Địa chỉ",
            "Xã, phường",
            "Chủ cơ sở",
            "Điện thoại",
            "Số ĐKKD",
            "Ngày bắt đầu hoạt động",
            "Số lao động",
        ]
    )
    for row in table:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()
    print(f"file: {args.rows:,} rows, {len(content) / 1024 / 1024:.1f} MB")

    def run_import() -> services.ImportResult:
        report = spreadsheet.read_upload(SimpleUploadedFile("bench.xlsx", content), actor=actor)
        assert report.ok, report.problems[:5]
        return services.establishments_import(actor=actor, rows=report.rows, file_name="bench.xlsx")

    clear()
    start = time.perf_counter()
    result = run_import()
    import_s = time.perf_counter() - start
    assert result.created == args.rows, result
    start = time.perf_counter()
    again = run_import()
    reimport_s = time.perf_counter() - start
    assert (again.created, again.unchanged) == (0, args.rows), again

    clear()
    tracemalloc.start()
    run_import()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # The baseline: the same rows, already parsed, written by one executemany INSERT.
    clear()
    kinds = {str(label): value for value, label in spreadsheet.EstablishmentType.choices}
    ids = {c.code: c.pk for c in communes}
    from datetime import datetime

    from django.utils import timezone

    now = timezone.now()
    values = [
        (
            name,
            fold(name),
            kinds[kind],
            address,
            ids[code],
            owner,
            phone,
            number,
            datetime.strptime(opened, "%d/%m/%Y").date(),
            workers,
            "operating",
            1,
            actor.pk,
            now,
            now,
        )
        for name, kind, address, code, owner, phone, number, opened, workers in table
    ]
    sql = (
        "INSERT INTO establishments_establishment (name, name_folded, kind, address, commune_id, owner_name,"
        " owner_phone, registration_number, opened_on, workers, status, version, created_by_id, created_at,"
        " updated_at, security_certificate_number, security_certificate_issuer, notes)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', '', '')"
    )
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, values)
    sql_s = time.perf_counter() - start
    assert Establishment.objects.in_subtree(province).count() == args.rows
    clear()

    print(f"{'':44} {'seconds':>8} {'rows/s':>9}")
    print(f"{'import (check, read, match, insert, audit)':44} {import_s:8.2f} {args.rows / import_s:9,.0f}")
    print(f"{'re-import of the same file (all unchanged)':44} {reimport_s:8.2f} {args.rows / reimport_s:9,.0f}")
    print(f"{'hand-written executemany INSERT':44} {sql_s:8.2f} {args.rows / sql_s:9,.0f}")
    print(f"peak Python memory of the import (tracemalloc): {peak / 1024 / 1024:.1f} MB")
    rate = args.rows / import_s
    print(f"ratio import / SQL baseline: {import_s / sql_s:.1f}; import rows/s {rate:,.0f} (goal >= 1,000)")


if __name__ == "__main__":
    main()
