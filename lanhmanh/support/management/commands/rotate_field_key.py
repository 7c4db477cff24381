"""Re-encrypt every encrypted value and blind index of the support area under the current key.

Rotation (docs/support.md): put a new key first in LANHMANH_FIELD_KEYS, keeping the old ones after
it, restart, run this command, then drop the old keys. Reading works throughout: tokens carry their
key id. The command works in batches, each in its own transaction, and only touches rows still
holding an old key: interrupted, it resumes where it stopped; run twice, the second run changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Model, Q

from lanhmanh.support import crypto
from lanhmanh.support.keyring import new_key_entry
from lanhmanh.support.models import ENCRYPTED_COLUMNS, Case
from lanhmanh.support.services import province_of


def stale_q(column: str, key_id: str) -> Q:
    """Rows whose `column` holds a token or index written under a key other than `key_id`."""
    prefix = f"{crypto.VERSION}.{key_id}." if column.endswith("_enc") else f"{key_id}."
    return ~Q(**{column: ""}) & ~Q(**{f"{column}__startswith": prefix})


def rotate_cases(batch_size: int) -> int:
    key_id = crypto.current_key_id()
    columns = [name for model, name, _ in ENCRYPTED_COLUMNS if model is Case] + ["id_number_bidx", "name_year_bidx"]
    stale = Q(pk__in=[])
    for column in columns:
        stale |= stale_q(column, key_id)
    done = 0
    while True:
        with transaction.atomic():
            batch = list(Case.objects.filter(stale).select_related("commune").order_by("pk")[:batch_size])
            for case in batch:
                photo = case.photo()
                case.set_identity(case.identity(), province_pk=province_of(case.commune))
                if photo:
                    case.set_photo(photo, case.photo_type)
                Case.objects.filter(pk=case.pk).update(
                    **{name: getattr(case, name) for name in columns}, photo_type=case.photo_type
                )
        done += len(batch)
        if len(batch) < batch_size:
            return done


def rotate_column(model: type[Model], column: str, context: str, batch_size: int) -> int:
    key_id = crypto.current_key_id()
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                model._default_manager.filter(stale_q(column, key_id))
                .order_by("pk")
                .values_list("pk", column)[:batch_size]
            )
            for pk, token in batch:
                value = crypto.decrypt_bytes(token, context=context)
                model._default_manager.filter(pk=pk).update(**{column: crypto.encrypt_bytes(value, context=context)})
        done += len(batch)
        if len(batch) < batch_size:
            return done


class Command(BaseCommand):
    help = "Re-encrypt the support area's encrypted fields and blind indexes under the current key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--generate-key",
            metavar="KEY_ID",
            help="Only print a new 'keyid:base64key' entry to put first in LANHMANH_FIELD_KEYS.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate_key"]:
            self.stdout.write(new_key_entry(options["generate_key"]))
            return
        size = max(1, options["batch_size"])
        self.stdout.write(f"Current key: {crypto.current_key_id()}")
        self.stdout.write(f"support.case: {rotate_cases(size)} row(s) re-encrypted")
        for model, column, context in ENCRYPTED_COLUMNS:
            if model is Case:
                continue
            count = rotate_column(model, column, context, size)
            self.stdout.write(f"{model._meta.label_lower}.{column}: {count} row(s) re-encrypted")
