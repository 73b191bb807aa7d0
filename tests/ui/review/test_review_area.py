"""Drive the real review screens through all five steps over a real vault."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from leaddesk.domain.model import (
    BlockKind,
    BlockOutcome,
    Note,
    NoteKind,
    Person,
    Quadrant,
    TimeBlock,
)
from leaddesk.services.base import ChangeKind
from leaddesk.services.unlocking import unlock_vault
from leaddesk.ui.review.area import ReviewArea
from leaddesk.ui.review.insights import InsightsView
from leaddesk.ui.review.steps import triage
from leaddesk.ui.review.steps.inbox import InboxPage
from leaddesk.ui.review.steps.look_back import LookBackPage
from leaddesk.ui.review.steps.people_check import PeoplePage
from leaddesk.ui.review.steps.prune import PrunePage
from tests.conftest import BERLIN, PASSPHRASE

WEEK = date(2026, 11, 16)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def no_delegation_dialog(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    offered: list[int] = []
    monkeypatch.setattr(triage, "_offer_delegation", lambda ctx, parent, tid: offered.append(tid))
    return offered


@pytest.fixture
def seeded(ctx):  # type: ignore[no-untyped-def]
    services = ctx.services
    inbox = [services.tasks.capture(f"Request {i}", requester="Product") for i in range(3)]
    fire = services.tasks.capture("Fix the flaky deploy", quadrant=Quadrant.DO)
    services.tasks.capture("Write the hiring rubric", quadrant=Quadrant.SCHEDULE)
    with services.hub.write(ChangeKind.BLOCKS, ChangeKind.PEOPLE) as s:
        s.add_all(
            [
                TimeBlock(
                    title="Deep work",
                    kind=BlockKind.FOCUS,
                    start=at(WEEK, 9),
                    end=at(WEEK, 12),
                    outcome=BlockOutcome.DONE,
                ),
                TimeBlock(
                    title="Rubric",
                    kind=BlockKind.ADMIN,
                    start=at(WEEK + timedelta(days=1), 14),
                    end=at(WEEK + timedelta(days=1), 15),
                    outcome=BlockOutcome.DERAILED,
                    outcome_reason="prod incident",
                    task_id=fire.id,
                ),
            ]
        )
        overdue = Person(name="Olu Overdue", started_on=date(2025, 3, 1))
        s.add(overdue)
        s.flush()
        s.add(Note(person_id=overdue.id, kind=NoteKind.ONE_ON_ONE, written_on=date(2026, 9, 1)))
    return {"inbox": inbox, "fire": fire}


def test_walk_all_five_steps_and_finish(qtbot, ctx, seeded) -> None:
    area = ReviewArea(ctx)
    qtbot.addWidget(area)
    area.resize(1200, 800)
    area.show()
    area.refresh()
    area.start_review()

    look = area.stack.currentWidget()
    assert isinstance(look, LookBackPage)
    assert "Plan vs done: 50%" in look.summary.text()
    assert look.blocks.topLevelItemCount() == 2
    assert "prod incident" in look.blocks.topLevelItem(1).text(2)
    # The derailed block's task is offered as deprioritized, with a "why" field.
    why = look.deprioritized_edits[seeded["fire"].id]
    qtbot.keyClicks(why, "incident ate the slot")
    look.lessons.setFocus()
    qtbot.keyClicks(look.lessons, "Keep a buffer on Tuesdays")
    qtbot.waitUntil(
        lambda: ctx.services.reviews.get(WEEK).lessons == "Keep a buffer on Tuesdays",
        timeout=3000,
    )
    assert ctx.services.reviews.get(WEEK).deprioritized == {
        str(seeded["fire"].id): "incident ate the slot"
    }

    qtbot.mouseClick(area.next_button, Qt.MouseButton.LeftButton)
    inbox = area.stack.currentWidget()
    assert isinstance(inbox, InboxPage)
    assert inbox.list.count() == 3
    inbox.list.setFocus()
    inbox.list.setCurrentRow(0)
    qtbot.keyClick(inbox.list, Qt.Key.Key_1)
    assert [t.title for t in ctx.services.tasks.open_tasks(Quadrant.DO)][-1] == "Request 0"
    assert inbox.list.count() == 2
    ctx.undo_stack.undo()
    assert len(ctx.services.tasks.open_tasks(Quadrant.INBOX)) == 3
    ctx.undo_stack.redo()
    inbox.list.setCurrentRow(0)
    qtbot.keyClick(inbox.list, Qt.Key.Key_L)  # let go
    assert len(ctx.services.tasks.let_go_tasks()) == 1

    qtbot.mouseClick(area.next_button, Qt.MouseButton.LeftButton)
    prune = area.stack.currentWidget()
    assert isinstance(prune, PrunePage)
    assert prune.list.count() == 3  # two Do (one triaged in) and one Schedule
    prune.list.setFocus()
    prune.list.setCurrentRow(0)
    qtbot.keyClick(prune.list, Qt.Key.Key_G)
    assert len(ctx.services.tasks.open_tasks(Quadrant.DELEGATE)) == 1
    prune.list.setCurrentRow(0)
    qtbot.keyClick(prune.list, Qt.Key.Key_O)
    first_id = prune.list.item(0).data(Qt.ItemDataRole.UserRole)
    assert ctx.services.tasks.get(first_id).only_i_can is True

    qtbot.mouseClick(area.next_button, Qt.MouseButton.LeftButton)
    people = area.stack.currentWidget()
    assert isinstance(people, PeoplePage)
    first_section = people.tree.topLevelItem(0)
    assert first_section.child(0).text(1) == "Olu Overdue"
    assert first_section.child(0).text(0) == "Overdue one-on-one"

    qtbot.mouseClick(area.next_button, Qt.MouseButton.LeftButton)
    assert area.next_button.text().startswith("Finish")
    qtbot.mouseClick(area.next_button, Qt.MouseButton.LeftButton)
    review = ctx.services.reviews.get(WEEK)
    assert review.finished_at is not None
    assert (review.planned_count, review.figures["plan_done_percent"]) == (2, 50.0)
    assert review.figures["focus_hours"] == 3.0
    assert area.overview.past.topLevelItem(0).text(1) == "50%"


def test_review_resumes_at_the_step_after_lock_and_unlock(
    qtbot, ctx, seeded, app_paths, clock
) -> None:
    area = ReviewArea(ctx)
    qtbot.addWidget(area)
    area.show()
    area.refresh()
    area.start_review()
    qtbot.mouseClick(area.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(area.next_button, Qt.MouseButton.LeftButton)
    assert area._step_index() == 2
    look = area.steps[0]
    look.lessons.setPlainText("typed just before the lock")  # no time for the autosave timer
    ctx.lock()
    area.clear_private()
    assert look.lessons.toPlainText() == ""

    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    again = ReviewArea(ctx)
    qtbot.addWidget(again)
    again.show()
    again.refresh()
    assert again.overview.start_button.text() == "Resume at step 3"
    again.start_review()
    assert again._step_index() == 2
    assert ctx.services.reviews.get(WEEK).lessons == "typed just before the lock"


def test_finishing_an_empty_week_divides_by_nothing(qtbot, ctx) -> None:
    area = ReviewArea(ctx)
    qtbot.addWidget(area)
    area.show()
    area.refresh()
    area.start_review()
    assert "nothing planned" in area.steps[0].summary.text()
    area.finish_review()
    review = ctx.services.reviews.get(WEEK)
    assert review.planned_count == 0 and "plan_done_percent" not in review.figures
    assert area.overview.past.topLevelItem(0).text(1) == "n/a"


def test_insights_render_with_readings_and_export_png(qtbot, ctx, seeded, tmp_path) -> None:
    view = InsightsView(ctx)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    view.refresh()
    assert len(view.weeks) == 26
    assert view.weeks[-1].week_start == WEEK - timedelta(weeks=1)  # Wednesday: last full week
    labels = [w.week_start.strftime("%d %b") for w in view.weeks]  # the user's language
    assert all(chart.x_labels == labels for chart in view.charts.values())
    view.refresh()  # labels kept from the first refresh are the same
    assert all(chart.x_labels == labels for chart in view.charts.values())
    view.span.setCurrentIndex(0)
    assert len(view.weeks) == 4
    assert view.charts["plan"].x_labels == labels[-4:]
    assert (
        "of last week's plan" in view.charts["plan"].reading
        or "Nothing" in view.charts["plan"].reading
    )
    target = tmp_path / "insights.png"
    view.export_png(target)
    assert target.stat().st_size > 1000
    view.clear_private()
    assert view.charts["plan"].reading == ""


def test_plan_step_exports_markdown_after_one_warning(
    qtbot, ctx, seeded, tmp_path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from leaddesk.ui.export_warning import confirm_plaintext_export
    from leaddesk.ui.review.steps.plan import PlanPage

    asked: list[str] = []

    def answer(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[1])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    page = PlanPage(ctx)
    qtbot.addWidget(page)
    page.load(WEEK)
    assert confirm_plaintext_export(ctx, page, "x") and confirm_plaintext_export(ctx, page, "x")
    assert asked == ["Export is not encrypted"]  # warned once, remembered
    target = tmp_path / "plan.md"
    page.export_plan(target, "md")
    assert target.read_text(encoding="utf-8").startswith("# Plan for 2026-W48")


@pytest.mark.parametrize(
    ("top", "axis"), [(0, 4), (2.5, 4), (5, 8), (9, 10), (37, 40), (101, 200), (260, 400)]
)
def test_chart_axis_tops_are_round_numbers(top: float, axis: float) -> None:
    from leaddesk.ui.review.charts import nice_axis_top

    assert nice_axis_top(top) == axis


def test_plan_step_exports_a_pdf(qtbot, ctx, seeded, tmp_path) -> None:
    from leaddesk.ui.review.steps.plan import PlanPage

    page = PlanPage(ctx)
    qtbot.addWidget(page)
    page.load(WEEK)
    target = tmp_path / "plan.pdf"
    page.export_plan(target, "pdf")
    assert target.read_bytes().startswith(b"%PDF")
    assert target.stat().st_size > 1000


def test_people_step_hides_action_item_text_behind_the_privacy_screen(qtbot, ctx, seeded) -> None:
    from leaddesk.domain.model import ActionItem, ActionOwner

    with ctx.services.hub.write(ChangeKind.NOTES) as s:
        person = s.query(Person).first()
        s.add(ActionItem(person_id=person.id, owner=ActionOwner.THEIRS, text="SECRET-ITEM"))
    page = PeoplePage(ctx)
    qtbot.addWidget(page)
    page.load(WEEK)

    def texts() -> list[str]:
        out = []
        for i in range(page.tree.topLevelItemCount()):
            top = page.tree.topLevelItem(i)
            out += [top.child(j).text(0) for j in range(top.childCount())]
        return out

    assert "SECRET-ITEM" in texts()
    ctx.set_privacy_screen(True)
    assert "SECRET-ITEM" not in texts()
    ctx.set_privacy_screen(False)
    assert "SECRET-ITEM" in texts()


def test_a_refresh_does_not_overwrite_lessons_still_being_typed(qtbot, ctx, seeded) -> None:
    page = LookBackPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.load(WEEK)
    page.lessons.setFocus()
    qtbot.keyClicks(page.lessons, "Buffers matter")
    ctx.services.tasks.capture("A change elsewhere triggers a refresh")
    page.refresh()  # what a TASKS change notice does, before the 700 ms timer fired
    assert page.lessons.toPlainText() == "Buffers matter"
    assert ctx.services.reviews.get(WEEK).lessons == "Buffers matter"
