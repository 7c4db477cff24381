"""Establishments for tests, written through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from lanhmanh.establishments import services
from lanhmanh.establishments.models import Establishment


def establishment(actor, commune, name: str = "Khách sạn Hòa Bình", **values: Any) -> Establishment:
    data = {
        "kind": "hotel",
        "address": "12 đường 30/4",
        "owner_name": "Nguyễn Văn An",
        "owner_phone": "0903123456",
        "opened_on": date(2015, 3, 1),
        **values,
    }
    return services.establishment_create(
        actor=actor, data=services.EstablishmentInput(name=name, commune=commune, **data)
    )


def commitment(actor, est: Establishment, start: date = date(2019, 1, 10), until: date | None = date(2020, 1, 9)):
    return services.commitment_record(
        establishment=est,
        actor=actor,
        data=services.CommitmentInput(
            signed_on=start, signer_name="Nguyễn Văn An", valid_from=start, valid_until=until
        ),
    )


def registration(actor, est: Establishment, day: date = date(2019, 2, 1)):
    return services.labour_registration_record(
        establishment=est,
        actor=actor,
        data=services.LabourRegistrationInput(registered_on=day, workers_registered=5, authority="Phòng LĐTBXH"),
    )


def flag(actor, est: Establishment, day: date = date(2019, 5, 3)):
    return services.flag_record(
        establishment=est, actor=actor, noted_on=day, source="police", description="Tiếp viên có biểu hiện bán dâm"
    )
