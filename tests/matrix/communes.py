"""The communes area's addresses (see tests/matrix/framework.py for the vocabulary).

The records (built in `build`): Xã An's 2019 assessment in draft with one evidence file, its 2018
assessment submitted to the district (reviewed by the district officer: districts still exist),
its 2025 assessment submitted to the province (reviewed by the coordinator: two-tier government),
its 2016 assessment recognised by a provincial decision, and the far commune's 2019 assessment
submitted to the other district, with an evidence file.
"""

from __future__ import annotations

from datetime import date

from lanhmanh.communes import services
from lanhmanh.communes.models import ScoreEvidence
from lanhmanh.communes.scheme_loader import load_scheme_file
from lanhmanh.communes.tests.helpers import EXAMPLE_SCHEME, approved, draft_for, submitted
from lanhmanh.plans.tests.files import pdf_upload
from tests.matrix.framework import (
    BAD_REQUEST,
    FORBIDDEN,
    IN_THE_DISTRICT,
    NOT_FOUND,
    OK,
    Redirect,
    Scene,
    api,
    each,
    entry,
    page,
)

TO_THE_ASSESSMENT = Redirect(r"/communes/assessments/\d+/")
TO_THE_FORM = Redirect(r"/communes/assessments/\d+/edit/")


def build(scene: Scene) -> None:
    load_scheme_file(EXAMPLE_SCHEME)
    world, users = scene.world, scene.users
    officer, district_officer = users["commune_officer"], users["district_officer"]
    draft = draft_for(world.commune, officer, 2019)
    services.evidence_add(assessment=draft, criterion_code="I.1", actor=officer, upload=pdf_upload())
    recognised = approved(world.commune, officer, district_officer, 2016)
    decision = services.recognition_record(
        actor=users["coordinator"],
        number="12/QĐ-UBND",
        signed_on=date(2016, 12, 20),
        issuer="Ủy ban nhân dân tỉnh Thử",
        assessments=[recognised],
    )
    far = submitted(world.far_commune, scene.outsider, 2019)
    scene.extra.update(
        communes_draft=draft,
        communes_draft_evidence=ScoreEvidence.objects.get(score__assessment=draft),
        communes_to_district=submitted(world.commune, officer, 2018),
        communes_to_province=submitted(world.commune, officer, 2025),
        communes_decision=decision,
        communes_far=far,
        communes_far_evidence=ScoreEvidence.objects.filter(score__assessment=far).first(),
        communes_scheme=draft.scheme,
    )


def _at(template: str, name: str):
    return lambda s: template.format(pk=s.extra[name].pk)


COMMUNE_OFFICERS_ONLY = {"commune_officer": OK, "sibling_commune": OK}

