"""A person's page says so when typed text comes back from an earlier session.

The page's typed input (SBI form, new action item, topic, goal and next step) is kept per
person (ui/people/page/typed_drafts.py). Text back after a crash or a lock was simply in
the fields, with no word: now one line (the dialogs' "DraftNotice" look) says it was
restored, on which tab, and whether a lock or a crash left it, with a Dismiss button.
Text back because the user opened another person and came back within the session needs
no word and gets none. Real vault, real page (offscreen).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from leaddesk.services.unlocking import unlock_vault
from leaddesk.ui.people.page.common import BRIEF, GROWTH
from tests.conftest import PASSPHRASE
from tests.ui.people.test_people_lock_drafts import _open
from tests.ui.test_form_drafts import (  # noqa: F401  (fixtures used by name)
    after_crash,
    discard_when_asked,
    wait_for_draft,
)

CRASH_LINE = "Restored what you typed before LeadDesk closed (Growth tab)."
LOCK_LINE = "Restored what you were typing before LeadDesk locked (Growth tab)."


pytestmark = pytest.mark.usefixtures("deletes_flushed")


def notice(page) -> str:  # type: ignore[no-untyped-def]
    """The restored line as shown ("" when hidden)."""
    shown = page.restored_notice
    if not shown.isVisible():
        return ""
    assert shown.label.objectName() == "DraftNotice"  # styled like the dialogs' line
    assert shown.label.accessibleName() == shown.label.text()
    return shown.label.text()


def _area(ctx, qtbot):  # type: ignore[no-untyped-def]
    from leaddesk.ui.people.area import PeopleArea

    area = PeopleArea(ctx)
    qtbot.addWidget(area)
    area.resize(1280, 720)
    area.show()
    area.refresh()
    return area


def test_text_back_after_a_crash_is_announced_and_dismissable(
    area,
    ctx,
    services,
    team,
    qtbot,
    after_crash,  # noqa: F811
) -> None:  # type: ignore[no-untyped-def]
    page = _open(area, team["ana"], GROWTH)
    assert notice(page) == ""
    page.growth.goal_step.setText("Draft the on-call rota")
    wait_for_draft(qtbot, services, "person-growth", team["ana"].id)
    for typed in page.typed:
        typed.autosave.stop()  # the process dies: no timer of it runs again
    ctx2 = after_crash(area, services)

    area2 = _area(ctx2, qtbot)
    page = _open(area2, team["ana"], BRIEF)
    assert page.growth.goal_step.text() == "Draft the on-call rota"
    assert notice(page) == CRASH_LINE
    button = page.restored_notice.dismiss_button
    assert button.accessibleName() and button.focusPolicy() & Qt.FocusPolicy.TabFocus
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)  # from the keyboard
    assert notice(page) == ""
    assert page.growth.goal_step.text() == "Draft the on-call rota"  # the text stays
    _open(area2, team["bo"], BRIEF)
    assert notice(page) == ""  # nothing restored for Bo
    page = _open(area2, team["ana"], BRIEF)
    assert notice(page) == ""  # back within the session: no word
    assert page.growth.goal_step.text() == "Draft the on-call rota"


def test_switching_people_within_a_session_brings_text_back_without_a_notice(area, team) -> None:  # type: ignore[no-untyped-def]
    page = _open(area, team["ana"], GROWTH)
    page.growth.goal_text.setText("Ana leads the migration")
    page = _open(area, team["bo"], GROWTH)
    assert notice(page) == "" and page.growth.goal_text.text() == ""
    page = _open(area, team["ana"], GROWTH)
    assert page.growth.goal_text.text() == "Ana leads the migration"
    assert notice(page) == ""


def test_text_a_lock_could_not_add_comes_back_saying_the_lock_kept_it(
    area, ctx, team, app_paths, clock
) -> None:  # type: ignore[no-untyped-def]
    page = _open(area, team["bo"], GROWTH)
    page.growth.goal_step.setText("A next step without a goal")  # refused as a goal
    ctx.lock()
    area.clear_private()
    assert notice(page) == ""
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    area.refresh()
    page = _open(area, team["bo"], GROWTH)
    assert page.growth.goal_step.text() == "A next step without a goal"
    assert notice(page) == LOCK_LINE


def test_text_left_with_another_person_before_a_lock_says_the_lock_kept_it(
    area, ctx, team, app_paths, clock
) -> None:  # type: ignore[no-untyped-def]
    page = _open(area, team["ana"], GROWTH)
    page.growth.goal_step.setText("Pair with Bo on the release")
    _open(area, team["bo"], GROWTH)  # kept as Ana's draft at the switch
    ctx.lock()
    area.clear_private()
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    area.refresh()
    page = _open(area, team["bo"], GROWTH)
    assert notice(page) == ""
    page = _open(area, team["ana"], GROWTH)
    assert page.growth.goal_step.text() == "Pair with Bo on the release"
    assert notice(page) == LOCK_LINE
