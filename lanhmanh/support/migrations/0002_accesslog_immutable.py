"""Access-log rows are never updated nor deleted: on PostgreSQL, a trigger refuses it in the database.

The ORM guard (AccessLog.save/delete, AccessLogQuerySet.update/delete) stops the application's own
paths; the trigger also stops raw SQL, a cascade's SET NULL, or a shell session. SQLite keeps the ORM
guard only (the product runs on PostgreSQL). TRUNCATE (the test runner's flush) is not a row event.
The user foreign key becomes PROTECT: accounts are deactivated, never deleted.
"""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FUNCTION = "support_accesslog_immutable"
TABLE = "support_accesslog"

CREATE = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'access-log rows are never updated nor deleted (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER {FUNCTION} BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
"""
DROP = f"""
DROP TRIGGER IF EXISTS {FUNCTION} ON {TABLE};
DROP FUNCTION IF EXISTS {FUNCTION}();
"""


class PostgreSQLOnlyRunSQL(migrations.RunSQL):
    """RunSQL executed only when the database is PostgreSQL (a no-op elsewhere)."""

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="accesslog",
            name="user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        PostgreSQLOnlyRunSQL(sql=CREATE, reverse_sql=DROP),
    ]
