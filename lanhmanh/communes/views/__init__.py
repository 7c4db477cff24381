"""HTML pages of the communes app, one module per group of pages."""

from lanhmanh.communes.views.assessments import (
    assessment_detail,
    assessment_edit,
    assessment_list,
    assessment_preview,
    assessment_start,
    assessment_submit,
    evidence_delete,
    evidence_download,
)
from lanhmanh.communes.views.overview import overview, scheme_detail, scheme_list
from lanhmanh.communes.views.recognitions import recognition_create, recognition_detail, recognition_list
from lanhmanh.communes.views.review import assessment_review

__all__ = [
    "assessment_detail",
    "assessment_edit",
    "assessment_list",
    "assessment_preview",
    "assessment_review",
    "assessment_start",
    "assessment_submit",
    "evidence_delete",
    "evidence_download",
    "overview",
    "recognition_create",
    "recognition_detail",
    "recognition_list",
    "scheme_detail",
    "scheme_list",
]
