"""Every state change of outreach records. Pages, the API, the roster import and the demo call
these; nothing else writes these tables (the synthetic-data generator for benchmarks aside).
Each runs in a transaction, validates (a ValidationError naming the field, in Vietnamese),
and writes one audit entry per record changed (verbs `outreach.<record>.<what happened>`)."""

from lanhmanh.outreach.services.events import EventInput, event_create, event_delete, event_update
from lanhmanh.outreach.services.integrated_plans import (
    IntegratedPlanInput,
    integrated_plan_create,
    integrated_plan_delete,
    integrated_plan_update,
)
from lanhmanh.outreach.services.media import MediaInput, media_item_create, media_item_delete, media_item_update
from lanhmanh.outreach.services.officials import (
    OfficialInput,
    official_create,
    official_delete,
    official_errors,
    official_update,
    officials_import,
)
from lanhmanh.outreach.services.training import (
    CourseInput,
    course_create,
    course_delete,
    course_update,
    participant_remove,
    participant_set,
)

__all__ = [
    "CourseInput",
    "EventInput",
    "IntegratedPlanInput",
    "MediaInput",
    "OfficialInput",
    "course_create",
    "course_delete",
    "course_update",
    "event_create",
    "event_delete",
    "event_update",
    "integrated_plan_create",
    "integrated_plan_delete",
    "integrated_plan_update",
    "media_item_create",
    "media_item_delete",
    "media_item_update",
    "official_create",
    "official_delete",
    "official_errors",
    "official_update",
    "officials_import",
    "participant_remove",
    "participant_set",
]
