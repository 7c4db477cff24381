from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "lanhmanh.outreach"
    verbose_name = _("Tuyên truyền, truyền thông, tập huấn")
