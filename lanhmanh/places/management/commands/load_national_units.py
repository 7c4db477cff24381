"""`manage.py load_national_units`: the two-tier structure of 1 July 2025 from `vietnam-provinces`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lanhmanh.places.services import DataFileError, load_national_units, national_source


class Command(BaseCommand):
    help = "Nạp 34 tỉnh, thành phố và 3.321 đơn vị cấp xã (từ 01/07/2025) từ gói vietnam-provinces."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_national_units()
        except DataFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{national_source()}: {result}"))
