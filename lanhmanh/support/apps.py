from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "lanhmanh.support"
    verbose_name = _("Hỗ trợ người bán dâm và nạn nhân mua bán người")
