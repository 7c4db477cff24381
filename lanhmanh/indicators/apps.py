from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "lanhmanh.indicators"
    verbose_name = _("Chỉ số")

    def ready(self) -> None:
        # Indicators register when their modules are imported; models are loaded by now.
        from lanhmanh.indicators.registry import autodiscover

        autodiscover()
