from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CommunesConfig(AppConfig):
    name = "lanhmanh.communes"
    verbose_name = _("Xã, phường lành mạnh")

    def ready(self) -> None:
        # Fact sources register on import: each app's `facts` module (lanhmanh/communes/facts.py).
        autodiscover_modules("facts")
