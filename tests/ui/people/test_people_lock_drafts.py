"""Text typed in the people area but not yet saved survives a lock (Ctrl+L, idle, quit).

Everything goes through the real lock path (``ctx.lock()``: ``about_to_lock`` fires while
the vault is open) and is read back from the vault after unlocking again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from leaddesk.domain.model import FeedbackTone
from leaddesk.services.unlocking import unlock_vault
from leaddesk.ui.people.page.common import BRIEF, FEEDBACK, GROWTH
from tests.conftest import PASSPHRASE


@contextmanager
def reopened(app_paths, clock) -> Iterator:  # type: ignore[no-untyped-def]
    services = unlock_vault(app_paths, PASSPHRASE, clock)
    try:
        yield services
    finally:
        services.close()


def _open(area, person, tab: int):  # type: ignore[no-untyped-def]
    area.open_person(person.id)
    area.person_page.tabs.setCurrentIndex(tab)
    return area.person_page


def test_an_unsaved_sbi_feedback_draft_is_saved_on_lock(area, ctx, team, app_paths, clock) -> None:
    page = _open(area, team["ana"], FEEDBACK)
    page.feedback.tone_constructive.setChecked(True)
    page.feedback.fb_fields["situation"].setPlainText("Sprint demo on Tuesday")
    page.feedback.fb_fields["behavior"].setPlainText("Interrupted Bo three times")
    page.feedback.fb_fields["impact"].setPlainText("Bo stopped presenting")

    ctx.lock()
    area.clear_private()

    with reopened(app_paths, clock) as services:
        [note] = services.notes.feedback_given(team["ana"].id)
        assert note.situation == "Sprint demo on Tuesday"
        assert note.behavior == "Interrupted Bo three times"
        assert note.impact == "Bo stopped presenting"
        assert note.tone == FeedbackTone.CONSTRUCTIVE
    assert all(edit.toPlainText() == "" for edit in page.feedback.fb_fields.values())


def test_the_saved_draft_is_one_undo_step_after_unlocking(
    area, ctx, team, app_paths, clock
) -> None:
    page = _open(area, team["ana"], FEEDBACK)
    page.feedback.fb_fields["situation"].setPlainText("Incident review")
    ctx.lock()
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    assert len(ctx.services.notes.feedback_given(team["ana"].id)) == 1
    ctx.undo_stack.undo()
    assert ctx.services.notes.feedback_given(team["ana"].id) == []


def test_a_draft_hidden_by_the_privacy_screen_is_saved_too(
    area, ctx, team, app_paths, clock
) -> None:
    page = _open(area, team["ana"], FEEDBACK)
    page.feedback.fb_fields["impact"].setPlainText("The release went out on time")
    ctx.set_privacy_screen(True)
    ctx.lock()
    area.clear_private()
    with reopened(app_paths, clock) as services:
        [note] = services.notes.feedback_given(team["ana"].id)
        assert note.impact == "The release went out on time"


def test_an_untouched_or_blank_feedback_form_writes_nothing(
    area, ctx, team, app_paths, clock
) -> None:
    page = _open(area, team["ana"], FEEDBACK)
    page.feedback.fb_fields["situation"].setPlainText("   ")  # blank: not worth a record
    ctx.lock()
    with reopened(app_paths, clock) as services:
        assert services.notes.feedback_given(team["ana"].id) == []
        assert services.notes.goals(team["ana"].id) == []
        assert services.notes.action_items(team["ana"].id) == []


def test_typed_action_item_and_topic_are_saved_on_lock(area, ctx, team, app_paths, clock) -> None:
    page = _open(area, team["bo"], BRIEF)
    page.brief.item_owner.setCurrentIndex(1)  # theirs
    page.brief.item_text.setText("Send the on-call proposal")
    page.brief.topic_text.setText("Conference budget")
    ctx.lock()
    with reopened(app_paths, clock) as services:
        [item] = services.notes.action_items(team["bo"].id)
        assert item.text == "Send the on-call proposal"
        assert item.owner.value == "theirs"
        assert [t.text for t in services.notes.brief(team["bo"].id).topics] == ["Conference budget"]


def test_a_typed_growth_goal_is_saved_and_a_goal_without_text_is_not(
    area, ctx, team, app_paths, clock
) -> None:
    page = _open(area, team["ana"], GROWTH)
    page.growth.goal_text.setText("Lead the storage migration")
    page.growth.goal_step.setText("Write the RFC")
    ctx.lock()
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    area.refresh()
    page = _open(area, team["bo"], GROWTH)
    page.growth.goal_step.setText("A next step without a goal")  # invalid: dropped quietly
    ctx.lock()
    with reopened(app_paths, clock) as services:
        [goal] = services.notes.goals(team["ana"].id)
        assert (goal.goal, goal.next_step) == ("Lead the storage migration", "Write the RFC")
        assert services.notes.goals(team["bo"].id) == []


def test_a_goal_cell_being_edited_is_committed_on_lock(
    area, ctx, team, app_paths, clock, qtbot
) -> None:
    goal = ctx.services.notes.add_goal(team["ana"].id, "Speak at a meetup")
    page = _open(area, team["ana"], GROWTH)
    index = page.growth.goals_model.index(0, page.growth.goals_model.GOAL)
    page.growth.goals_view.setCurrentIndex(index)
    page.growth.goals_view.edit(index)
    assert page.growth.goals_view.state() == QAbstractItemView.State.EditingState
    editor = page.growth.goals_view.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.setText("Speak at two meetups")
    ctx.lock()
    area.clear_private()
    with reopened(app_paths, clock) as services:
        [saved] = services.notes.goals(team["ana"].id)
        assert saved.id == goal.id and saved.goal == "Speak at two meetups"


def test_the_person_dialog_saves_its_edits_on_lock(
    area, ctx, team, app_paths, clock, qtbot
) -> None:
    page = _open(area, team["ana"], BRIEF)

    def type_then_lock() -> None:
        from leaddesk.ui.people.dialogs import PersonDialog

        dialog = next(w for w in page.findChildren(PersonDialog) if w.isVisible())
        dialog.role.setText("Staff engineer")
        dialog.preference.setText("Recognition in private")
        ctx.lock()

    QTimer.singleShot(0, type_then_lock)
    page.edit_person_button.click()  # exec() returns once the lock closed the dialog
    assert not ctx.is_unlocked
    with reopened(app_paths, clock) as services:
        ana = services.people.get(team["ana"].id)
        assert ana.role == "Staff engineer"
        assert ana.feedback_preference == "Recognition in private"


def test_the_add_person_dialog_saves_a_named_person_on_lock(
    area, ctx, team, app_paths, clock
) -> None:
    def type_then_lock() -> None:
        from leaddesk.ui.people.dialogs import PersonDialog

        dialog = next(w for w in area.findChildren(PersonDialog) if w.isVisible())
        dialog.name.setText("Chen Wu")
        ctx.lock()

    QTimer.singleShot(0, type_then_lock)
    area.add_button.click()
    with reopened(app_paths, clock) as services:
        names = [p.name for p in services.people.list()]
        assert "Chen Wu" in names


def test_an_empty_add_person_dialog_writes_nothing_on_lock(
    area, ctx, team, app_paths, clock
) -> None:
    def lock() -> None:
        ctx.lock()

    QTimer.singleShot(0, lock)
    area.add_button.click()
    with reopened(app_paths, clock) as services:
        assert len(services.people.list()) == 2


def test_lines_being_typed_show_dots_under_the_privacy_screen(area, ctx, team) -> None:
    page = _open(area, team["ana"], BRIEF)
    lines = {
        page.brief.item_text: "Ask Ana about the promotion case",
        page.brief.topic_text: "Her burnout worries",
        page.growth.goal_text: "Lead the migration",
        page.growth.goal_step: "Pair with Bo",
    }
    for line, text in lines.items():
        line.setText(text)
    ctx.set_privacy_screen(True)
    for line, text in lines.items():
        assert text not in line.displayText()  # what is painted
        assert line.text() == text  # kept, not lost
    ctx.set_privacy_screen(False)
    assert all(line.displayText() == text for line, text in lines.items())


def test_people_opened_first_while_the_screen_is_shared_start_hidden(ctx, team, qtbot) -> None:
    from leaddesk.ui.people.area import PeopleArea

    ctx.set_privacy_screen(True)  # on before the area is ever built
    area = PeopleArea(ctx)
    qtbot.addWidget(area)
    area.show()
    page = _open(area, team["ana"], BRIEF)
    page.brief.item_text.setText("Ask Ana about the promotion case")
    assert "promotion" not in page.brief.item_text.displayText()
    assert all(not edit.isEnabled() for edit in page.feedback.fb_fields.values())
