"""Pruning from the keyboard on the board: E changes the estimate, D defers the card (it
leaves the board until that day); a typo is refused and changes nothing; undo is exact."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from leaddesk.domain.model import Quadrant

from .conftest import ids_in


def _select(board, quadrant: Quadrant, task_id: int):  # type: ignore[no-untyped-def]
    view = board.panels[quadrant].view
    view.setFocus()
    view.select_ids([task_id])
    return view


def test_e_changes_the_estimate_in_one_undo_step(ctx, services, board, qtbot) -> None:
    task = services.tasks.capture("Design doc", quadrant=Quadrant.SCHEDULE, estimate_minutes=60)
    board.refresh()
    asked: list[str] = []
    board.prune_keys.ask = lambda parent, title, label, text: asked.append(text) or "1.5h"
    view = _select(board, Quadrant.SCHEDULE, task.id)
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert asked == ["1h"]  # the current estimate is offered for editing
    assert services.tasks.get(task.id).estimate_minutes == 90
    ctx.undo_stack.undo()
    assert services.tasks.get(task.id).estimate_minutes == 60


def test_a_typo_is_refused_and_changes_nothing(ctx, services, board, qtbot) -> None:
    task = services.tasks.capture("Design doc", quadrant=Quadrant.SCHEDULE, estimate_minutes=60)
    board.refresh()
    refused: list[str] = []
    board.prune_keys.ask = lambda *args: "an hour or so"
    board.prune_keys.refuse = lambda parent, text: refused.append(text)
    view = _select(board, Quadrant.SCHEDULE, task.id)
    qtbot.keyClick(view, Qt.Key.Key_E)
    qtbot.keyClick(view, Qt.Key.Key_D)
    assert len(refused) == 2 and ctx.undo_stack.count() == 0
    task = services.tasks.get(task.id)
    assert task.estimate_minutes == 60 and task.not_before is None


def test_d_defers_the_card_off_the_board_until_its_day(ctx, services, board, clock, qtbot) -> None:
    task = services.tasks.capture("Tech-debt proposal", quadrant=Quadrant.SCHEDULE)
    board.refresh()
    board.prune_keys.ask = lambda *args: "next mon"
    view = _select(board, Quadrant.SCHEDULE, task.id)
    qtbot.keyClick(view, Qt.Key.Key_D)
    monday = date(2026, 11, 23)
    assert services.tasks.get(task.id).not_before == monday
    assert task.id not in ids_in(board, Quadrant.SCHEDULE)  # gone at once, no reload
    clock.advance(days=(monday - clock.today()).days)
    board.refresh()
    assert task.id in ids_in(board, Quadrant.SCHEDULE)
    clock.advance(days=-(monday - date(2026, 11, 18)).days)
    ctx.undo_stack.undo()
    board.refresh()
    assert services.tasks.get(task.id).not_before is None
    assert task.id in ids_in(board, Quadrant.SCHEDULE)
    assert clock.today() + timedelta(days=5) == monday
