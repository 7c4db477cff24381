"""Access-log rows are never updated nor deleted: the ORM refuses on every database, and on PostgreSQL
a trigger (migration 0002) also refuses raw SQL. Accounts with access-log rows cannot be deleted."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client

from lanhmanh.accounts.models import Role
from lanhmanh.support.models import AccessLog, ImmutableError

# Written out (the table is support_accesslog, AccessLog._meta.db_table): no SQL built from strings.
RAW = (
    "UPDATE support_accesslog SET note = 'changed' WHERE id = %s",
    "DELETE FROM support_accesslog WHERE id = %s",
)


def test_an_access_log_row_cannot_be_changed_nor_deleted(case):
    row = AccessLog.objects.filter(case_id=case.pk).order_by("pk").first()
    assert row is not None and AccessLog._meta.db_table == "support_accesslog"
    # The ORM layer, on every database.
    with pytest.raises(ImmutableError):
        AccessLog.objects.filter(pk=row.pk).update(note="changed")
    with pytest.raises(ImmutableError):
        AccessLog.objects.filter(pk=row.pk).delete()
    with pytest.raises(ImmutableError):
        row.note = "changed"
        row.save()
    with pytest.raises(ImmutableError):
        row.delete()
    if connection.vendor == "postgresql":
        # The database layer: raw SQL never reaches the row either.
        for sql in RAW:
            with (
                pytest.raises(DatabaseError, match="never updated nor deleted"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql, [row.pk])
    else:
        # SQLite has no trigger (the product runs on PostgreSQL): the ORM guard above is the layer.
        assert connection.vendor == "sqlite"
    stored = AccessLog.objects.get(pk=row.pk)
    assert (stored.note, stored.action, stored.case_code) == ("", row.action, case.case_code)


def test_writing_rows_still_works(case, worker):
    before = AccessLog.objects.count()
    client = Client()
    client.force_login(worker)
    assert client.get(f"/support/{case.pk}/").status_code == 200
    assert AccessLog.objects.count() == before + 1


def test_an_account_with_access_log_rows_cannot_be_deleted(personas, case):
    """Accounts are deactivated, never deleted (accounts/user_services.py): the foreign key is PROTECT,
    so a deletion is refused before it could null the rows' user."""
    viewer = personas[Role.VIEWER]
    client = Client()
    client.force_login(viewer)
    assert client.get(f"/support/{case.pk}/").status_code == 200
    assert AccessLog.objects.filter(user=viewer).exists()
    with pytest.raises(ProtectedError), transaction.atomic():
        viewer.delete()
    assert AccessLog.objects.filter(user=viewer).count() == 1
