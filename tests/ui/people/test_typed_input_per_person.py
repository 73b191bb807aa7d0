"""What is typed on a person's page stays with that person (ui/people/page/typed_drafts.py).

The page's widgets are reused for every person: text typed in Ana's SBI form or add lines
stayed on the page when Bo was opened, one click from being recorded as Bo's. Now it is
kept as Ana's draft in the vault, the fields are empty for Bo, and it is back for Ana:
after switching, after a lock (when the lock's save refuses it) and after a crash.
"""

from __future__ import annotations

from leaddesk.services.unlocking import unlock_vault
from leaddesk.ui.people.page.common import BRIEF, FEEDBACK, GROWTH
from tests.conftest import PASSPHRASE
from tests.ui.people.test_people_lock_drafts import _open


def test_typed_text_does_not_follow_to_the_next_person_and_comes_back(area, team) -> None:  # type: ignore[no-untyped-def]
    page = _open(area, team["ana"], FEEDBACK)
    page.feedback.fb_fields["situation"].setPlainText("Ana's demo on Tuesday")
    page.brief.item_text.setText("Ana: send the RFC")
    page.growth.goal_text.setText("Ana leads the migration")

    page = _open(area, team["bo"], FEEDBACK)
    assert page.feedback.fb_fields["situation"].toPlainText() == ""
    assert page.brief.item_text.text() == "" and page.growth.goal_text.text() == ""
    page.feedback.fb_fields["impact"].setPlainText("Bo unblocked the release")

    page = _open(area, team["ana"], FEEDBACK)
    assert page.feedback.fb_fields["situation"].toPlainText() == "Ana's demo on Tuesday"
    assert page.feedback.fb_fields["impact"].toPlainText() == ""
    assert page.brief.item_text.text() == "Ana: send the RFC"
    assert page.growth.goal_text.text() == "Ana leads the migration"
    page = _open(area, team["bo"], BRIEF)
    assert page.feedback.fb_fields["impact"].toPlainText() == "Bo unblocked the release"


def test_recording_empties_the_form_and_forgets_the_draft(area, ctx, team, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _open(area, team["ana"], FEEDBACK)
    page.feedback.fb_fields["behavior"].setPlainText("Paired with the new hire")
    qtbot.waitUntil(lambda: ctx.services.drafts.find("person-feedback", team["ana"].id))
    page.feedback.record_feedback_button.click()
    assert [n.behavior for n in ctx.services.notes.feedback_given(team["ana"].id)] == [
        "Paired with the new hire"
    ]
    _open(area, team["bo"], FEEDBACK)
    page = _open(area, team["ana"], FEEDBACK)
    assert page.feedback.fb_fields["behavior"].toPlainText() == ""
    assert ctx.services.drafts.find("person-feedback", team["ana"].id) is None


def test_typing_is_kept_within_two_seconds_and_survives_a_crash(area, ctx, team, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _open(area, team["ana"], GROWTH)
    page.growth.goal_step.setText("Draft the on-call rota")
    qtbot.waitUntil(
        lambda: ctx.services.drafts.find("person-growth", team["ana"].id) is not None,
        timeout=2_500,
    )
    # a crash: the page is gone without any save; a new page opened on the same vault
    from leaddesk.ui.people.area import PeopleArea

    fresh = PeopleArea(ctx)
    qtbot.addWidget(fresh)
    fresh.show()
    fresh.refresh()
    again = _open(fresh, team["ana"], GROWTH)
    assert again.growth.goal_step.text() == "Draft the on-call rota"


def test_what_the_lock_cannot_save_is_kept_for_the_person(
    area, ctx, team, app_paths, clock
) -> None:  # type: ignore[no-untyped-def]
    page = _open(area, team["bo"], GROWTH)
    page.growth.goal_step.setText("A next step without a goal")  # refused as a goal
    ctx.lock()
    area.clear_private()
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    area.refresh()
    assert ctx.services.notes.goals(team["bo"].id) == []
    page = _open(area, team["bo"], GROWTH)
    assert page.growth.goal_step.text() == "A next step without a goal"


def test_under_the_privacy_screen_the_hidden_form_is_kept_not_the_dots(area, ctx, team) -> None:  # type: ignore[no-untyped-def]
    page = _open(area, team["ana"], FEEDBACK)
    page.feedback.fb_fields["situation"].setPlainText("Ana's retro")
    ctx.set_privacy_screen(True)
    _open(area, team["bo"], FEEDBACK)
    ctx.set_privacy_screen(False)
    page = _open(area, team["ana"], FEEDBACK)
    assert page.feedback.fb_fields["situation"].toPlainText() == "Ana's retro"
