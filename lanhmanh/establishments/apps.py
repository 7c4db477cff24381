from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstablishmentsConfig(AppConfig):
    name = "lanhmanh.establishments"
    verbose_name = _("Cơ sở kinh doanh dịch vụ nhạy cảm")
