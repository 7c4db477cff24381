"""The peergroups area's addresses (see tests/matrix/framework.py for the vocabulary).

The records (built in `build`): a peer group of Xã An with one member and one activity, and a
peer group of the far commune (other district) with one member and one activity.

Who writes (docs/peergroups.md): the coordinator, commune officers and case workers manage groups
and members in their scope; peer educators record activities of their own commune's groups too.
"""

from __future__ import annotations

from lanhmanh.peergroups.tests.records import activity, group, member
from tests.matrix.framework import (
    BAD_REQUEST,
    FORBIDDEN,
    IN_THE_DISTRICT,
    NO_CONTENT,
    NOT_FOUND,
    OK,
    Redirect,
    Scene,
    api,
    each,
    entry,
    page,
)

TO_THE_GROUP = Redirect(r"/peer-groups/\d+/")

# Writers whose scope holds Xã An (the sibling commune's officer is a writer too, outside it).
GROUP_WRITERS = ("coordinator", "commune_officer", "case_worker")
ACTIVITY_WRITERS = (*GROUP_WRITERS, "peer_educator")
# The far commune lies in the coordinator's scope only.
FAR_WRITERS = ("coordinator",)


def build(scene: Scene) -> None:
    world, users = scene.world, scene.users
    officer = users["commune_officer"]
    ours = group(world.commune, officer, name="Nhóm Hoa Sen")
    far = group(world.far_commune, users["coordinator"], name="Nhóm Xa")
    scene.extra.update(
        peergroups_group=ours,
        peergroups_member=member(ours, officer),
        peergroups_activity=activity(ours, officer),
        peergroups_far=far,
        peergroups_far_member=member(far, users["coordinator"]),
        peergroups_far_activity=activity(far, users["coordinator"]),
    )


def at(template: str, name: str):
    return lambda s: template.format(s.extra[f"peergroups_{name}"].pk)


def _page(writers, answer, far: bool = False):
    if far:
        return page(FORBIDDEN, **each(IN_THE_DISTRICT, NOT_FOUND), **each(FAR_WRITERS, answer))
    return page(FORBIDDEN, **each(writers, answer), sibling_commune=NOT_FOUND)


def _api(writers, answer, far: bool = False):
    if far:
        return api(FORBIDDEN, **each(IN_THE_DISTRICT, NOT_FOUND), **each(FAR_WRITERS, answer))
    return api(FORBIDDEN, **each(writers, answer), sibling_commune=NOT_FOUND)


