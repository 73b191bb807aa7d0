"""The card painter keeps no rendered pixmap per card (issue 18: peak memory) and paints a
card the same whether its plan is cached or made afresh."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtGui import QImage, QPixmap

from leaddesk.domain.model import Quadrant

CARDS = 30


def _pixmaps_held(obj: object) -> list[QPixmap]:
    """Every QPixmap reachable from ``obj``'s attributes through dicts, lists and tuples."""
    found: list[QPixmap] = []
    stack: list[object] = list(vars(obj).values())
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, QPixmap):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
    return found


def _seed(ctx, quadrant: Quadrant) -> list[int]:  # type: ignore[no-untyped-def]
    due = date.today() + timedelta(days=3)
    return [
        ctx.services.tasks.capture(
            f"Card number {n} with a title long enough to wrap onto a second line",
            quadrant=quadrant,
            due_on=due if n % 2 else None,
            requester="Dana" if n % 3 == 0 else "",
            estimate_minutes=30 if n % 4 == 0 else None,
        ).id
        for n in range(CARDS)
    ]


def _grab(view) -> QImage:  # type: ignore[no-untyped-def]
    return view.viewport().grab().toImage()


def test_painting_many_cards_keeps_no_pixmap_per_card(ctx, board) -> None:
    _seed(ctx, Quadrant.SCHEDULE)
    board.refresh()
    view = board.panels[Quadrant.SCHEDULE].view
    view.select_ids(view.quadrant_model().task_ids()[:2])
    _grab(view)
    first = view.indexAt(view.viewport().rect().topLeft())
    last = view.indexAt(view.viewport().rect().bottomLeft())
    painted = last.row() - first.row() + 1 if last.isValid() else CARDS
    assert painted >= 5, "the test needs several cards on screen"
    # The card bodies are kept per size and state (selected, focused, ...), never per card:
    # a pixmap per painted card (~70 KB each) was 2.7 MB of the app's peak.
    held = _pixmaps_held(view.card_painter)
    assert len(held) <= 4 < painted
    # Nor per width: a body is its two rounded ends, the straight part between is filled.
    assert sum(p.width() * p.height() * 4 for p in held) < 40_000


def test_a_card_paints_the_same_from_its_cached_plan_and_afresh(ctx, board) -> None:
    _seed(ctx, Quadrant.DO)
    board.refresh()
    view = board.panels[Quadrant.DO].view
    view.select_ids(view.quadrant_model().task_ids()[1:2])
    first = _grab(view)  # plans made
    again = _grab(view)  # plans reused
    view.card_painter.clear_cache()
    afresh = _grab(view)
    assert first == again == afresh
    assert not first.isNull()


def test_a_moved_card_is_painted_where_it_lands(ctx, board) -> None:
    ids = _seed(ctx, Quadrant.DO)
    board.refresh()
    view = board.panels[Quadrant.DO].view
    before = _grab(view)
    ctx.services.tasks.move([ids[0]], Quadrant.SCHEDULE)
    board.refresh()
    after = _grab(view)
    assert before != after  # the rows shifted up: the plans follow the cards, not the rows
    view.card_painter.clear_cache()
    assert _grab(view) == after
