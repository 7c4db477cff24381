"""HTML pages of the plans app, one module per group of pages."""

from lanhmanh.plans.views.coordinator import manual_value_create, measure_detail, measure_edit, task_assign
from lanhmanh.plans.views.dashboard import dashboard
from lanhmanh.plans.views.evidence import evidence_download
from lanhmanh.plans.views.tasks import my_tasks, task_detail, task_list

__all__ = [
    "dashboard",
    "evidence_download",
    "manual_value_create",
    "measure_detail",
    "measure_edit",
    "my_tasks",
    "task_assign",
    "task_detail",
    "task_list",
]
