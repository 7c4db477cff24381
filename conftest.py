"""Fixtures shared by every app: the test world and one persona per role."""

import pytest


@pytest.fixture
def world(db):
    """A small province with two districts and three communes, agencies and a plan."""
    from lanhmanh.core.testing import make_world

    return make_world()


@pytest.fixture
def personas(world):
    """One user per role (keyed by role value) plus "sibling_commune"."""
    from lanhmanh.core.testing import make_personas

    return make_personas(world)
