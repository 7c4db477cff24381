"""`manage.py create_admin USERNAME --scope 72 [--unit-source tay-ninh-2019] [--agency UBND-TINH]`

The first system administrator of a fresh installation (the Users page needs one to exist).
The password is read from the ADMIN_PASSWORD environment variable or asked for twice; it
goes through the same service and validators as the Users page.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lanhmanh.accounts.models import Agency, Role
from lanhmanh.accounts.user_services import user_create
from lanhmanh.places.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Tạo tài khoản quản trị hệ thống đầu tiên."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--scope", required=True, help="Mã GSO của đơn vị phạm vi (vd. 72)")
        parser.add_argument("--unit-source", default="", help="Bộ dữ liệu của đơn vị khi mã trùng (vd. tay-ninh-2019)")
        parser.add_argument("--agency", default="", help="Mã cơ quan (tùy chọn)")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        units = AdministrativeUnit.objects.filter(code=options["scope"])
        if options["unit_source"]:
            units = units.filter(source=options["unit_source"])
        found = list(units[:2])
        if len(found) != 1:
            what = "không tìm thấy" if not found else "có nhiều đơn vị trùng mã; dùng --unit-source"
            raise CommandError(f"--scope {options['scope']}: {what}.")
        scope = found[0]
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(f"--agency {options['agency']}: không tìm thấy cơ quan.")
        password = os.environ.get("ADMIN_PASSWORD") or self._ask_password()
        try:
            user = user_create(
                actor=None,
                username=options["username"],
                full_name=options["full_name"] or options["username"],
                email=options["email"],
                role=Role.ADMIN,
                agency=agency,
                scope=scope,
                password=password,
            )
        except ValidationError as exc:
            problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
            raise CommandError(problems) from exc
        self.stdout.write(f"Đã tạo quản trị viên {user.username} (phạm vi: {scope}).")

    def _ask_password(self) -> str:
        first = getpass.getpass("Mật khẩu: ")
        if first != getpass.getpass("Nhập lại mật khẩu: "):
            raise CommandError("Hai lần nhập mật khẩu không khớp.")
        return first
