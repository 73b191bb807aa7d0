"""Issue 19 item 4: the week's "What derailed it?" question is a window holding typed text
too. An idle lock while it was open used to drop the answer (a plain QInputDialog); now the
typed reason is saved before the vault closes, and the block is marked derailed."""

from __future__ import annotations

from leaddesk.domain.model import BlockKind, BlockOutcome
from leaddesk.ui.text_prompt import TextPrompt
from leaddesk.ui.week.area import WeekArea
from tests.ui.test_save_every_window_on_lock import (
    MARK,
    at,
    lock_and_unlock,
    run_inside_exec,
    type_into,
)


def test_a_lock_while_the_derail_reason_is_typed_saves_it(ctx, app_paths, clock, qtbot) -> None:
    change = ctx.services.blocks.create("Focus", BlockKind.FOCUS, at(17, 9), at(17, 11))
    block = ctx.services.blocks.get(change.created_ids[0])
    area = WeekArea(ctx)
    qtbot.addWidget(area)
    area.show()

    def type_then_lock(prompt: TextPrompt) -> None:
        type_into(qtbot, prompt.field)
        lock_and_unlock(ctx, app_paths, clock)

    run_inside_exec(
        lambda: area.set_outcome(block.id, BlockOutcome.DERAILED), TextPrompt, type_then_lock
    )
    saved = ctx.services.blocks.get(block.id)
    assert saved.outcome is BlockOutcome.DERAILED
    assert saved.outcome_reason == MARK


def test_cancel_changes_nothing_and_ok_marks_it(ctx, qtbot) -> None:
    change = ctx.services.blocks.create("Focus", BlockKind.FOCUS, at(17, 9), at(17, 11))
    block = ctx.services.blocks.get(change.created_ids[0])
    area = WeekArea(ctx)
    qtbot.addWidget(area)
    run_inside_exec(
        lambda: area.set_outcome(block.id, BlockOutcome.DERAILED), TextPrompt, lambda p: p.reject()
    )
    assert ctx.services.blocks.get(block.id).outcome is BlockOutcome.PLANNED

    def answer(prompt: TextPrompt) -> None:
        prompt.field.setText("Prod incident")
        prompt.accept()

    run_inside_exec(lambda: area.set_outcome(block.id, BlockOutcome.DERAILED), TextPrompt, answer)
    saved = ctx.services.blocks.get(block.id)
    assert (saved.outcome, saved.outcome_reason) == (BlockOutcome.DERAILED, "Prod incident")
