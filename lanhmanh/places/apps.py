from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "lanhmanh.places"
    verbose_name = _("Đơn vị hành chính")

    def ready(self) -> None:
        from django.db.models import CharField

        from lanhmanh.places.lookups import PathPrefix

        CharField.register_lookup(PathPrefix)
