from __future__ import annotations

from leaddesk.domain.model import NoteKind


def test_area_builds_and_opens_a_person(area, ctx, team, qtbot) -> None:
    assert area.people_model.rowCount() == 2
    ctx.services.notes.add_note(team["ana"].id, NoteKind.ONE_ON_ONE, "hello **world**")
    area.open_person(team["ana"].id)
    page = area.person_page
    assert page.name_label.text() == "Ana Pérez"
    page.tabs.setCurrentIndex(1)
    assert page.notes.timeline_model.rowCount() == 1


def test_person_page_delegates_through_the_trackers_dialog(area, ctx, team, qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from leaddesk.domain.model import Quadrant
    from leaddesk.ui.delegation.create import DelegationDialog

    area.open_person(team["ana"].id)
    qtbot.mouseClick(area.person_page.delegate_button, Qt.MouseButton.LeftButton)
    dialog = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, DelegationDialog) and w.isVisible()
    )
    assert dialog.person_combo.currentText() == "Ana Pérez"
    dialog.task_combo.setEditText("Own the flaky-test dashboard")
    dialog.accept()
    [row] = ctx.services.delegations.rows()
    assert row.person_name == "Ana Pérez"
    assert ctx.services.tasks.get(row.delegation.task_id).quadrant is Quadrant.DELEGATE
