"""The review's prune step: "only I can" on several tasks is one transaction, one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel

from leaddesk.domain.errors import NotFoundError
from leaddesk.domain.model import Quadrant
from leaddesk.services.base import ChangeKind
from leaddesk.ui.review.steps.prune import PrunePage


def test_toggling_several_tasks_is_all_or_nothing(services) -> None:
    a = services.tasks.capture("a", quadrant=Quadrant.DO).id
    with pytest.raises(NotFoundError):
        services.tasks.toggle_only_i_can([a, 999_999])
    assert services.tasks.get(a).only_i_can is False  # the first one was not written alone
    assert services.tasks.toggle_only_i_can([a]) is True
    b = services.tasks.capture("b", quadrant=Quadrant.DO).id
    assert services.tasks.toggle_only_i_can([a, b]) is True  # not all marked yet: mark all
    assert services.tasks.toggle_only_i_can([a, b]) is False


def test_the_prune_toggle_is_one_undo_step_with_one_change_notice(qtbot, ctx) -> None:
    ids = [ctx.services.tasks.capture(t, quadrant=Quadrant.DO).id for t in ("one", "two")]
    page = PrunePage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    selection = page.list.selectionModel()
    for row in range(page.list.count()):
        selection.select(page.list.model().index(row, 0), QItemSelectionModel.SelectionFlag.Select)
    heard = []
    ctx.changed.connect(heard.append)
    steps_before = ctx.undo_stack.count()
    page.toggle_only_i_can()  # O, or the button
    assert [ctx.services.tasks.get(i).only_i_can for i in ids] == [True, True]
    assert ctx.undo_stack.count() == steps_before + 1
    assert len(heard) == 1 and set(ids) <= heard[0].ids[ChangeKind.TASKS]
    ctx.undo_stack.undo()
    assert [ctx.services.tasks.get(i).only_i_can for i in ids] == [False, False]
    ctx.undo_stack.redo()
    assert [ctx.services.tasks.get(i).only_i_can for i in ids] == [True, True]
