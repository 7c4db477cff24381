"""HTML pages of the inspections area, one module per group of pages."""

from lanhmanh.inspections.views.inspections import (
    attachment_download,
    inspection_create,
    inspection_detail,
    inspection_edit,
    inspection_export,
    inspection_list,
)
from lanhmanh.inspections.views.teams import (
    catalogue,
    member_add,
    member_remove,
    schedule_approve,
    schedule_create,
    schedule_detail,
    schedule_list,
    team_create,
    team_detail,
    team_list,
)
from lanhmanh.inspections.views.violations import violation_create, violation_edit
from lanhmanh.inspections.views.worklist import worklist

__all__ = [
    "attachment_download",
    "catalogue",
    "inspection_create",
    "inspection_detail",
    "inspection_edit",
    "inspection_export",
    "inspection_list",
    "member_add",
    "member_remove",
    "schedule_approve",
    "schedule_create",
    "schedule_detail",
    "schedule_list",
    "team_create",
    "team_detail",
    "team_list",
    "violation_create",
    "violation_edit",
    "worklist",
]
