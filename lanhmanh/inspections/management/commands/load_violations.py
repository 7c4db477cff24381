"""`manage.py load_violations FILE [--dry-run]`: load a violation catalogue file (data/violations/)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lanhmanh.inspections.catalogue import CatalogueFileError, load_catalogue_file


class Command(BaseCommand):
    help = (
        "Nạp danh mục hành vi vi phạm (căn cứ, điều, khoản, khung phạt, hiệu lực) từ tệp YAML. "
        "Cả tệp hoặc không gì cả: có lỗi thì không ghi gì. Nạp lại tệp cũ không tạo trùng."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="Tệp YAML, ví dụ data/violations/nd-144-2021.yaml.")
        parser.add_argument("--dry-run", action="store_true", help="Kiểm tra và báo kết quả, không lưu gì.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_catalogue_file(options["file"], dry_run=options["dry_run"])
        except CatalogueFileError as error:
            raise CommandError(str(error)) from error
        for line in result.lines():
            self.stdout.write(line)
