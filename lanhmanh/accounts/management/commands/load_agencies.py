"""`manage.py load_agencies data/agencies/tay-ninh.yaml`: load a province's agencies (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lanhmanh.accounts.services import load_agencies_file
from lanhmanh.places.services import DataFileError


class Command(BaseCommand):
    help = "Nạp (hoặc cập nhật) cơ quan, đơn vị của một tỉnh từ tệp YAML; chạy lại không tạo bản trùng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="tệp cơ quan, ví dụ data/agencies/tay-ninh.yaml")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_agencies_file(options["file"])
        except DataFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{options['file']}: {result}"))
