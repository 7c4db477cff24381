"""`manage.py load_assessment_scheme FILE [--dry-run]`: load a healthy-commune scoring scheme."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lanhmanh.communes.scheme_loader import SchemeFileError, load_scheme_file


class Command(BaseCommand):
    help = (
        "Nạp một bộ tiêu chí đánh giá xã, phường, thị trấn lành mạnh từ tệp YAML "
        "(data/assessment-schemes/*.yaml, xem docs/healthy-communes.md). Nạp lại cùng phiên bản không tạo "
        "bản ghi trùng; tệp lỗi bị từ chối toàn bộ."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp, ví dụ data/assessment-schemes/vi-du-01-2008.yaml")
        parser.add_argument("--dry-run", action="store_true", help="Kiểm tra và báo cáo, không lưu gì.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_scheme_file(options["file"], dry_run=options["dry_run"])
        except SchemeFileError as exc:
            raise CommandError(exc.text()) from exc
        for line in result.lines():
            self.stdout.write(line)
