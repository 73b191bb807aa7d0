"""The dialogs that a lock already saved but a crash emptied keep a form draft too.

Quick capture (Ctrl+N), the person dialog (add and edit) and the week's "What derailed it?"
prompt were saved at a lock, but a crash lost what was typed; now their fields are kept as
a draft in the vault at most two seconds behind (ui/form_draft.py), come back with the
one-line banner the next time, and go on OK, Cancel or Esc (which still closes these at
once, without a question). Real vault, real dialogs (offscreen).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from leaddesk.domain.model import BlockKind, BlockOutcome
from leaddesk.ui.form_draft import RESTORED_TEXT
from leaddesk.ui.text_prompt import TextPrompt
from tests.ui.test_form_drafts import (  # noqa: F401  (fixtures used by name)
    after_crash,
    banner_text,
    discard_when_asked,
    gone,
    wait_for_draft,
)
from tests.ui.test_save_every_window_on_lock import at, run_inside_exec

pytestmark = pytest.mark.usefixtures("deletes_flushed")


def test_quick_capture_typing_survives_a_crash_and_esc_still_cancels_at_once(
    ctx,
    services,
    qtbot,
    after_crash,  # noqa: F811
) -> None:
    from leaddesk.ui.matrix.capture import QuickCaptureDialog, open_quick_capture

    open_quick_capture(ctx, None)
    dialog = ctx.find_open_window(QuickCaptureDialog)
    qtbot.keyClicks(dialog.title_edit, "Estimate the A/B test")
    qtbot.keyClicks(dialog.requester_edit, "Carla")
    draft = wait_for_draft(qtbot, services, "capture", None)
    assert draft["title"] == "Estimate the A/B test"

    ctx2 = after_crash(dialog, services)
    open_quick_capture(ctx2, None)
    dialog = ctx2.find_open_window(QuickCaptureDialog)
    assert banner_text(dialog) == [RESTORED_TEXT]
    assert (dialog.title_edit.text(), dialog.requester_edit.text()) == (
        "Estimate the A/B test",
        "Carla",
    )
    asked = []
    dialog.confirm_discard = lambda parent: asked.append(parent) or True
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert ctx2.services.drafts.kept_forms() == []
    open_quick_capture(ctx2, None)
    again = ctx2.find_open_window(QuickCaptureDialog)
    assert again.title_edit.text() == "" and banner_text(again) == []
    again.reject()


def test_filing_a_restored_capture_forgets_the_draft(
    ctx,
    services,
    qtbot,
    after_crash,  # noqa: F811
) -> None:
    from leaddesk.ui.matrix.capture import QuickCaptureDialog, open_quick_capture

    open_quick_capture(ctx, None)
    dialog = ctx.find_open_window(QuickCaptureDialog)
    qtbot.keyClicks(dialog.title_edit, "Reply to the vendor")
    wait_for_draft(qtbot, services, "capture", None)
    ctx2 = after_crash(dialog, services)
    open_quick_capture(ctx2, None)
    dialog = ctx2.find_open_window(QuickCaptureDialog)
    dialog.submit()
    assert not dialog.isVisible()
    assert ctx2.services.drafts.kept_forms() == []
    assert ctx2.undo_stack.count() == 1  # the capture; the draft was no undo step


def _person_dialog(ctx, person=None):  # type: ignore[no-untyped-def]
    """As the people area opens it (bound to save at a lock), but not blocking."""
    from leaddesk.ui.people.dialogs import PersonDialog
    from leaddesk.ui.people.drafts import save_dialog_before_lock

    dialog = PersonDialog(None, person)
    save_dialog_before_lock(ctx, dialog, lambda: None)
    dialog.show()
    return dialog


def test_the_person_dialog_keeps_its_typing_through_a_crash(
    ctx,
    services,
    qtbot,
    after_crash,  # noqa: F811
) -> None:
    ana = services.people.add("Ana Pérez", role="Backend")
    new = _person_dialog(ctx)
    qtbot.keyClicks(new.name, "Bo Lindqvist")
    new.every.setValue(7)
    wait_for_draft(qtbot, services, "person", None)
    gone(new)
    edit = _person_dialog(ctx, services.people.get(ana.id))
    qtbot.keyClicks(edit.preference, "recognition in private")
    wait_for_draft(qtbot, services, "person", ana.id)

    ctx2 = after_crash(edit, services)
    assert ctx2.services.people.get(ana.id).feedback_preference == ""
    new = _person_dialog(ctx2)
    qtbot.addWidget(new)
    assert banner_text(new) == [RESTORED_TEXT]
    assert (new.name.text(), new.every.value()) == ("Bo Lindqvist", 7)
    edit = _person_dialog(ctx2, ctx2.services.people.get(ana.id))
    qtbot.addWidget(edit)
    assert edit.preference.text() == "recognition in private"
    assert edit.name.text() == "Ana Pérez"
    edit.reject()  # Cancel closes at once, as before, and the draft goes
    assert not edit.isVisible()
    assert ctx2.services.drafts.kept_forms() == ["person/new"]
    new.accept()
    assert ctx2.services.drafts.kept_forms() == []


def test_the_derail_reason_survives_a_crash(
    ctx,
    services,
    qtbot,
    after_crash,  # noqa: F811
) -> None:
    from leaddesk.ui.week.area import WeekArea

    change = services.blocks.create("Focus", BlockKind.FOCUS, at(17, 9), at(17, 11))
    block_id = change.created_ids[0]
    area = WeekArea(ctx)
    qtbot.addWidget(area)
    crashed: list[TextPrompt] = []

    def type_then_crash(prompt: TextPrompt) -> None:
        qtbot.keyClicks(prompt.field, "Prod incident at 10")
        wait_for_draft(qtbot, services, "derail", block_id)
        crashed.append(prompt)
        prompt.draft.autosave.stop()
        prompt.hide()  # the window goes with the process (exec returns: nothing saved)

    run_inside_exec(
        lambda: area.set_outcome(block_id, BlockOutcome.DERAILED), TextPrompt, type_then_crash
    )
    ctx2 = after_crash(area, services)
    assert ctx2.services.blocks.get(block_id).outcome is BlockOutcome.PLANNED
    area2 = WeekArea(ctx2)
    qtbot.addWidget(area2)

    def check_and_ok(prompt: TextPrompt) -> None:
        assert banner_text(prompt) == [RESTORED_TEXT]
        assert prompt.field.text() == "Prod incident at 10"
        prompt.accept()

    run_inside_exec(
        lambda: area2.set_outcome(block_id, BlockOutcome.DERAILED), TextPrompt, check_and_ok
    )
    saved = ctx2.services.blocks.get(block_id)
    assert (saved.outcome, saved.outcome_reason) == (BlockOutcome.DERAILED, "Prod incident at 10")
    assert ctx2.services.drafts.kept_forms() == []
