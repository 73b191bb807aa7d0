"""The board, driven through its real widgets over a real vault."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from leaddesk.domain.model import Quadrant, TaskStatus
from leaddesk.ui.matrix.model import MARKERS_ROLE, TASK_IDS_MIME, encode_task_ids

from .conftest import ids_in, synthetic_drop


def _capture(ctx, title: str, quadrant: Quadrant = Quadrant.INBOX, **kw) -> int:  # type: ignore[no-untyped-def]
    return ctx.services.tasks.capture(title, quadrant=quadrant, **kw).id


def test_board_shows_inbox_and_four_quadrants_with_counts(ctx, board) -> None:
    a = _capture(ctx, "Reply to Dana")
    b = _capture(ctx, "Fix the outage", Quadrant.DO)
    assert board.title == "Matrix"
    assert ids_in(board, Quadrant.INBOX) == [a]
    assert ids_in(board, Quadrant.DO) == [b]
    assert board.panels[Quadrant.DO].count_label.text() == "1"
    assert "Inbox 1 · Do 1" in board.counts_label.text()
    assert board.panels[Quadrant.SCHEDULE].axes_label.text() == "important · not urgent"


def test_empty_board_shows_what_to_do(board) -> None:
    for quadrant in Quadrant:
        view = board.panels[quadrant].view
        assert view.model().rowCount() == 0
        assert view.empty_text
    assert "Ctrl+N" in board.panels[Quadrant.INBOX].view.empty_text
    assert not board.hint_label.isVisible()


def test_synthetic_drop_moves_a_card_and_undo_redo_follow(ctx, board) -> None:
    a = _capture(ctx, "Reply to Dana")
    inbox = board.panels[Quadrant.INBOX].view
    do = board.panels[Quadrant.DO].view
    assert synthetic_drop(inbox, [0], do)
    assert ids_in(board, Quadrant.DO) == [a]
    assert ids_in(board, Quadrant.INBOX) == []
    assert ctx.services.tasks.get(a).quadrant is Quadrant.DO
    ctx.undo_stack.undo()
    assert ids_in(board, Quadrant.INBOX) == [a]
    ctx.undo_stack.redo()
    assert ids_in(board, Quadrant.DO) == [a]


def test_drop_between_cards_keeps_the_order(ctx, board) -> None:
    a, b, c = (_capture(ctx, t, Quadrant.SCHEDULE) for t in ("a", "b", "c"))
    view = board.panels[Quadrant.SCHEDULE].view
    top_of_first = view.visualRect(view.model().index(0, 0)).topLeft() + QPoint(20, 3)
    assert synthetic_drop(view, [2], view, top_of_first)
    assert ids_in(board, Quadrant.SCHEDULE) == [c, a, b]
    assert [t.id for t in ctx.services.tasks.open_tasks(Quadrant.SCHEDULE)] == [c, a, b]


def test_multi_card_drag_is_one_undo_step(ctx, board) -> None:
    ids = [_capture(ctx, f"t{i}") for i in range(3)]
    keep = _capture(ctx, "stays", Quadrant.DELEGATE)
    inbox = board.panels[Quadrant.INBOX].view
    delegate = board.panels[Quadrant.DELEGATE].view
    assert synthetic_drop(inbox, [0, 2], delegate)
    assert ids_in(board, Quadrant.DELEGATE) == [keep, ids[0], ids[2]]
    assert delegate.selected_ids() == [ids[0], ids[2]]
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    assert ids_in(board, Quadrant.INBOX) == ids
    assert ids_in(board, Quadrant.DELEGATE) == [keep]


def test_drop_mime_data_directly_and_garbage_is_refused(ctx, board) -> None:
    a = _capture(ctx, "a")
    model = board.models[Quadrant.DELETE]
    mime = QMimeData()
    mime.setData(TASK_IDS_MIME, encode_task_ids([a]))
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert ids_in(board, Quadrant.DELETE) == [a]
    bad = QMimeData()
    bad.setData(TASK_IDS_MIME, b"1;DROP TABLE")
    assert not model.canDropMimeData(bad, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert not model.dropMimeData(bad, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    text_only = QMimeData()
    text_only.setText("hello")
    assert not model.dropMimeData(text_only, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert ctx.undo_stack.count() == 1


def test_drag_payload_has_ids_and_plain_text_titles(ctx, board) -> None:
    _capture(ctx, "First\nline two")
    _capture(ctx, "Second")
    model = board.models[Quadrant.INBOX]
    mime = model.mimeData([model.index(1, 0), model.index(0, 0)])
    assert bytes(mime.data(TASK_IDS_MIME).data()) == b",".join(
        str(i).encode() for i in model.task_ids()
    )
    assert mime.text() == "First line two\nSecond"


def test_dropping_a_card_where_it_is_changes_nothing(ctx, board) -> None:
    _capture(ctx, "a", Quadrant.DO)
    view = board.panels[Quadrant.DO].view
    assert not synthetic_drop(view, [0], view)
    assert ctx.undo_stack.count() == 0


def test_keyboard_moves_reorders_and_undoes(ctx, board, qtbot) -> None:
    a, b, c = (_capture(ctx, t) for t in ("a", "b", "c"))
    inbox = board.panels[Quadrant.INBOX].view
    inbox.setFocus()
    inbox.select_ids([a])
    qtbot.keyClick(inbox, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert ids_in(board, Quadrant.DO) == [a]
    assert inbox.selected_ids() == [b]  # ready for the next triage key
    qtbot.keyClick(inbox, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert ids_in(board, Quadrant.SCHEDULE) == [b]
    do = board.panels[Quadrant.DO].view
    do.select_ids([a])
    qtbot.keyClick(do, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    assert ids_in(board, Quadrant.INBOX) == [c, a]
    inbox.select_ids([a])
    qtbot.keyClick(inbox, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert ids_in(board, Quadrant.INBOX) == [a, c]
    assert inbox.selected_ids() == [a]
    qtbot.keyClick(inbox, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # already on top
    qtbot.keyClick(inbox, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert ids_in(board, Quadrant.INBOX) == [c, a]
    assert ctx.undo_stack.count() == 5
    ctx.undo_stack.undo()
    assert ids_in(board, Quadrant.INBOX) == [a, c]
    for _ in range(4):
        ctx.undo_stack.undo()
    assert ids_in(board, Quadrant.INBOX) == [a, b, c]
    assert [t.id for t in ctx.services.tasks.open_tasks(Quadrant.INBOX)] == [a, b, c]


def test_keyboard_multi_select_move_is_one_undo_step(ctx, board, qtbot) -> None:
    ids = [_capture(ctx, f"t{i}") for i in range(4)]
    inbox = board.panels[Quadrant.INBOX].view
    inbox.setFocus()
    inbox.select_ids([ids[1], ids[3]])
    qtbot.keyClick(inbox, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert ids_in(board, Quadrant.DELETE) == [ids[1], ids[3]]
    ctx.undo_stack.undo()
    assert ids_in(board, Quadrant.INBOX) == ids and ids_in(board, Quadrant.DELETE) == []


def test_space_completes_and_undo_uncompletes(ctx, board, qtbot) -> None:
    a = _capture(ctx, "Ship it", Quadrant.DO)
    do = board.panels[Quadrant.DO].view
    do.setFocus()
    do.select_ids([a])
    qtbot.keyClick(do, Qt.Key.Key_Space)
    assert ids_in(board, Quadrant.DO) == []
    assert ctx.services.tasks.get(a).status is TaskStatus.DONE
    board.done_button.setChecked(True)
    assert board.lists_panel.done_model.rowCount() == 1
    ctx.undo_stack.undo()
    assert ids_in(board, Quadrant.DO) == [a]
    assert ctx.services.tasks.get(a).completed_at is None
    assert board.lists_panel.done_model.rowCount() == 0


def test_uncomplete_from_the_done_list(ctx, board) -> None:
    a = _capture(ctx, "Ship it", Quadrant.DO)
    ctx.services.tasks.complete([a])
    board.done_button.setChecked(True)
    panel = board.lists_panel
    panel.done_view.selectionModel().select(
        panel.done_model.index(0, 0), panel.done_view.selectionModel().SelectionFlag.Select
    )
    panel.reopen_button.click()
    assert ids_in(board, Quadrant.DO) == [a]
    ctx.undo_stack.undo()
    assert ctx.services.tasks.get(a).status is TaskStatus.DONE


def test_delete_key_lets_go_from_delete_and_restore(ctx, board, qtbot) -> None:
    a = _capture(ctx, "Vendor email", Quadrant.DELETE)
    view = board.panels[Quadrant.DELETE].view
    view.setFocus()
    view.select_ids([a])
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert ids_in(board, Quadrant.DELETE) == []
    assert ctx.services.tasks.get(a).status is TaskStatus.LET_GO
    board.let_go_button.setChecked(True)
    panel = board.lists_panel
    assert panel.currentIndex() == panel.LET_GO_TAB
    assert board.let_go_button.text() == "✓ Let go" and not board.done_button.isChecked()
    panel.setCurrentIndex(panel.DONE_TAB)  # the tab bar and the toggles agree
    assert board.done_button.isChecked() and not board.let_go_button.isChecked()
    panel.setCurrentIndex(panel.LET_GO_TAB)
    assert panel.let_go_model.rowCount() == 1
    panel.let_go_view.selectionModel().select(
        panel.let_go_model.index(0, 0), panel.let_go_view.selectionModel().SelectionFlag.Select
    )
    panel.restore_button.click()
    assert ids_in(board, Quadrant.DELETE) == [a]
    ctx.undo_stack.undo()
    assert ctx.services.tasks.get(a).status is TaskStatus.LET_GO
    ctx.undo_stack.undo()
    assert ctx.services.tasks.get(a).status is TaskStatus.OPEN


def test_delete_key_outside_delete_asks_first(ctx, board, qtbot, monkeypatch) -> None:
    a = _capture(ctx, "Maybe", Quadrant.DO)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kw: answers.pop(0))
    view = board.panels[Quadrant.DO].view
    view.setFocus()
    view.select_ids([a])
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert ctx.services.tasks.get(a).status is TaskStatus.OPEN
    view.select_ids([a])
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert ctx.services.tasks.get(a).status is TaskStatus.LET_GO


def test_purge_needs_confirmation_and_is_undoable(ctx, board, monkeypatch) -> None:
    a = _capture(ctx, "Vendor email", Quadrant.DELETE)
    b = _capture(ctx, "Old idea", Quadrant.DELETE)
    ctx.services.tasks.let_go([a, b])
    board.let_go_button.setChecked(True)
    panel = board.lists_panel
    asked = []

    def answer(*args, **kw):  # type: ignore[no-untyped-def]
        asked.append(args[2])
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    panel.purge_all_button.click()
    assert len(ctx.services.tasks.let_go_tasks()) == 2  # said No: nothing destroyed
    panel.purge_all_button.click()
    assert "2 let-go tasks" in asked[1]
    assert ctx.services.tasks.let_go_tasks() == []
    assert panel.let_go_model.rowCount() == 0
    ctx.undo_stack.undo()
    assert {t.id for t in ctx.services.tasks.let_go_tasks()} == {a, b}


def test_filter_narrows_by_text_and_person(ctx, board) -> None:
    kim = ctx.services.people.add("Kim Lee")
    a = _capture(ctx, "Roadmap review", Quadrant.DO)
    b = _capture(ctx, "Budget", Quadrant.DO, person_id=kim.id)
    c = _capture(ctx, "Conference talk", requester="Roadmap team")
    board.filter_edit.setText("roadmap")
    assert ids_in(board, Quadrant.DO) == [a]
    assert ids_in(board, Quadrant.INBOX) == [c]
    assert board.panels[Quadrant.DO].count_label.text() == "1 of 2"
    board.filter_edit.setText("kim")
    assert ids_in(board, Quadrant.DO) == [b]
    board.filter_edit.clear()
    board.person_combo.setCurrentIndex(board.person_combo.findData(kim.id))
    assert ids_in(board, Quadrant.DO) == [b] and ids_in(board, Quadrant.INBOX) == []
    assert "matches the filter" in board.panels[Quadrant.INBOX].view.empty_text
    board.person_combo.setCurrentIndex(0)
    assert ids_in(board, Quadrant.DO) == [a, b]
    assert "Ctrl+N" in board.panels[Quadrant.INBOX].view.empty_text  # the usual text again
    assert "matches the filter" not in board.panels[Quadrant.DELETE].view.empty_text  # empty


def test_drop_on_a_filtered_quadrant_lands_before_the_visible_card(ctx, board) -> None:
    hidden = _capture(ctx, "hidden", Quadrant.DO)
    a = _capture(ctx, "alpha", Quadrant.DO)
    c = _capture(ctx, "alpha two", Quadrant.DO)
    board.filter_edit.setText("alpha")
    view = board.panels[Quadrant.DO].view
    first = view.visualRect(view.model().index(0, 0)).topLeft() + QPoint(20, 3)
    assert synthetic_drop(view, [1], view, first)  # c before a; the hidden card stays first
    assert [t.id for t in ctx.services.tasks.open_tasks(Quadrant.DO)] == [hidden, c, a]
    assert ids_in(board, Quadrant.DO) == [c, a]


def test_balance_hints_follow_the_board(ctx, board) -> None:
    for i in range(4):
        _capture(ctx, f"fire {i}", Quadrant.DO)
    text = board.hint_label.text()
    assert board.hint_label.isVisible()
    assert "top two quadrants" in text and "firefighting" in text and "Schedule is empty" in text
    _capture(ctx, "long-term", Quadrant.SCHEDULE)
    assert "Schedule task has no time booked" in board.hint_label.text()
    assert "Schedule is empty" not in board.hint_label.text()


def test_markers_and_initials_reach_the_cards(ctx, board, clock) -> None:
    from datetime import timedelta

    from leaddesk.domain.model import BlockKind, Delegation, TimeBlock
    from leaddesk.services.base import ChangeKind

    kim = ctx.services.people.add("Kim Lee")
    a = _capture(ctx, "Hand over", Quadrant.DELEGATE, person_id=kim.id)
    b = _capture(ctx, "Design doc", Quadrant.SCHEDULE)
    start = clock.now()
    with ctx.services.hub.write(ChangeKind.DELEGATIONS, ChangeKind.BLOCKS) as s:
        s.add(Delegation(task_id=a, person_id=kim.id))
        s.add(TimeBlock("focus", BlockKind.FOCUS, start, start + timedelta(hours=2), b))
    markers = board.models[Quadrant.DELEGATE].index(0, 0).data(MARKERS_ROLE)
    assert (markers.initials, markers.delegated, markers.booked) == ("KL", True, False)
    assert board.models[Quadrant.SCHEDULE].index(0, 0).data(MARKERS_ROLE).booked
    tip = board.models[Quadrant.DELEGATE].index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Kim Lee" in tip and "Delegated" in tip


def test_moving_into_delegate_offers_a_delegation(ctx, board, qtbot, offered_delegations) -> None:
    a = _capture(ctx, "Demo prep")
    b = _capture(ctx, "Ops report")
    inbox = board.panels[Quadrant.INBOX].view
    inbox.setFocus()
    inbox.select_ids([a])
    qtbot.keyClick(inbox, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: offered_delegations == [a])
    assert synthetic_drop(inbox, [0], board.panels[Quadrant.DELEGATE].view)
    qtbot.waitUntil(lambda: offered_delegations == [a, b])
    view = board.panels[Quadrant.DELEGATE].view
    assert synthetic_drop(view, [1], view, QPoint(20, 5))  # reordering inside: no offer
    qtbot.wait(20)
    assert offered_delegations == [a, b]


def test_without_the_tracker_the_offer_is_skipped_quietly(ctx, board, monkeypatch) -> None:
    from leaddesk.ui.matrix import delegate_offer

    monkeypatch.setattr(delegate_offer, "DELEGATION_HOOK", "leaddesk.ui.no_such_module")
    assert delegate_offer.offer_delegation(ctx, board, 1) is False


def test_the_real_delegation_dialog_opens_after_a_move(ctx, board, qtbot, monkeypatch) -> None:
    monkeypatch.delitem(sys.modules, "leaddesk.ui.delegation.create")
    create = pytest.importorskip("leaddesk.ui.delegation.create")
    ctx.services.people.add("Kim Lee")
    a = _capture(ctx, "Demo prep")
    assert board.models[Quadrant.DELEGATE].move_cards_before_row([a], -1)
    qtbot.waitUntil(lambda: create.find_open_dialog(ctx) is not None)
    dialog = create.find_open_dialog(ctx)
    assert dialog.task_id == a
    dialog.reject()


@pytest.mark.parametrize(
    "title",
    [
        "x" * 10_000,
        "Ship the 🚀 release 🎉 with 👩‍💻 emoji",
        "שלום עולם — בדיקת כיוון",
        "line one\nline two\nline three",
    ],
    ids=["10k-chars", "emoji", "rtl", "newlines"],
)
def test_odd_titles_are_stored_intact_and_elided_on_the_card(ctx, board, title) -> None:
    from PySide6.QtGui import QFont

    from leaddesk.ui.matrix.card_painter import two_line_elide

    a = _capture(ctx, title)
    assert ctx.services.tasks.get(a).title == title
    card = board.models[Quadrant.INBOX].card(0)
    assert card.title == title
    display = board.models[Quadrant.INBOX].index(0, 0).data()
    assert "\n" not in display and len(display) <= 300
    lines = two_line_elide(title, QFont(), 200)
    assert 1 <= len(lines) <= 2 and all("\n" not in line for line in lines)
    if len(title) > 1000:
        assert lines[-1].endswith("…")
    view = board.panels[Quadrant.INBOX].view
    view.viewport().grab()  # paints the card without error


def test_refused_move_changes_nothing_and_is_reported(ctx, board, monkeypatch) -> None:
    reported = []
    monkeypatch.setattr(ctx, "report", lambda exc, parent=None: reported.append(exc))
    a = _capture(ctx, "done already")
    ctx.services.tasks.complete([a])
    mime = QMimeData()
    mime.setData(TASK_IDS_MIME, encode_task_ids([a]))
    assert not board.models[Quadrant.DO].dropMimeData(
        mime, Qt.DropAction.MoveAction, -1, 0, QModelIndex()
    )
    assert reported and ctx.undo_stack.count() == 0


def test_board_survives_lock_and_reopen(ctx, board, app_paths, clock) -> None:
    from leaddesk.services.unlocking import unlock_vault
    from tests.conftest import PASSPHRASE

    a = _capture(ctx, "persist me")
    b = _capture(ctx, "and me", Quadrant.DO)
    board.models[Quadrant.SCHEDULE].move_cards_before_row([a], -1)
    ctx.lock()
    assert all(m.rowCount() == 0 for m in board.models.values())
    services = unlock_vault(app_paths, PASSPHRASE, clock)
    try:
        ctx.attach(services)
        board.refresh()
        assert ids_in(board, Quadrant.SCHEDULE) == [a]
        assert ids_in(board, Quadrant.DO) == [b]
    finally:
        ctx.lock()


def test_quadrant_models_pass_the_model_tester(ctx, board, qtmodeltester) -> None:
    for i in range(5):
        _capture(ctx, f"task {i}", Quadrant.DO)
    qtmodeltester.check(board.models[Quadrant.DO])
    qtmodeltester.check(board.models[Quadrant.INBOX])  # empty


def test_list_models_pass_the_model_tester(ctx, board, qtmodeltester) -> None:
    a = _capture(ctx, "done")
    b = _capture(ctx, "gone", Quadrant.DELETE)
    ctx.services.tasks.complete([a])
    ctx.services.tasks.let_go([b])
    board.done_button.setChecked(True)
    qtmodeltester.check(board.lists_panel.done_model)
    qtmodeltester.check(board.lists_panel.let_go_model)


def test_context_menu_offers_the_same_actions(ctx, board) -> None:
    a = _capture(ctx, "a")
    view = board.panels[Quadrant.INBOX].view
    view.select_ids([a])
    menu = board.context_menu(view)
    texts = {action.text(): action for action in menu.actions()}
    assert texts["Move to Do"].shortcut().toString() == "Alt+1"
    texts["Move to Schedule"].trigger()
    assert ids_in(board, Quadrant.SCHEDULE) == [a]


def test_focusable_widgets_have_accessible_names(board) -> None:
    from PySide6.QtWidgets import QWidget

    for widget in board.findChildren(QWidget):
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisibleTo(board):
            if widget.parent() is not None and type(widget).__name__ in ("QScrollBar",):
                continue
            assert widget.accessibleName(), type(widget).__name__


def test_dates_are_coloured_calmly_when_due_or_overdue(ctx, board) -> None:
    from datetime import date

    from PySide6.QtGui import QPalette

    from leaddesk.ui.matrix.card_painter import date_colour

    palette = QPalette()
    today = date(2026, 11, 18)
    overdue = date_colour(date(2026, 11, 17), today, palette)
    soon = date_colour(date(2026, 11, 19), today, palette)
    assert overdue is not None and soon is not None and overdue != soon
    assert date_colour(date(2026, 11, 25), today, palette) is None
    _capture(ctx, "Postmortem", Quadrant.DO, due_on=date(2026, 11, 17), estimate_minutes=90)
    card = board.models[Quadrant.DO].card(0)
    assert (card.due_on, card.estimate_minutes) == (date(2026, 11, 17), 90)
    facts = board.panels[Quadrant.DO].view.card_painter._facts(
        card, board.models[Quadrant.DO].index(0, 0).data(MARKERS_ROLE), palette
    )
    assert [f[0] for f in facts] == ["due 17 Nov", "1 h 30"]
    assert facts[0][1] == overdue


def test_a_board_hidden_behind_another_area_refreshes_when_shown(ctx, board) -> None:
    board.hide()
    a = _capture(ctx, "captured while away")
    assert ids_in(board, Quadrant.INBOX) == []  # no work while hidden
    board.show()
    assert ids_in(board, Quadrant.INBOX) == [a]


def test_clicking_the_circle_completes_only_that_card(ctx, board, qtbot) -> None:
    from leaddesk.ui.matrix.card_painter import check_rect

    a = _capture(ctx, "tick me", Quadrant.DO)
    b = _capture(ctx, "not me", Quadrant.DO)
    view = board.panels[Quadrant.DO].view
    view.select_ids([b])
    circle = check_rect(view.visualRect(view.model().index(0, 0))).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=circle)
    assert ids_in(board, Quadrant.DO) == [b]
    assert ctx.services.tasks.get(a).status is TaskStatus.DONE
    ctx.undo_stack.undo()
    assert ids_in(board, Quadrant.DO) == [a, b]


def test_right_to_left_titles_are_recognised() -> None:
    from leaddesk.ui.matrix.card_painter import starts_right_to_left

    assert starts_right_to_left("  שלום עולם")
    assert starts_right_to_left("123 مرحبا")
    assert not starts_right_to_left("Hello שלום")
    assert not starts_right_to_left("🎉 ")


def test_escape_in_the_filter_clears_it(ctx, board, qtbot) -> None:
    _capture(ctx, "alpha")
    _capture(ctx, "beta")
    board.activateWindow()
    board.filter_edit.setFocus()
    qtbot.keyClicks(board.filter_edit, "alp")
    assert board.models[Quadrant.INBOX].rowCount() == 1
    qtbot.keyClick(board.filter_edit, Qt.Key.Key_Escape)
    assert board.filter_edit.text() == ""
    assert board.models[Quadrant.INBOX].rowCount() == 2
