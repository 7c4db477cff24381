"""A raw copy of the database holds none of the names and ID numbers of the people supported.

Sentinel identities are seeded through the real services (registration, a correction, search,
follow-up notes, service outcomes, a referral reason, a data-subject export), committed, and the
database is read as an attacker with a stolen backup would: on SQLite the bytes of a file copy made
with SQLite's backup API (free pages included), on PostgreSQL the output of `pg_dump`. No sentinel
may appear, in UTF-8 as typed, in NFD, folded (no diacritics, lower case) or upper case.
"""

import shutil
import sqlite3
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from lanhmanh.support import crypto, services, subject_requests
from lanhmanh.support.models import ConsentMethod, Identity, ServiceProvider
from tests.matrix.support_privacy import supported_person

NAMES = ("Quách Thị Sentinelya", "Đoàn Văn Ẩnđanhxyz", "Nguyễn Thị Bímậtqk")
ID_NUMBERS = ("079912345671", "083955501234", "SN7788990011")
PHONE = "0909517283"
ADDRESS = "Số 77 hẻm Bímậtđường, ấp Kínđáo"
NOTES = "Ghi chú kín: Sentinelghichu"
OUTCOME = "Kết quả kín Sentinelketqua"
REASON = "Lý do kín Sentinellydo"


def forms_of(text: str) -> set[bytes]:
    variants = {text, unicodedata.normalize("NFD", text), crypto.fold(text), text.upper(), text.lower()}
    return {v.encode("utf-8") for v in variants if v}


def sentinels() -> set[bytes]:
    found: set[bytes] = set()
    for text in (*NAMES, *ID_NUMBERS, PHONE, ADDRESS, NOTES, OUTCOME, REASON):
        found |= forms_of(text)
    # Each word of the names alone, too: a leak of "Sentinelya" is a leak.
    for name in NAMES:
        for word in name.split()[2:]:
            found |= forms_of(word)
    return found


def seed(world, personas) -> None:
    worker = personas["case_worker"]
    provider = ServiceProvider.objects.create(name="Trung tâm CTXH", kind="social_work_centre", unit=world.province)
    for index, (name, id_number) in enumerate(zip(NAMES, ID_NUMBERS, strict=True)):
        case = supported_person(world, worker, full_name=name, id_number=id_number, birth_date=date(1995, 1, 1 + index))
        services.case_edit(
            case=case,
            actor=worker,
            data=services.CaseInput(
                kind=case.kind,
                sex=case.sex,
                age_group=case.age_group,
                commune=case.commune,
                contact_channel=case.contact_channel,
                opened_on=case.opened_on,
            ),
            identity=Identity(
                full_name=name,
                id_number=id_number,
                birth_date=date(1995, 1, 1 + index),
                phone=PHONE,
                address=ADDRESS,
                notes=NOTES,
            ),
            expected_version=case.version,
        )
        case.refresh_from_db()
        services.service_record(
            case=case, actor=worker, kind="health", date=date(2019, 6, 1), provider=provider, outcome=OUTCOME
        )
        services.follow_up_add(case=case, actor=worker, date=date(2019, 7, 1), notes=NOTES)
        services.consent_record(
            case=case,
            actor=worker,
            purpose="referral",
            granted=True,
            given_on=date(2019, 3, 1),
            method=ConsentMethod.WRITTEN,
        )
        services.referral_create(
            case=case, actor=worker, provider=provider, need_area="job", reason=REASON, referred_on=date(2019, 7, 2)
        )
        subject_requests.subject_export(actor=worker, case=case, reason="Người được hỗ trợ yêu cầu bản sao")
    # A duplicate check by the same identity writes its own rows (access log) and must leak nothing either.
    services.duplicates_check(
        actor=worker, identity=Identity(full_name=NAMES[0], id_number=ID_NUMBERS[0]), commune=world.commune
    )


def sqlite_bytes(tmp_path: Path) -> bytes:
    target = tmp_path / "copy.sqlite3"
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    with sqlite3.connect(target) as copy:
        raw.backup(copy)
    copy.close()
    return target.read_bytes()


def pg_dump_bytes() -> bytes:
    settings = connection.settings_dict
    pg_dump = shutil.which("pg_dump")
    assert pg_dump is not None, "pg_dump is needed for the PostgreSQL pass (install postgresql-client)"
    command = [pg_dump, "--no-owner", "--dbname", settings["NAME"]]
    if settings.get("HOST"):
        command += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        command += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        command += ["--username", settings["USER"]]
    env = {"PGPASSWORD": settings.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"}
    # A fixed argument list built from the test settings, no shell: nothing untrusted reaches it (S603).
    result = subprocess.run(command, capture_output=True, check=True, env=env, timeout=120)  # noqa: S603
    return result.stdout


def raw_database(tmp_path: Path) -> bytes:
    if connection.vendor == "sqlite":
        return sqlite_bytes(tmp_path)
    assert connection.vendor == "postgresql", connection.vendor
    return pg_dump_bytes()


@pytest.mark.django_db(transaction=True)
def test_a_raw_copy_of_the_database_holds_no_name_nor_id_number(world, personas, tmp_path):
    seed(world, personas)
    raw = raw_database(tmp_path)
    # The copy is real: it holds the pseudonymous codes and the seeded commune.
    assert "Xã An".encode() in raw
    assert b"HT-2019-" in raw
    leaked = sorted(s.decode() for s in sentinels() if s in raw)
    assert leaked == []
