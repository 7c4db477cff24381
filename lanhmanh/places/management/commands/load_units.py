"""`manage.py load_units data/units/tay-ninh-2019.json`: load a unit snapshot (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lanhmanh.places.services import DataFileError, load_units_file


class Command(BaseCommand):
    help = "Nạp (hoặc cập nhật) đơn vị hành chính từ một tệp JSON; chạy lại không tạo bản trùng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="tệp đơn vị hành chính, ví dụ data/units/tay-ninh-2019.json")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_units_file(options["file"])
        except DataFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{options['file']}: {result}"))
