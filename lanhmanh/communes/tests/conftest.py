"""Fixtures of the communes tests: the example scheme loaded, and assessments at each step."""

from __future__ import annotations

import pytest

from lanhmanh.communes.models import AssessmentScheme
from lanhmanh.communes.scheme_loader import load_scheme_file
from lanhmanh.communes.tests.helpers import EXAMPLE_SCHEME, approved, draft_for, fill, submitted


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Evidence files land in the test's own directory."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def scheme(db):

    load_scheme_file(EXAMPLE_SCHEME)
    return AssessmentScheme.objects.get()


@pytest.fixture
def draft(world, personas, scheme):
    """Xã An's 2019 assessment, opened by its officer, nothing scored."""
    return draft_for(world.commune, personas["commune_officer"], 2019)


@pytest.fixture
def complete_draft(draft, personas):
    """Xã An's 2019 draft with every criterion scored and the required evidence attached."""
    fill(draft, personas["commune_officer"])
    draft.refresh_from_db()
    return draft


@pytest.fixture
def sent(world, personas, scheme):
    """Xã An's 2019 assessment, scored and submitted to the district."""
    return submitted(world.commune, personas["commune_officer"], 2019)


@pytest.fixture
def reviewed(world, personas, scheme):
    """Xã An's 2019 assessment, approved by the district officer."""
    return approved(world.commune, personas["commune_officer"], personas["district_officer"], 2019)
