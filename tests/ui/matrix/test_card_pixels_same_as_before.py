"""Board cards are painted from what every card of a size and look shares (colours, fonts,
metrics: made once, not per card) and drawn in card coordinates under one translation
(issue 18: the board build); what they paint is the same, pixel for pixel, as the painter
before (``old_card_painter.py``): every kind of fact and tag, initials or requester, a
right-to-left title, long titles wrapped and elided, selected and focused cards, the
privacy screen, the light and the dark palette."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from leaddesk.domain.model import Quadrant
from leaddesk.services.tasks import BoardCard
from leaddesk.ui import theme
from leaddesk.ui.matrix.model import BoardLookups, QuadrantModel
from leaddesk.ui.matrix.views import CardListView

from .old_card_painter import CardPainter as OldCardPainter

TODAY = date(2026, 11, 18)


def _cards() -> list[BoardCard]:
    long = "Prepare the quarterly architecture review with every team's open questions " * 3
    rows = [
        ("Short", None, None, None, "", None, False),
        ("Overdue, estimated", 90, TODAY - timedelta(days=3), None, "", 1, False),
        ("Due tomorrow, answer today", 30, TODAY + timedelta(days=1), TODAY, "Ops", None, False),
        (
            "Due later; from someone",
            15,
            TODAY + timedelta(days=20),
            None,
            "Dana from Sales",
            None,
            True,
        ),
        (long, 240, None, TODAY + timedelta(days=9), "", 2, False),
        ("Delegated and booked", 60, None, None, "", 1, False),
        ("תכנון הרבעון עם הצוות", None, TODAY, None, "", None, False),
        ("Line one\nline two\tand   spaces", 5, None, None, "Requester", 2, True),
        (
            "Emoji 🚀 in the title of a card that is long enough to wrap onto a second line",
            None,
            None,
            None,
            "",
            None,
            False,
        ),
    ]
    return [
        BoardCard(n + 1, title, Quadrant.DO, float(n), est, due, needed, req, person, only)
        for n, (title, est, due, needed, req, person, only) in enumerate(rows)
    ]


def _lookups() -> BoardLookups:
    return BoardLookups(
        {1: ("AN", "Ana"), 2: ("BO", "Bo")},
        delegated_ids=frozenset({6, 2}),
        booked_ids=frozenset({6, 4}),
        today=TODAY,
    )


def _view(qtbot, painter_class, scheme: str, private: bool, width: int):  # type: ignore[no-untyped-def]
    model = QuadrantModel(Quadrant.DO, lambda: None, lambda _op: True)  # type: ignore[arg-type,return-value]
    model.set_cards(_cards(), _lookups())
    model.private = private
    view = CardListView(model)
    if painter_class is not None:
        view.card_painter = painter_class(view)
        view.setItemDelegate(view.card_painter)
    view.card_painter.today = TODAY
    view.card_painter.private = private
    view.setPalette(theme.build_palette(theme.colors_for(scheme)))
    qtbot.addWidget(view)
    view.resize(width, 9 * 66 + 10)
    view.show()
    QApplication.processEvents()
    view.select_ids([2, 6])
    view.setFocus()
    QApplication.processEvents()
    return view


def _grab(view) -> QImage:  # type: ignore[no-untyped-def]
    return view.viewport().grab().toImage()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("private", [False, True])
@pytest.mark.parametrize("width", [420, 260, 150])
def test_cards_paint_as_before(qtbot, scheme: str, private: bool, width: int) -> None:
    new = _view(qtbot, None, scheme, private, width)
    old = _view(qtbot, OldCardPainter, scheme, private, width)
    assert type(new.card_painter) is not type(old.card_painter)
    first = _grab(new)
    assert first == _grab(old)
    assert _grab(new) == first  # painted again from the kept plans and look
