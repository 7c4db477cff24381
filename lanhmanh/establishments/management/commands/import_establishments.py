"""`manage.py import_establishments FILE --user USERNAME [--dry-run]`: import a registry file."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from lanhmanh.accounts.models import User
from lanhmanh.core.versioning import ConflictError
from lanhmanh.establishments import services, spreadsheet
from lanhmanh.establishments.access import may_write


class Command(BaseCommand):
    help = (
        "Nhập danh sách cơ sở kinh doanh dịch vụ nhạy cảm từ tệp .xlsx hoặc .csv (xem docs/establishments.md), "
        "với quyền và phạm vi của một tài khoản. Tất cả hoặc không dòng nào: tệp có lỗi bị từ chối toàn bộ. "
        "Nhập lại cùng tệp chỉ cập nhật, không thêm trùng."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp .xlsx hoặc .csv")
        parser.add_argument(
            "--user",
            required=True,
            help="Tên đăng nhập của người nhập (phạm vi và nhật ký thay đổi theo tài khoản này).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Kiểm tra và báo cáo, không lưu gì.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.select_related("scope", "agency").filter(username=options["user"]).first()
        if actor is None:
            raise CommandError(f"Không có tài khoản “{options['user']}”.")
        if not may_write(actor):
            raise CommandError(f"Tài khoản “{actor.username}” không được nhập danh sách cơ sở.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{path}”.")
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        try:
            report = spreadsheet.read_upload(upload, actor=actor)
            if not report.ok:
                lines = [f"Dòng {p.row or '—'}, {p.column or '—'}: {p.reason}" for p in report.problems]
                raise CommandError(f"Tệp có {len(lines)} lỗi; không dòng nào được lưu.\n" + "\n".join(lines))
            assert report.plan is not None
            if options["dry_run"]:
                self.stdout.write(
                    f"Tệp hợp lệ ({len(report.rows)} dòng): {report.plan.creates} cơ sở mới, "
                    f"{report.plan.updates} cơ sở đã có sẽ được cập nhật. Chưa lưu gì (--dry-run)."
                )
                return
            result = services.establishments_import(actor=actor, rows=report.rows, file_name=path.name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except ConflictError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Đã nhập {path.name}: {result.created} cơ sở mới, {result.updated} cập nhật, {result.unchanged} không đổi."
        )
