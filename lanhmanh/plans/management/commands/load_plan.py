"""`manage.py load_plan FILE [--dry-run]`: load or update a plan from its YAML file."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lanhmanh.core.versioning import ConflictError
from lanhmanh.plans.loader import PlanFileError, load_plan_file


class Command(BaseCommand):
    help = (
        "Nạp hoặc cập nhật một kế hoạch từ tệp YAML (data/plans/*.yaml, xem docs/plan-file.md). "
        "Chạy lại không tạo bản ghi trùng; tệp lỗi bị từ chối toàn bộ."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp kế hoạch, ví dụ data/plans/tay-ninh-2019.yaml")
        parser.add_argument(
            "--dry-run", action="store_true", help="Kiểm tra và báo cáo những gì sẽ thay đổi, không lưu gì."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = load_plan_file(options["file"], dry_run=options["dry_run"])
        except PlanFileError as exc:
            raise CommandError(exc.text()) from exc
        except ConflictError as exc:
            # A measure or task was saved in the app while the file was loading: everything was
            # rolled back, and running again reads the fresh version.
            raise CommandError(
                f"{exc.obj} vừa được sửa trong ứng dụng trong lúc nạp tệp; không có thay đổi nào được lưu. "
                "Hãy chạy lại lệnh."
            ) from exc
        for line in summary.lines():
            self.stdout.write(line)
