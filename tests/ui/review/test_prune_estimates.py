"""The weekly review's prune step: E changes the estimate, D defers the task (it leaves the
list and the board until then); both are one undo step."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from leaddesk.domain.model import Quadrant
from leaddesk.ui.review.steps.prune import PrunePage


def _page(ctx, qtbot) -> PrunePage:  # type: ignore[no-untyped-def]
    page = PrunePage(ctx)
    qtbot.addWidget(page)
    page.show()
    ctx.changed.connect(page.on_changed)
    page.load(date(2026, 11, 16))
    return page


def _ids(page: PrunePage) -> list[int]:
    return [page.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(page.list.count())]


def test_prune_step_estimate_and_defer_from_the_keyboard(ctx, services, qtbot) -> None:
    tasks = services.tasks
    roadmap = tasks.capture("Roadmap", quadrant=Quadrant.SCHEDULE, estimate_minutes=120)
    slides = tasks.capture("Slides", quadrant=Quadrant.DO)
    page = _page(ctx, qtbot)
    assert sorted(_ids(page)) == sorted([roadmap.id, slides.id])
    page.prune_keys.ask = lambda *args: "45m"
    page.list.setFocus()
    page.list.setCurrentRow(_ids(page).index(slides.id))
    qtbot.keyClick(page.list, Qt.Key.Key_E)
    assert tasks.get(slides.id).estimate_minutes == 45
    page.prune_keys.ask = lambda *args: "next mon"
    page.list.clearSelection()
    page.list.setCurrentRow(_ids(page).index(roadmap.id))
    qtbot.keyClick(page.list, Qt.Key.Key_D)
    assert tasks.get(roadmap.id).not_before == date(2026, 11, 23)
    assert _ids(page) == [slides.id]  # deferred: off the list until Monday
    ctx.undo_stack.undo()
    assert tasks.get(roadmap.id).not_before is None and roadmap.id in _ids(page)
    ctx.undo_stack.undo()
    assert tasks.get(slides.id).estimate_minutes is None
