"""Issue 15: one search, Ctrl+K from every area, keyboard only, the hit opened in its area.

"Aisha" used to give "No notes match" (only note text was searched, only from People).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from leaddesk.domain.model import NoteKind, Quadrant
from leaddesk.ui.area import AREAS
from leaddesk.ui.dialogs.search import SearchDialog


def _seed(services):  # type: ignore[no-untyped-def]
    aisha = services.people.add("Aisha Rahman")
    note = services.notes.add_note(aisha.id, NoteKind.ONE_ON_ONE, "Wants to lead the Zephyr move")
    task = services.tasks.capture("Zephyr budget", quadrant=Quadrant.SCHEDULE)
    handed = services.tasks.capture("Zephyr runbook")
    services.delegations.create(handed.id, aisha.id, expected_outcome="Runbook reviewed")
    return aisha, note, task, services.delegations.for_task(handed.id)


def _ctrl_k(window, qtbot) -> SearchDialog:  # type: ignore[no-untyped-def]
    target = window.focusWidget() or window
    qtbot.keyClick(target, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    dialog = window.ctx.find_open_window(SearchDialog)
    assert isinstance(dialog, SearchDialog)
    return dialog


def _type_and_enter(dialog, qtbot, text: str, downs: int = 0) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.field, text)
    if downs:
        qtbot.keyClick(dialog.field, Qt.Key.Key_Down)
        for _ in range(downs - 1):
            qtbot.keyClick(dialog.results, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    else:
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    QApplication.processEvents()


def test_ctrl_k_opens_from_every_area(ctx, make_window, qtbot) -> None:
    _seed(ctx.services)
    window = make_window()
    for spec in AREAS:
        window.show_area(spec.key)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
        assert window.areas[spec.key].isAncestorOf(window.focusWidget()), spec.key
        dialog = _ctrl_k(window, qtbot)
        assert dialog.focusWidget() is dialog.field, spec.key
        dialog.reject()
        QApplication.processEvents()


def test_a_name_opens_the_person_page(ctx, make_window, qtbot) -> None:
    aisha, _note, _task, _delegation = _seed(ctx.services)
    window = make_window()
    window.show_area("matrix")
    dialog = window.open_search()
    _type_and_enter(dialog, qtbot, "Aisha")
    assert window.current_area_key() == "people"
    people = window.areas["people"]
    assert people.person_page.person is not None
    assert people.person_page.person.id == aisha.id
    assert people.person_page.isVisible()
    assert people.person_page.isAncestorOf(window.focusWidget())


def test_a_task_hit_selects_its_card_and_a_delegation_hit_its_row(ctx, make_window, qtbot):
    _aisha, _note, task, delegation = _seed(ctx.services)
    window = make_window()
    window.show_area("people")
    dialog = window.open_search()
    qtbot.keyClicks(dialog.field, "Zephyr")
    dialog.run()
    rows = [(h.kind.value, h.record_id) for h in dialog.hits]
    assert ("task", task.id) in rows and ("delegation", delegation.id) in rows
    assert any(kind == "note" for kind, _id in rows)
    down = rows.index(("task", task.id)) + 1
    _type_and_enter(dialog, qtbot, "", downs=down)
    assert window.current_area_key() == "matrix"
    view = window.areas["matrix"].panels[Quadrant.SCHEDULE].view
    assert view.selected_ids() == [task.id]
    assert window.focusWidget() is view

    dialog = window.open_search()
    qtbot.keyClicks(dialog.field, "Zephyr")
    dialog.run()
    down = [(h.kind.value, h.record_id) for h in dialog.hits].index(
        ("delegation", delegation.id)
    ) + 1
    _type_and_enter(dialog, qtbot, "", downs=down)
    assert window.current_area_key() == "delegations"
    tracker = window.areas["delegations"]
    assert tracker.current_row().id == delegation.id
    assert window.focusWidget() is tracker.table


def test_under_the_privacy_screen_results_name_nothing(ctx, make_window, qtbot) -> None:
    _seed(ctx.services)
    window = make_window()
    ctx.set_privacy_screen(True)
    dialog = window.open_search()
    qtbot.keyClicks(dialog.field, "Zephyr")
    dialog.run()
    texts = [dialog.results.item(i).text() for i in range(dialog.results.count())]
    assert texts and all("Zephyr" not in t and "Aisha" not in t for t in texts)
    assert dialog.field.echoMode() == dialog.field.EchoMode.Password
    ctx.set_privacy_screen(False)
    assert any("Zephyr" in dialog.results.item(i).text() for i in range(dialog.results.count()))


def test_the_lock_closes_and_empties_the_search(ctx, make_window, qtbot) -> None:
    _seed(ctx.services)
    window = make_window()
    dialog = window.open_search()
    qtbot.keyClicks(dialog.field, "Zephyr")
    dialog.run()
    ctx.lock()
    QApplication.processEvents()
    assert ctx.find_open_window(SearchDialog) is None
