"""HTML pages of the outreach area, one module per group of pages."""

from lanhmanh.outreach.views.events import (
    attachment_download,
    event_create,
    event_delete,
    event_detail,
    event_edit,
    event_list,
)
from lanhmanh.outreach.views.integrated_plans import (
    integrated_plan_create,
    integrated_plan_edit,
    integrated_plan_file,
    integrated_plan_list,
)
from lanhmanh.outreach.views.media import media_create, media_delete, media_edit, media_file, media_grid, media_list
from lanhmanh.outreach.views.officials import official_create, official_edit, official_import, official_list
from lanhmanh.outreach.views.todo import todo
from lanhmanh.outreach.views.training import course_create, course_detail, course_edit, course_list, participant_edit

__all__ = [
    "attachment_download",
    "course_create",
    "course_detail",
    "course_edit",
    "course_list",
    "event_create",
    "event_delete",
    "event_detail",
    "event_edit",
    "event_list",
    "integrated_plan_create",
    "integrated_plan_edit",
    "integrated_plan_file",
    "integrated_plan_list",
    "media_create",
    "media_delete",
    "media_edit",
    "media_file",
    "media_grid",
    "media_list",
    "official_create",
    "official_edit",
    "official_import",
    "official_list",
    "participant_edit",
    "todo",
]
