"""The board updates only the cards a change names, and ends up exactly as a full reload."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt

from leaddesk.domain.model import Quadrant
from leaddesk.ui.matrix.commands import CompleteTasksCommand, MoveTasksCommand
from leaddesk.ui.matrix.model import BoardLookups, QuadrantModel

from .conftest import ids_in


def _seed(ctx, count: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    for i in range(count):
        ctx.services.tasks.capture(f"card {i}", quadrant=rng.choice(list(Quadrant)))


def _shown(board) -> dict[Quadrant, list[tuple]]:  # type: ignore[no-untyped-def]
    return {q: list(board.models[q]._cards) for q in Quadrant}


def test_a_drop_reads_only_the_moved_card_not_the_whole_board(ctx, board, monkeypatch) -> None:
    rng = random.Random(1)
    _seed(ctx, 30, rng)
    board.refresh()
    reloads = []
    original = ctx.services.tasks.board_snapshot
    monkeypatch.setattr(
        ctx.services.tasks, "board_snapshot", lambda *a, **k: reloads.append(1) or original(*a, **k)
    )
    source, target = board.models[Quadrant.INBOX], board.models[Quadrant.DO]
    moved = source.card(0).id
    mime = source.mimeData([source.index(0, 0)])
    assert target.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, target.index(-1, 0))
    assert reloads == []
    assert ids_in(board, Quadrant.DO)[0] == moved
    assert moved not in ids_in(board, Quadrant.INBOX)


def test_patched_board_equals_a_full_reload_after_many_actions(ctx, board, qtmodeltester) -> None:
    rng = random.Random(5)
    _seed(ctx, 40, rng)
    board.refresh()
    tasks = ctx.services.tasks
    for step in range(60):
        kind = rng.random()
        if kind < 0.15 and ctx.undo_stack.canUndo():
            ctx.undo_stack.undo()
        elif kind < 0.25 and ctx.undo_stack.canRedo():
            ctx.undo_stack.redo()
        elif kind < 0.35:
            on_board = [i for q in Quadrant for i in ids_in(board, q)]
            ctx.push(CompleteTasksCommand(tasks, rng.sample(on_board, 1)))
        elif kind < 0.4:
            tasks.capture(f"new {step}", quadrant=rng.choice(list(Quadrant)))
        else:
            source = rng.choice([q for q in Quadrant if ids_in(board, q)])
            moving = rng.sample(ids_in(board, source), min(2, len(ids_in(board, source))))
            target = rng.choice(list(Quadrant))
            others = [i for i in ids_in(board, target) if i not in moving]
            before = rng.choice([*others, None]) if others else None
            ctx.push(MoveTasksCommand(tasks, moving, target, before_id=before))
        patched = _shown(board)
        board.refresh()
        assert _shown(board) == patched, f"step {step}"
    for quadrant in Quadrant:
        qtmodeltester.check(board.models[quadrant])


def test_a_filtered_board_stays_filtered_after_a_patched_move(ctx, board) -> None:
    a = ctx.services.tasks.capture("alpha report", quadrant=Quadrant.DO).id
    b = ctx.services.tasks.capture("beta review", quadrant=Quadrant.DO).id
    board.filter_edit.setText("alpha")
    assert ids_in(board, Quadrant.DO) == [a]
    ctx.push(MoveTasksCommand(ctx.services.tasks, [b], Quadrant.SCHEDULE))
    assert ids_in(board, Quadrant.SCHEDULE) == []  # beta does not match the filter
    ctx.push(MoveTasksCommand(ctx.services.tasks, [a], Quadrant.SCHEDULE))
    assert ids_in(board, Quadrant.SCHEDULE) == [a]
    assert board.panels[Quadrant.SCHEDULE].count_label.text() == "1 of 2"


def test_set_cards_inserts_and_removes_rows_instead_of_resetting(qapp, qtmodeltester) -> None:
    from leaddesk.services.tasks import BoardCard

    def card(i: int) -> BoardCard:
        return BoardCard(i, f"t{i}", Quadrant.DO, float(i), None, None, None, "", None, False)

    model = QuadrantModel(Quadrant.DO, lambda: None, lambda c: True)  # type: ignore[arg-type,return-value]
    lookups = BoardLookups()
    model.set_cards([card(i) for i in range(10)], lookups)
    events: list[str] = []
    model.modelReset.connect(lambda: events.append("reset"))
    model.rowsRemoved.connect(lambda _p, first, last: events.append(f"-{first}:{last}"))
    model.rowsInserted.connect(lambda _p, first, last: events.append(f"+{first}:{last}"))
    cards = [card(i) for i in range(10)]
    del cards[3]
    assert model.set_cards(cards, lookups)
    cards.insert(7, card(42))
    assert model.set_cards(cards, lookups)
    assert not model.set_cards(list(cards), lookups)
    assert events == ["-3:3", "+7:7"]
    assert model.task_ids() == [c.id for c in cards]
    assert model.set_cards([card(i) for i in range(100, 300)], lookups)
    assert events[-1] == "reset"
    qtmodeltester.check(model)
