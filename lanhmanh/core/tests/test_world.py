from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.models import Task


def test_a_district_subtree_holds_the_district_and_its_communes(world):
    names = set(AdministrativeUnit.objects.subtree(world.district).values_list("name", flat=True))
    assert names == {"Huyện Một", "Xã An", "Xã Bình"}


def test_a_commune_officer_sees_tasks_above_and_in_their_commune_but_not_a_siblings(personas, world):
    visible = set(Task.objects.visible_to(personas["commune_officer"]).values_list("code", flat=True))
    assert visible == {"IV.1.1", "IV.2.1", "IV.13.1", "IV.13.3"}