ENTRIES = [
    # Reading: everybody reads the groups of their scope.
    entry("peergroups:group_list", "", lambda s: "/peer-groups/", GET=page(OK)),
    entry("peergroups:activity_list", "", lambda s: "/peer-groups/activities/", GET=page(OK)),
    entry("peergroups:group_detail", "ours", at("/peer-groups/{}/", "group"), GET=page(OK, sibling_commune=NOT_FOUND)),
    entry(
        "peergroups:group_detail",
        "far",
        at("/peer-groups/{}/", "far"),
        GET=page(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    # Registering a group: refused before the form to anybody who does not manage groups.
    entry(
        "peergroups:group_create",
        "",
        lambda s: "/peer-groups/new/",
        GET=page(FORBIDDEN, **each(GROUP_WRITERS, OK), sibling_commune=OK),
        POST=page(FORBIDDEN, **each(GROUP_WRITERS, OK), sibling_commune=OK),
    ),
    entry(
        "peergroups:group_edit",
        "ours",
        at("/peer-groups/{}/edit/", "group"),
        GET=_page(GROUP_WRITERS, OK),
        POST=_page(GROUP_WRITERS, OK),
    ),
    entry(
        "peergroups:group_edit",
        "far",
        at("/peer-groups/{}/edit/", "far"),
        GET=_page(GROUP_WRITERS, OK, far=True),
        POST=_page(GROUP_WRITERS, OK, far=True),
    ),
    entry(
        "peergroups:member_create",
        "ours",
        at("/peer-groups/{}/members/new/", "group"),
        GET=_page(GROUP_WRITERS, OK),
        POST=_page(GROUP_WRITERS, OK),
    ),
    entry(
        "peergroups:member_edit",
        "ours",
        at("/peer-groups/members/{}/edit/", "member"),
        GET=_page(GROUP_WRITERS, OK),
        POST=_page(GROUP_WRITERS, OK),
    ),
    entry(
        "peergroups:member_edit",
        "far",
        at("/peer-groups/members/{}/edit/", "far_member"),
        GET=_page(GROUP_WRITERS, OK, far=True),
    ),
    # Activities: peer educators of the commune record them too.
    entry(
        "peergroups:activity_create",
        "ours",
        at("/peer-groups/{}/activities/new/", "group"),
        GET=_page(ACTIVITY_WRITERS, OK),
        POST=_page(ACTIVITY_WRITERS, OK),
    ),
    entry(
        "peergroups:activity_create",
        "far",
        at("/peer-groups/{}/activities/new/", "far"),
        GET=_page(ACTIVITY_WRITERS, OK, far=True),
    ),
    entry(
        "peergroups:activity_edit",
        "ours",
        at("/peer-groups/activities/{}/edit/", "activity"),
        GET=_page(ACTIVITY_WRITERS, OK),
        POST=_page(ACTIVITY_WRITERS, OK),
    ),
    entry(
        "peergroups:activity_edit",
        "far",
        at("/peer-groups/activities/{}/edit/", "far_activity"),
        GET=_page(ACTIVITY_WRITERS, OK, far=True),
    ),
    entry(
        "peergroups:activity_delete",
        "ours",
        at("/peer-groups/activities/{}/delete/", "activity"),
        GET=_page(ACTIVITY_WRITERS, OK),
        POST=_page(ACTIVITY_WRITERS, TO_THE_GROUP),
    ),
    # The API: the same doors. Writers allowed in send an empty body and get 400 naming the fields.
    entry(
        "peer-group-list",
        "",
        lambda s: "/api/v1/peer-groups/",
        GET=api(OK),
        POST=api(FORBIDDEN, **each(GROUP_WRITERS, BAD_REQUEST), sibling_commune=BAD_REQUEST),
    ),
    entry(
        "peer-group-detail",
        "ours",
        at("/api/v1/peer-groups/{}/", "group"),
        GET=api(OK, sibling_commune=NOT_FOUND),
        PUT=_api(GROUP_WRITERS, BAD_REQUEST),
    ),
    entry(
        "peer-group-detail",
        "far",
        at("/api/v1/peer-groups/{}/", "far"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        PUT=_api(GROUP_WRITERS, BAD_REQUEST, far=True),
    ),
    entry(
        "peer-group-members",
        "ours",
        at("/api/v1/peer-groups/{}/members/", "group"),
        GET=api(OK, sibling_commune=NOT_FOUND),
        POST=_api(GROUP_WRITERS, BAD_REQUEST),
    ),
    entry(
        "peer-group-member-detail",
        "ours",
        at("/api/v1/peer-group-members/{}/", "member"),
        GET=api(OK, sibling_commune=NOT_FOUND),
        PUT=_api(GROUP_WRITERS, BAD_REQUEST),
    ),
    entry(
        "peer-group-member-detail",
        "far",
        at("/api/v1/peer-group-members/{}/", "far_member"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "peer-group-activity-list",
        "",
        lambda s: "/api/v1/peer-group-activities/",
        GET=api(OK),
        POST=api(FORBIDDEN, **each(ACTIVITY_WRITERS, BAD_REQUEST), sibling_commune=BAD_REQUEST),
    ),
    entry(
        "peer-group-activity-detail",
        "ours",
        at("/api/v1/peer-group-activities/{}/", "activity"),
        GET=api(OK, sibling_commune=NOT_FOUND),
        PUT=_api(ACTIVITY_WRITERS, BAD_REQUEST),
        DELETE=_api(ACTIVITY_WRITERS, NO_CONTENT),
    ),
    entry(
        "peer-group-activity-detail",
        "far",
        at("/api/v1/peer-group-activities/{}/", "far_activity"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        PUT=_api(ACTIVITY_WRITERS, BAD_REQUEST, far=True),
    ),
]
