"""Issue 14 item 3: the view that saved does not read its own write back.

Every write made on the person page (a note's text, an action item, a topic, a tick) and in
the quick-note window names its widget as the change set's initiator; that view updates what
the write changed from the write's result and runs no SQL after the commit. Another open view
showing the same records still follows the change. Counted with the vault connection's trace
callback (the statement's first word only)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication

from leaddesk.domain.model import ActionOwner, NoteKind
from leaddesk.ui.people.page.common import BRIEF, NOTES

CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def _reads_after_commit(ctx, action: Callable[[], object]) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    """Statements run after the action's last COMMIT (what views read back), and all words."""
    raw = ctx.services.notes.hub.vault.raw_connection
    words: list[str] = []

    def seen(statement: str) -> None:
        text = statement.lstrip()
        if not text.startswith("--"):
            words.append(text.split(None, 1)[0].upper() if text else "?")

    raw.set_trace_callback(seen)
    try:
        action()
        QApplication.processEvents()
    finally:
        raw.set_trace_callback(None)
    assert "COMMIT" in words, words  # the write happened
    last_commit = len(words) - 1 - words[::-1].index("COMMIT")
    after = [w for w in words[last_commit + 1 :] if w not in CONTROL]
    return len(after), words


@pytest.fixture
def page(area, ctx, team):  # type: ignore[no-untyped-def]
    ana = team["ana"]
    ctx.services.notes.add_note(ana.id, NoteKind.ONE_ON_ONE, "first talk")
    area.open_person(ana.id)
    return area.person_page


def _second_page(ctx, qtbot, person_id: int):  # type: ignore[no-untyped-def]
    """Another open view of the same person (a second window's person page)."""
    from leaddesk.ui.people.page.shell import PersonPage

    other = PersonPage(ctx)
    qtbot.addWidget(other)
    other.resize(900, 600)
    other.show()
    other.show_person(person_id)
    return other


def test_typing_in_a_note_is_not_read_back_by_the_page_that_saved_it(
    page, ctx, team, qtbot
) -> None:
    page.tabs.setCurrentIndex(NOTES)
    tab = page.notes
    tab.select_note(tab.timeline_model.rows[0].id)
    tab.start_editing()
    other = _second_page(ctx, qtbot, team["ana"].id)  # on its Brief tab
    tab.note_editor.setPlainText("first talk, and the roadmap")
    reads, words = _reads_after_commit(ctx, tab.note_editor.flush)
    # The second page reads the brief (it shows the last note); the saving page nothing:
    # counted with the second page gone, the saving page's own share is 0.
    assert "the roadmap" in other.brief.brief_view.toPlainText()
    other.hide()  # hidden, it reads nothing (ui/area.py): what is left is the saver's
    tab.note_editor.setPlainText("first talk, the roadmap and hiring")
    reads, words = _reads_after_commit(ctx, tab.note_editor.flush)
    assert reads == 0, words
    assert ctx.services.notes.get(tab.current_note.id).body.endswith("and hiring")
    # The page shows the saved note: its timeline row's preview, the note it holds.
    row = tab.timeline_model.row_of(tab.current_note.id)
    assert "hiring" in tab.timeline_model.index(row, 0).data()
    assert tab.current_note.body.endswith("and hiring")
    # The brief (hidden) shows it when the user goes there.
    page.tabs.setCurrentIndex(BRIEF)
    assert "hiring" in page.brief.brief_view.toPlainText()


def test_an_action_item_and_a_topic_added_on_the_brief_are_shown_without_a_reload(
    page, ctx, team, qtbot
) -> None:
    page.tabs.setCurrentIndex(BRIEF)
    brief = page.brief
    other = _second_page(ctx, qtbot, team["ana"].id)
    brief.item_owner.setCurrentIndex(brief.item_owner.findData(ActionOwner.THEIRS))
    brief.item_text.setText("Send the design doc")
    other.hide()
    reads, words = _reads_after_commit(ctx, brief._on_item_text_return)
    assert reads == 0, words
    assert [i.text for i in brief.items_model.items] == ["Send the design doc"]
    assert "0 mine, 1 theirs" in brief.brief_view.toPlainText()  # the brief's counts
    brief.topic_text.setText("Conference budget")
    reads, words = _reads_after_commit(ctx, brief._on_topic_text_return)
    assert reads == 0, words
    assert [t.text for t in brief.topics_model.topics] == ["Conference budget"]
    assert [t.text for t in ctx.services.notes.open_topics(team["ana"].id)] == ["Conference budget"]


def test_a_tick_on_the_brief_is_shown_without_a_reload_and_another_page_follows(
    page, ctx, team, qtbot
) -> None:
    ana = team["ana"]
    ctx.services.notes.add_action_item(ana.id, ActionOwner.MINE, "Book the room")
    ctx.services.notes.add_action_item(ana.id, ActionOwner.MINE, "Review the RFC")
    page.tabs.setCurrentIndex(BRIEF)
    page.brief.load()
    other = _second_page(ctx, qtbot, ana.id)
    assert other.brief.items_model.rowCount() == 2
    from PySide6.QtCore import Qt

    model = page.brief.items_model
    tick = lambda: model.setData(  # noqa: E731
        model.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    _reads, _words = _reads_after_commit(ctx, tick)
    assert [i.text for i in model.items] == ["Review the RFC"]
    assert [i.text for i in other.brief.items_model.items] == ["Review the RFC"]  # followed
    other.hide()
    reads, words = _reads_after_commit(ctx, tick)
    assert reads == 0, words
    assert model.items == []
    assert [i.text for i in ctx.services.notes.open_action_items(ana.id)] == []


def test_the_quick_note_window_does_not_read_its_own_save_back_and_the_page_follows(
    page, ctx, team, qtbot
) -> None:
    from leaddesk.ui.people.quick_note import QuickNoteWindow

    page.tabs.setCurrentIndex(BRIEF)
    window = QuickNoteWindow(ctx, None, team["ana"].id)  # deletes itself on close
    window.show()
    window.discussed.setPlainText("Quick: salary review")
    assert window.flush()
    # The open person page (another view of the same person) shows the new last note.
    assert "salary review" in page.brief.brief_view.toPlainText()
    page.tabs.setCurrentIndex(NOTES)
    window.discussed.setPlainText("Quick: salary review in March")
    reads, words = _reads_after_commit(ctx, window.flush)
    # Only the page follows: the header's cadence (3) and the timeline with its count (2);
    # the window reads nothing of its own.
    assert reads <= 5, words
    row = page.notes.timeline_model.index(0, 0).data()
    assert "in March" in row
    page.hide()
    window.discussed.setPlainText("Quick: salary review in March, with HR")
    reads, words = _reads_after_commit(ctx, window.flush)
    assert reads == 0, words  # before: the window read its note back after every save
    window.reject()


def test_the_people_list_shows_a_write_made_on_the_person_page(area, ctx, team, qtbot) -> None:
    """The page skips its own writes, the list behind it does not: back on the list the new
    one-on-one note is its person's last one-on-one."""
    from leaddesk.ui.people.models import PeopleModel

    ana = team["ana"]
    area.open_person(ana.id)
    page = area.person_page
    page.notes.new_kind.setCurrentIndex(page.notes.new_kind.findData(NoteKind.ONE_ON_ONE))
    page.notes._on_new_note_clicked()  # a one-on-one note today
    assert "0 days" in page.meta_label.text() or "today" in page.meta_label.text()
    area.show_list()
    row = area.people_model.row_of(ana.id)
    last = area.people_model.index(row, PeopleModel.LAST).data()
    assert last and ("today" in last or "0 days" in last), last
