from __future__ import annotations

from leaddesk.domain.model import NoteKind


def test_area_builds_and_opens_a_person(area, ctx, team, qtbot) -> None:
    assert area.people_model.rowCount() == 2
    ctx.services.notes.add_note(team["ana"].id, NoteKind.ONE_ON_ONE, "hello **world**")
    area.open_person(team["ana"].id)
    page = area.person_page
    assert page.name_label.text() == "Ana Pérez"
    page.tabs.setCurrentIndex(1)
    assert page.timeline_model.rowCount() == 1
