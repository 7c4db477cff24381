"""`manage.py generate_inspections --scale national`: synthetic inspection data for benchmarks."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lanhmanh.inspections.synthetic import SCALES, generate


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu kiểm tra tổng hợp để đo hiệu năng: một tỉnh tổng hợp với các huyện, xã, cơ sở kinh doanh và "
        "cuộc kiểm tra (national: 100.000 cơ sở, 1.000.000 cuộc kiểm tra). Chỉ chạy khi DEBUG bật, trừ khi có --force."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="national", help="Quy mô (mặc định national).")
        parser.add_argument("--seed", type=int, default=2019, help="Hạt giống sinh dữ liệu (mặc định 2019).")
        parser.add_argument("--force", action="store_true", help="Chạy cả khi DEBUG tắt.")

    def handle(self, *args: Any, **options: Any) -> None:
        # A million made-up inspections do not belong in a real database.
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Lệnh chỉ chạy khi DEBUG=1 (cơ sở dữ liệu thử); dùng --force nếu thật sự cần.")
        verbose = options["verbosity"] > 1
        summary = generate(
            scale=SCALES[options["scale"]],
            seed=options["seed"],
            progress=(lambda line: self.stdout.write(line)) if verbose else (lambda _line: None),
        )
        self.stdout.write(summary)
