"""Privacy screen: while it is on, no note text is in any visible widget."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from leaddesk.domain.model import ActionOwner, FeedbackTone, NoteKind
from leaddesk.ui.people.models import PRIVACY_PLACEHOLDER
from leaddesk.ui.people.page.common import BRIEF, FEEDBACK, GROWTH, NOTES
from leaddesk.ui.roles import HTML_ROLE

SECRETS = ("Burnout", "divorce", "Pineapple", "raise", "Kilimanjaro", "Zanzibar", "Quokka")


def visible_texts(root: QWidget) -> list[str]:
    """Every piece of text a visible widget under ``root`` (or a top-level) could show."""
    texts: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisible():
            continue
        if isinstance(w, QLabel):
            texts.append(w.text())
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            texts.append(w.toPlainText())
        elif isinstance(w, QLineEdit):
            texts.append(w.text())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            texts.extend(_model_texts(w.model()))
    return texts


def _model_texts(model, parent=QModelIndex()) -> list[str]:  # noqa: B008
    out = []
    try:
        columns = model.columnCount(parent)
    except TypeError:  # QAbstractListModel hides columnCount in PySide6
        columns = 1
    for r in range(model.rowCount(parent)):
        for c in range(columns):
            idx = model.index(r, c, parent)
            for role in (Qt.ItemDataRole.DisplayRole, HTML_ROLE):
                value = idx.data(role)
                if isinstance(value, str):
                    out.append(value)
    return out


def leaked(root: QWidget) -> list[str]:
    blob = "\n".join(visible_texts(root)).lower()
    return [s for s in SECRETS if s.lower() in blob]


def _seed(ctx, team):
    notes = ctx.services.notes
    ana = team["ana"].id
    notes.add_note(ana, NoteKind.ONE_ON_ONE, "Worried about **Burnout** and the divorce")
    notes.add_action_item(ana, ActionOwner.MINE, "Pineapple budget")
    notes.add_topic(ana, "Ask about the raise")
    notes.add_goal(ana, "Climb Kilimanjaro", next_step="Zanzibar first")
    notes.add_feedback(
        ana, situation="Quokka demo", behavior="x", impact="y", tone=FeedbackTone.POSITIVE
    )


def test_privacy_screen_hides_every_note_text_on_every_tab(area, ctx, team, qtbot) -> None:
    _seed(ctx, team)
    area.open_person(team["ana"].id)
    page = area.person_page
    for tab in (BRIEF, NOTES, FEEDBACK, GROWTH):
        page.tabs.setCurrentIndex(tab)
        if tab == NOTES:
            page.notes.timeline.setCurrentIndex(page.notes.timeline_model.index(0, 0))
            page.notes.start_editing()
        assert leaked(area), f"the test must see the text first (tab {tab})"
    page.feedback.fb_fields["situation"].setPlainText("Quokka draft being typed")
    ctx.set_privacy_screen(True)
    for tab in (BRIEF, NOTES, FEEDBACK, GROWTH):
        page.tabs.setCurrentIndex(tab)
        assert leaked(area) == [], f"note text visible on tab {tab}"
        assert any(PRIVACY_PLACEHOLDER in t for t in visible_texts(area))
    ctx.set_privacy_screen(False)
    page.tabs.setCurrentIndex(FEEDBACK)
    assert page.feedback.fb_fields["situation"].toPlainText() == "Quokka draft being typed"
    page.tabs.setCurrentIndex(NOTES)
    assert "Quokka" in page.notes.note_view.toPlainText()  # the newest note, shown again


def test_privacy_screen_hides_search_results(area, ctx, team, qtbot) -> None:
    _seed(ctx, team)
    area.search_box.setText("burnout")
    qtbot.waitUntil(lambda: area.search_model.rowCount() == 1, timeout=2000)
    assert leaked(area)
    ctx.set_privacy_screen(True)
    assert leaked(area) == []
    ctx.set_privacy_screen(False)
    assert area.search_box.text() == "burnout"


def test_privacy_screen_hides_the_quick_note(ctx, team, qtbot) -> None:
    from leaddesk.ui.people.quick_note import QuickNoteWindow

    window = QuickNoteWindow(ctx, None, team["ana"].id)
    qtbot.addWidget(window)
    window.show()
    window.discussed.setPlainText("Burnout again")
    window.theirs.setPlainText("Pineapple")
    ctx.set_privacy_screen(True)
    assert leaked(window) == []
    # what was typed is saved, not lost, and comes back
    assert ctx.services.notes.get(window.note_id).body == "Burnout again"
    ctx.set_privacy_screen(False)
    assert window.discussed.toPlainText() == "Burnout again"


def test_lock_drops_every_private_text(area, ctx, team) -> None:
    _seed(ctx, team)
    area.open_person(team["ana"].id)
    area.person_page.tabs.setCurrentIndex(NOTES)
    area.person_page.notes.timeline.setCurrentIndex(
        area.person_page.notes.timeline_model.index(0, 0)
    )
    area.clear_private()
    page = area.person_page
    assert page.notes.timeline_model.rowCount() == 0 and area.people_model.rowCount() == 0
    assert page.brief.items_model.rowCount() == 0 and page.growth.goals_model.rowCount() == 0
    everything = [area, *area.findChildren(QWidget)]
    blob = "\n".join(
        t
        for w in everything
        for t in (
            [w.text()]
            if isinstance(w, QLabel | QLineEdit)
            else [w.toPlainText()]
            if isinstance(w, QTextEdit | QPlainTextEdit)
            else []
        )
    )
    assert not [s for s in SECRETS if s.lower() in blob.lower()]
    assert "Ana" not in blob


def test_archived_person_is_read_only_until_restored(area, ctx, team, qtbot) -> None:
    note = ctx.services.notes.add_note(team["ana"].id, NoteKind.ONE_ON_ONE, "old notes")
    area.open_person(team["ana"].id)
    page = area.person_page
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert ctx.services.people.get(team["ana"].id).archived
    assert page.archived_banner.isVisible() and not page.notes.new_note_button.isEnabled()
    page.show_note(note.id)
    page.notes.start_editing()
    assert page.notes.note_stack.currentWidget() is page.notes.note_view  # no editing
    assert page.notes.note_editor.isReadOnly()
    ctx.undo_stack.undo()  # restore is undoable
    assert not ctx.services.people.get(team["ana"].id).archived
    assert page.notes.new_note_button.isEnabled()
    page.notes.start_editing()
    assert page.notes.note_stack.currentWidget() is page.notes.edit_page


def test_people_list_highlights_overdue(area, ctx, team, clock) -> None:
    from leaddesk.ui.people.models import OVERDUE_COLOR, PeopleModel

    ctx.services.notes.add_note(
        team["bo"].id, NoteKind.ONE_ON_ONE, "x", written_on=clock.today() - timedelta(days=3)
    )
    area.refresh()
    model = area.people_model
    rows = {r.person.name: i for i, r in enumerate(model.rows)}
    ana = model.index(rows["Ana Pérez"], PeopleModel.NEXT)
    bo = model.index(rows["Bo Lindqvist"], PeopleModel.NEXT)
    assert "overdue" in ana.data()  # never met since 2024
    assert ana.data(Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOR
    assert "due in 11 days" in bo.data()
    assert bo.data(Qt.ItemDataRole.ForegroundRole) is None
    assert "1 overdue" in area.summary_label.text()
    assert date(2026, 11, 18) == clock.today()


def test_every_focusable_widget_has_an_accessible_name(area, ctx, team) -> None:
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QTabBar

    from leaddesk.ui.people.quick_note import QuickNoteWindow

    area.open_person(team["ana"].id)
    window = QuickNoteWindow(ctx, None, team["ana"].id)
    try:
        missing = []
        for root in (area, window):
            for w in root.findChildren(QWidget):
                if w.focusPolicy() == Qt.FocusPolicy.NoFocus:
                    continue
                ancestors = []
                parent = w.parentWidget()
                while parent is not None:
                    ancestors.append(parent)
                    parent = parent.parentWidget()
                if any(isinstance(a, QAbstractSpinBox | QComboBox | QTabBar) for a in ancestors):
                    continue  # internal parts of a named compound widget
                if not w.accessibleName() and not isinstance(w, QTabBar):
                    missing.append(f"{type(w).__name__}:{w.objectName()}")
        assert missing == []
    finally:
        window.deleteLater()


def test_recognition_nudge_shows_on_the_feedback_tab(area, ctx, team, clock) -> None:
    ana = team["ana"].id
    ctx.services.notes.add_feedback(
        ana,
        situation="s",
        behavior="b",
        impact="i",
        tone=FeedbackTone.POSITIVE,
        written_on=clock.today() - timedelta(days=45),
    )
    area.open_person(ana)
    page = area.person_page
    page.tabs.setCurrentIndex(FEEDBACK)
    assert page.feedback.nudge_label.isVisible() and "45 days" in page.feedback.nudge_label.text()
    assert "1 positive, 0 constructive" in page.feedback.balance_label.text()
    page.feedback.fb_fields["situation"].setPlainText("Demo day")
    page.feedback.fb_fields["behavior"].setPlainText("Calm answers")
    page.feedback.fb_fields["impact"].setPlainText("Customer signed")
    page.feedback.record_feedback_button.click()
    assert not page.feedback.nudge_label.isVisible()
    assert "2 positive" in page.feedback.balance_label.text()
    ctx.undo_stack.undo()
    assert page.feedback.nudge_label.isVisible()