ENTRIES = [
    # Reading: everybody reads what lies in their scope.
    entry("communes:overview", "", lambda s: "/communes/", GET=page(OK)),
    entry("communes:assessment_list", "", lambda s: "/communes/assessments/", GET=page(OK)),
    entry("communes:scheme_list", "", lambda s: "/communes/schemes/", GET=page(OK)),
    entry("communes:scheme_detail", "", _at("/communes/schemes/{pk}/", "communes_scheme"), GET=page(OK)),
    entry(
        "communes:assessment_detail",
        "draft",
        _at("/communes/assessments/{pk}/", "communes_draft"),
        GET=page(OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "communes:assessment_detail",
        "far_commune",
        _at("/communes/assessments/{pk}/", "communes_far"),
        GET=page(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    # Opening the year's assessment: a commune officer, for their own commune.
    entry(
        "communes:assessment_start",
        "",
        lambda s: "/communes/assessments/new/",
        GET=page(FORBIDDEN, **COMMUNE_OFFICERS_ONLY),
        POST=page(FORBIDDEN, **COMMUNE_OFFICERS_ONLY),
    ),
    # Scoring the draft: its own commune's officer only; a sibling commune's is not even seen.
    entry(
        "communes:assessment_edit",
        "draft",
        _at("/communes/assessments/{pk}/edit/", "communes_draft"),
        GET=page(FORBIDDEN, commune_officer=OK, sibling_commune=NOT_FOUND),
        POST=page(FORBIDDEN, commune_officer=OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "communes:assessment_edit",
        "submitted",
        _at("/communes/assessments/{pk}/edit/", "communes_to_district"),
        GET=page(FORBIDDEN, commune_officer=TO_THE_ASSESSMENT, sibling_commune=NOT_FOUND),
    ),
    entry(
        "communes:assessment_edit",
        "far_commune",
        _at("/communes/assessments/{pk}/edit/", "communes_far"),
        GET=page(FORBIDDEN, **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=page(FORBIDDEN, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "communes:assessment_preview",
        "draft",
        _at("/communes/assessments/{pk}/preview/", "communes_draft"),
        POST=page(FORBIDDEN, commune_officer=OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "communes:assessment_submit",
        "draft",
        _at("/communes/assessments/{pk}/submit/", "communes_draft"),
        POST=page(FORBIDDEN, commune_officer=OK, sibling_commune=NOT_FOUND),
    ),
    # Review: the district while districts exist, the province afterwards.
    entry(
        "communes:assessment_review",
        "submitted_to_the_district",
        _at("/communes/assessments/{pk}/review/", "communes_to_district"),
        GET=page(FORBIDDEN, district_officer=OK, sibling_commune=NOT_FOUND),
        POST=page(FORBIDDEN, district_officer=OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "communes:assessment_review",
        "submitted_to_the_province",
        _at("/communes/assessments/{pk}/review/", "communes_to_province"),
        GET=page(FORBIDDEN, coordinator=OK, sibling_commune=NOT_FOUND),
        POST=page(FORBIDDEN, coordinator=OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "communes:assessment_review",
        "far_commune",
        _at("/communes/assessments/{pk}/review/", "communes_far"),
        GET=page(FORBIDDEN, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "communes:assessment_review",
        "draft",
        _at("/communes/assessments/{pk}/review/", "communes_draft"),
        GET=page(FORBIDDEN, district_officer=TO_THE_ASSESSMENT, sibling_commune=NOT_FOUND),
    ),
    # Evidence: streamed to whoever reads the assessment; removed by the commune while a draft.
    entry(
        "communes:evidence_download",
        "draft",
        _at("/communes/evidence/{pk}/", "communes_draft_evidence"),
        GET=page(OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "communes:evidence_download",
        "far_commune",
        _at("/communes/evidence/{pk}/", "communes_far_evidence"),
        GET=page(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "communes:evidence_delete",
        "draft",
        _at("/communes/evidence/{pk}/delete/", "communes_draft_evidence"),
        POST=page(FORBIDDEN, commune_officer=TO_THE_FORM, sibling_commune=NOT_FOUND),
    ),
    entry(
        "communes:evidence_delete",
        "far_commune",
        _at("/communes/evidence/{pk}/delete/", "communes_far_evidence"),
        POST=page(FORBIDDEN, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    # Recognition: the coordinator records; everybody in the province reads the decision.
    entry("communes:recognition_list", "", lambda s: "/communes/recognitions/", GET=page(OK)),
    entry(
        "communes:recognition_create",
        "",
        lambda s: "/communes/recognitions/new/",
        GET=page(FORBIDDEN, coordinator=OK),
        POST=page(FORBIDDEN, coordinator=OK),
    ),
    entry(
        "communes:recognition_detail",
        "",
        _at("/communes/recognitions/{pk}/", "communes_decision"),
        GET=page(OK),
    ),
    # The API: the same doors.
    entry(
        "commune-assessment-list",
        "",
        lambda s: "/api/v1/commune-assessments/",
        GET=api(OK),
        POST=api(FORBIDDEN, commune_officer=BAD_REQUEST, sibling_commune=BAD_REQUEST),
    ),
    entry(
        "commune-assessment-detail",
        "draft",
        _at("/api/v1/commune-assessments/{pk}/", "communes_draft"),
        GET=api(OK, sibling_commune=NOT_FOUND),
        PATCH=api(FORBIDDEN, commune_officer=BAD_REQUEST, sibling_commune=NOT_FOUND),
    ),
    entry(
        "commune-assessment-detail",
        "far_commune",
        _at("/api/v1/commune-assessments/{pk}/", "communes_far"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        PATCH=api(FORBIDDEN, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "commune-assessment-evidence",
        "draft",
        _at("/api/v1/commune-assessments/{pk}/evidence/", "communes_draft"),
        POST=api(FORBIDDEN, commune_officer=BAD_REQUEST, sibling_commune=NOT_FOUND),
    ),
    entry(
        "commune-assessment-submit",
        "draft",
        _at("/api/v1/commune-assessments/{pk}/submit/", "communes_draft"),
        POST=api(FORBIDDEN, commune_officer=BAD_REQUEST, sibling_commune=NOT_FOUND),
    ),
    entry(
        "commune-assessment-review",
        "submitted_to_the_district",
        _at("/api/v1/commune-assessments/{pk}/review/", "communes_to_district"),
        POST=api(FORBIDDEN, district_officer=BAD_REQUEST, sibling_commune=NOT_FOUND),
    ),
    entry(
        "commune-assessment-review",
        "submitted_to_the_province",
        _at("/api/v1/commune-assessments/{pk}/review/", "communes_to_province"),
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST, sibling_commune=NOT_FOUND),
    ),
    entry(
        "commune-assessment-return",
        "submitted_to_the_district",
        _at("/api/v1/commune-assessments/{pk}/return/", "communes_to_district"),
        POST=api(FORBIDDEN, district_officer=BAD_REQUEST, sibling_commune=NOT_FOUND),
    ),
    entry(
        "commune-assessment-approve",
        "submitted_to_the_district",
        _at("/api/v1/commune-assessments/{pk}/approve/", "communes_to_district"),
        POST=api(FORBIDDEN, district_officer=BAD_REQUEST, sibling_commune=NOT_FOUND),
    ),
    entry(
        "commune-assessment-approve",
        "far_commune",
        _at("/api/v1/commune-assessments/{pk}/approve/", "communes_far"),
        POST=api(FORBIDDEN, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "commune-recognition-list",
        "",
        lambda s: "/api/v1/commune-recognitions/",
        GET=api(OK),
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST),
    ),
    entry(
        "commune-recognition-detail",
        "",
        _at("/api/v1/commune-recognitions/{pk}/", "communes_decision"),
        GET=api(OK),
    ),
    entry("assessment-scheme-list", "", lambda s: "/api/v1/assessment-schemes/", GET=api(OK)),
    entry("assessment-scheme-detail", "", _at("/api/v1/assessment-schemes/{pk}/", "communes_scheme"), GET=api(OK)),
]
