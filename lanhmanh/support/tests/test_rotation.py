"""Key rotation: reading works while old keys remain in the ring; the command re-encrypts everything."""

import base64
from datetime import date
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from lanhmanh.support import crypto, services
from lanhmanh.support.models import Case, FollowUp, Referral, ServiceDelivery
from lanhmanh.support.tests.helpers import SENTINEL_ID, SENTINEL_NAME, SENTINEL_NOTE, consent, identity

NEW = "k2:" + base64.b64encode(b"n" * 32).decode()


def _full_case(world, case, worker, clinic):
    consent(case, worker, "services")
    consent(case, worker, "referral")
    case.set_photo(b"\x89PNG\r\n\x1a\nfakepng", "image/png")
    case.save()
    services.service_record(
        case=case,
        actor=worker,
        kind="health",
        date=date(2019, 7, 1),
        provider=clinic,
        outcome="outcome " + SENTINEL_NOTE,
    )
    services.follow_up_add(case=case, actor=worker, date=date(2019, 7, 1), notes="follow " + SENTINEL_NOTE)
    services.referral_create(
        case=case,
        actor=worker,
        provider=clinic,
        need_area="health",
        reason="reason " + SENTINEL_NOTE,
        referred_on=date(2019, 7, 1),
    )


def test_rotation_reencrypts_everything_and_reading_works_throughout(world, case, worker, clinic):
    _full_case(world, case, worker, clinic)
    rotating = f"{NEW},{settings.LANHMANH_FIELD_KEYS}"
    with override_settings(LANHMANH_FIELD_KEYS=rotating):
        # Before the command: old tokens are still read, new writes use the new key.
        stored = Case.objects.get(pk=case.pk)
        assert stored.identity().full_name == SENTINEL_NAME
        assert crypto.needs_rotation(stored.full_name_enc)
        # Duplicate search finds rows not yet rotated.
        check = services.duplicates_check(actor=worker, identity=identity(name="x"), commune=world.commune)
        assert check.found == 1

        out = StringIO()
        call_command("rotate_field_key", batch_size=1, stdout=out)
        assert "support.case: 1 row(s)" in out.getvalue()
        stored = Case.objects.get(pk=case.pk)
        for column in ("full_name_enc", "id_number_enc", "notes_enc", "photo_enc", "id_number_bidx", "name_year_bidx"):
            assert not crypto.needs_rotation(getattr(stored, column)), column
        assert stored.identity().id_number == SENTINEL_ID
        assert stored.photo().endswith(b"fakepng")
        assert ServiceDelivery.objects.get().outcome_enc.startswith("v1.k2.")
        assert FollowUp.objects.get().notes_enc.startswith("v1.k2.")
        assert Referral.objects.get().reason_enc.startswith("v1.k2.")

        # Idempotent: a second run finds nothing to do.
        again = StringIO()
        call_command("rotate_field_key", stdout=again)
        assert "0 row(s)" in again.getvalue() and "1 row(s)" not in again.getvalue()

    # After the old key is dropped, everything is read with the new key alone.
    with override_settings(LANHMANH_FIELD_KEYS=NEW):
        stored = Case.objects.get(pk=case.pk)
        assert stored.identity().full_name == SENTINEL_NAME
        assert FollowUp.objects.get().notes_text() == "follow " + SENTINEL_NOTE
        assert services.duplicates_check(actor=worker, identity=identity(name="x"), commune=world.commune).found == 1


def test_generate_key_prints_a_usable_entry():
    out = StringIO()
    call_command("rotate_field_key", generate_key="k9", stdout=out)
    entry = out.getvalue().strip()
    assert entry.startswith("k9:") and len(base64.b64decode(entry.split(":", 1)[1])) == 32
