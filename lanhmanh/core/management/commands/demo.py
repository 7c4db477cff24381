"""`manage.py demo [--seed N] [--force]`: demo users and progress on the 2019 plan (lanhmanh/core/demo.py)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lanhmanh.core.demo import DEFAULT_SEED, DemoError, area_populators, demo_password, run_demo
from lanhmanh.plans.models import TaskStatus


class Command(BaseCommand):
    help = (
        "Tạo người dùng demo (mỗi vai trò một tài khoản) và tiến độ mẫu cho kế hoạch tay-ninh-2019. "
        "Chạy lại không tạo trùng. Chỉ chạy khi DEBUG bật, trừ khi có --force."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Chạy cả khi DEBUG tắt, và đặt lại mật khẩu của các tài khoản demo đã có.",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"Hạt giống sinh dữ liệu (mặc định {DEFAULT_SEED})."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        force: bool = options["force"]
        # Demo accounts share one known password: never create them on a real server by accident.
        if not settings.DEBUG and not force:
            raise CommandError(
                "Lệnh demo chỉ chạy trong môi trường phát triển (DEBUG=1). "
                "Dùng --force nếu thật sự muốn tạo tài khoản và dữ liệu mẫu ở đây."
            )
        password, source = demo_password()
        try:
            result = run_demo(password=password, reset_passwords=force, seed=options["seed"])
        except DemoError as exc:
            raise CommandError(str(exc)) from exc

        self.stdout.write("Tài khoản demo (tên đăng nhập, vai trò, phạm vi, cơ quan):")
        for login in result.logins:
            self.stdout.write(f"  {login.username:<17} {login.role} | {login.scope} | {login.agency} [{login.state}]")
        self.stdout.write(f"Mật khẩu: {source}.")
        progress = result.progress
        if progress.skipped:
            self.stdout.write(f"Tiến độ mẫu: bỏ qua ({progress.skipped}).")
        else:
            statuses = ", ".join(
                f"{TaskStatus(status).label.lower()} {count}" for status, count in sorted(progress.statuses.items())
            )
            self.stdout.write(
                f"Tiến độ mẫu: {progress.updates} cập nhật cho {progress.tasks} nhiệm vụ ({statuses}); "
                f"{progress.manual_values} số liệu báo cáo; quá hạn: {', '.join(progress.overdue) or 'không có'}."
            )
        # Each area of the product may add its own believable records (lanhmanh/<app>/demo.py).
        for populate in area_populators():
            self.stdout.write(populate(seed=options["seed"]))
