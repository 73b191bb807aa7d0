"""The board's E (estimate) and D (defer) prompts keep their typed answer across a lock: a
lock while one is open applies what was typed (one undo step), quietly; a typo changes
nothing and shows no message box in the middle of the lock. Real vault, real prompt."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from leaddesk.domain.model import Quadrant
from leaddesk.services.unlocking import unlock_vault
from leaddesk.ui.text_prompt import TextPrompt
from tests.conftest import PASSPHRASE


def _type_then_lock(ctx, qtbot, text: str, seen: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Once the prompt is open: replace its text with ``text`` and lock the vault."""

    def step() -> None:
        prompts = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, TextPrompt) and w.isVisible()
        ]
        if not prompts:
            QTimer.singleShot(10, step)
            return
        prompt = prompts[0]
        seen.append(prompt.windowTitle())
        prompt.field.selectAll()
        if text:
            qtbot.keyClicks(prompt.field, text)
        else:
            qtbot.keyClick(prompt.field, Qt.Key.Key_Delete)  # emptied by the user
        ctx.lock()  # Ctrl+L, idle, sleep or quit

    QTimer.singleShot(0, step)


@pytest.mark.parametrize(
    ("key", "typed", "field", "expected"),
    [
        (Qt.Key.Key_E, "2h", "estimate_minutes", 120),
        (Qt.Key.Key_E, "", "estimate_minutes", None),  # emptied: no estimate
        (Qt.Key.Key_D, "+3d", "not_before", "in three days"),
    ],
)
def test_a_lock_applies_the_typed_answer(
    ctx, services, board, qtbot, app_paths, clock, key, typed, field, expected
) -> None:
    task = services.tasks.capture("Design doc", quadrant=Quadrant.SCHEDULE, estimate_minutes=60)
    board.refresh()
    view = board.panels[Quadrant.SCHEDULE].view
    view.setFocus()
    view.select_ids([task.id])
    seen: list[str] = []
    _type_then_lock(ctx, qtbot, typed, seen)
    qtbot.keyClick(view, key)  # the prompt runs until the lock closes it
    assert seen and not ctx.is_unlocked
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    if expected == "in three days":
        expected = clock.today() + timedelta(days=3)
    assert getattr(ctx.services.tasks.get(task.id), field) == expected
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    assert ctx.services.tasks.get(task.id).estimate_minutes == 60
    ctx.lock()


def test_a_typo_at_a_lock_changes_nothing_and_asks_nothing(
    ctx, services, board, qtbot, app_paths, clock
) -> None:
    task = services.tasks.capture("Design doc", quadrant=Quadrant.SCHEDULE, estimate_minutes=60)
    board.refresh()
    view = board.panels[Quadrant.SCHEDULE].view
    view.setFocus()
    view.select_ids([task.id])
    refused: list[str] = []
    board.prune_keys.refuse = lambda parent, text: refused.append(text)
    seen: list[str] = []
    _type_then_lock(ctx, qtbot, "an hour or so", seen)
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert seen and refused == []
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    assert ctx.services.tasks.get(task.id).estimate_minutes == 60
    assert ctx.undo_stack.count() == 0
    ctx.lock()
