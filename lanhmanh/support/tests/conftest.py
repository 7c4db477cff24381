import pytest

from lanhmanh.accounts.models import Role
from lanhmanh.core.testing import make_user
from lanhmanh.support.tests.helpers import grant, health_agency, provider, register


@pytest.fixture
def worker(personas):
    return personas[Role.CASE_WORKER]


@pytest.fixture
def case(world, worker):
    """A case in Xã An, registered (and so assigned) by the commune's case worker."""
    return register(worker, world.commune)


@pytest.fixture
def supervisor(personas):
    """The coordinator, holding the case-access permission."""
    return grant(personas[Role.COORDINATOR], "view_identity", "override_consent", "export_identity")


@pytest.fixture
def health(world):
    return health_agency(world)


@pytest.fixture
def clinic(world, health):
    return provider(world, health)


@pytest.fixture
def nurse(world, health):
    """A user of the receiving side: an officer of the health centre's agency."""
    return make_user("nurse", Role.DISTRICT_OFFICER, health, world.district)


@pytest.fixture
def other_worker(world):
    """A second case worker of Xã An (not assigned to the case)."""
    return make_user("worker2", Role.CASE_WORKER, world.lead, world.commune)
