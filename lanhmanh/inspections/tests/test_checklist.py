"""The checklist is data: per establishment type, checked as a whole."""

from lanhmanh.inspections.checklist import CHECKLIST_FILE, items_for, parse_checklist


def test_the_shipped_checklist_reads_without_problems():
    items, problems = parse_checklist(CHECKLIST_FILE)
    assert problems == []
    assert len(items) >= 10


def test_karaoke_rooms_are_checked_for_area_and_latch_and_hotels_for_the_guest_register():
    karaoke = {item.code for item in items_for("karaoke")}
    hotel = {item.code for item in items_for("hotel")}
    assert {"karaoke_room_area", "karaoke_no_inner_latch", "closing_hours", "commitment_displayed"} <= karaoke
    assert "guest_register" in hotel and "karaoke_room_area" not in hotel
    assert "dance_hall_area" in {item.code for item in items_for("dance_hall")}


def test_a_broken_checklist_names_the_entry_and_field(tmp_path):
    path = tmp_path / "checklist.yaml"
    path.write_text("items:\n  - code: x\n    label: Thử\n    applies_to: [spaceship]\n  - code: x\n", encoding="utf-8")
    _items, problems = parse_checklist(path)
    found = {(p.entry, p.field) for p in problems}
    assert ("items[0] (x)", "applies_to") in found
    assert ("items[1] (x)", "code") in found
    assert ("items[1] (x)", "label") in found
