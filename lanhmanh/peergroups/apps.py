from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeergroupsConfig(AppConfig):
    name = "lanhmanh.peergroups"
    verbose_name = _("Nhóm đồng đẳng, đội công tác xã hội tình nguyện")
