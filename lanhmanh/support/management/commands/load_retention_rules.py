"""Load the retention rules (how long a closed case is kept) from their data file. Idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lanhmanh.support.subject_requests import load_retention_file

DEFAULT_FILE = Path(settings.BASE_DIR) / "data" / "retention" / "rules.yaml"


class Command(BaseCommand):
    help = "Replace the retention rules by those of a YAML file (default data/retention/rules.yaml)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT_FILE))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_retention_file(Path(options["path"]))
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        self.stdout.write(f"created {result.created}, updated {result.updated}, removed {result.removed}")
