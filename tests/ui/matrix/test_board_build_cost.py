"""Building the board does no per-card work in Python that Qt can do itself, and moves no
widget subtree between parents (issue 18: the board build's share of its floor).

Counted, not timed: calls into Python while a 2,000-card list lays itself out, and widgets
that are re-parented after they were made.
"""

from __future__ import annotations

import sys
from collections import Counter

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from leaddesk.domain.model import Quadrant
from leaddesk.services.tasks import BoardCard
from leaddesk.ui.matrix import model as model_module
from leaddesk.ui.matrix.model import BoardLookups, QuadrantModel
from leaddesk.ui.matrix.views import CardListView

CARDS = 2000


def _cards(count: int, quadrant: Quadrant = Quadrant.DO, first_id: int = 1) -> list[BoardCard]:
    return [
        BoardCard(first_id + n, f"Card {n}", quadrant, float(n), None, None, None, "", None, False)
        for n in range(count)
    ]


def _python_calls_into(module_file: str, action) -> Counter[str]:  # type: ignore[no-untyped-def]
    """Python functions of ``module_file`` entered while ``action`` runs (Qt's calls too)."""
    seen: Counter[str] = Counter()

    def profile(frame, event, _arg):  # type: ignore[no-untyped-def]
        if event == "call" and frame.f_code.co_filename == module_file:
            seen[frame.f_code.co_name] += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return seen


def test_laying_out_two_thousand_cards_calls_python_only_for_the_cards_painted(qtbot) -> None:
    model = QuadrantModel(Quadrant.DO, lambda: None, lambda _op: True)  # type: ignore[arg-type,return-value]
    model.set_cards(_cards(CARDS), BoardLookups())
    view = CardListView(model)
    qtbot.addWidget(view)
    view.resize(400, 600)

    def show_and_paint() -> None:
        view.show()
        view.resize(420, 620)  # a second layout, as the board's splitter gives
        QApplication.processEvents()
        view.viewport().repaint()

    calls = _python_calls_into(model_module.__file__, show_and_paint)
    # Qt asked for an index of every row on each layout: with the row count answered in
    # Python that was a call per card per layout (4,000 here). Now only the ~10 cards on
    # screen reach Python (their data and flags).
    assert sum(calls.values()) < 200, calls
    assert view.indexAt(view.viewport().rect().topLeft()).row() == 0
    assert model.rowCount() == CARDS


def test_the_row_count_follows_the_cards_through_every_kind_of_change(qtmodeltester) -> None:
    model = QuadrantModel(Quadrant.DO, lambda: None, lambda _op: True)  # type: ignore[arg-type,return-value]
    qtmodeltester.check(model)
    lookups = BoardLookups()
    cards = _cards(50)
    assert model.set_cards(cards, lookups)
    assert model.rowCount() == 50
    # a stretch removed, then one inserted (the patch path, not a reset)
    fewer = cards[:10] + cards[13:]
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    assert model.set_cards(fewer, lookups)
    assert model.rowCount() == 47 and model.task_ids() == [c.id for c in fewer]
    more = fewer[:5] + _cards(2, first_id=900) + fewer[5:]
    assert model.set_cards(more, lookups)
    assert model.rowCount() == 49
    assert [model.index(r, 0).data(model_module.CARD_ROLE).id for r in range(49)] == [
        c.id for c in more
    ]
    assert resets == []
    # new lookups: a reset
    assert model.set_cards(cards, BoardLookups(today=None, booked_ids=frozenset({1})))
    assert resets == [1] and model.rowCount() == 50
    model.clear()
    assert model.rowCount() == 0 and model.task_ids() == []
    qtmodeltester.check(model)


def test_nobody_else_can_change_the_rows(qtbot) -> None:
    """A drag that ends as a move asks the source model to remove its rows, an editor may
    write them: the cards come from the vault only, so the model refuses, as before."""
    model = QuadrantModel(Quadrant.DO, lambda: None, lambda _op: True)  # type: ignore[arg-type,return-value]
    model.set_cards(_cards(5), BoardLookups())
    index = model.index(1, 0)
    assert not model.removeRows(0, 2)
    assert not model.insertRows(0, 2)
    assert not model.setData(index, "typed", Qt.ItemDataRole.EditRole)
    assert not model.setItemData(index, {0: "typed"})
    assert not model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 4)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 5 and model.task_ids() == [1, 2, 3, 4, 5]
    assert index.data() == "Card 1"
    assert model.itemData(index)[Qt.ItemDataRole.DisplayRole] == "Card 1"
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable


class _ParentChanges(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen: Counter[int] = Counter()
        self.names: dict[int, str] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange and isinstance(watched, QWidget):
            key = shiboken6.getCppPointer(watched)[0]  # a wrapper's id() can be reused
            self.seen[key] += 1
            parent = watched.parent()
            self.names[key] = f"{type(watched).__name__} in {type(parent).__name__}"
        return False


def test_building_the_board_moves_no_widget_to_another_parent(ctx, qtbot) -> None:
    """Each widget is made inside its final parent. A widget made in one parent and then
    added to a layout or splitter of another is re-parented, and Qt walks its whole subtree
    again (font, palette, style): ~5 ms of the board's build, mostly the splitter's."""
    from leaddesk.ui.matrix.area import MatrixArea

    changes = _ParentChanges()
    app = QApplication.instance()
    app.installEventFilter(changes)
    try:
        area = MatrixArea(ctx)
    finally:
        app.removeEventFilter(changes)
    qtbot.addWidget(area)
    moved = sorted(changes.names[k] for k, n in changes.seen.items() if n > 1)
    assert moved == [], "\n".join(moved)
    # and the board is laid out as before: Inbox, the grid, the (hidden) lists, which are
    # made the first time they are wanted
    splitter = area.splitter
    assert splitter.count() == 2 and area._lists_panel is None
    assert splitter.widget(0) is area.panels[Quadrant.INBOX]
    lists = area.lists_panel
    assert splitter.count() == 3 and splitter.widget(2) is lists and lists.isHidden()
    assert all(
        area.panels[q].parent() is splitter.widget(1) for q in Quadrant if q is not Quadrant.INBOX
    )


def test_the_lists_made_later_follow_the_privacy_screen(ctx, qtbot) -> None:
    """The Done / Let-go lists are made when first wanted; made under the privacy screen
    they hide titles at once, and follow it on and off from then on."""
    from leaddesk.ui.matrix.area import MatrixArea

    area = MatrixArea(ctx)
    qtbot.addWidget(area)
    ctx.set_privacy_screen(True)
    assert area._lists_panel is None  # the screen's change made no lists
    panel = area.lists_panel
    assert panel.done_model.private and panel.let_go_model.private
    ctx.set_privacy_screen(False)
    assert not panel.done_model.private and not panel.let_go_model.private


def test_quadrant_titles_are_plain_bold_text(ctx, qtbot) -> None:
    """A title in "<b>…</b>" made each a rich-text label, sized and painted through a text
    document; plain text in a bold font paints the same pixels for a fraction of it."""
    from PySide6.QtGui import Qt as QtGui

    from leaddesk.ui.matrix.area import MatrixArea

    area = MatrixArea(ctx)
    qtbot.addWidget(area)
    for quadrant, panel in area.panels.items():
        label = panel.title_label
        assert label.text() == quadrant.label
        assert not QtGui.mightBeRichText(label.text()) and label.font().bold()
        assert label.textFormat() != Qt.TextFormat.RichText


def test_the_boards_painters_share_one_look_per_size(ctx, qtbot) -> None:
    """A look (fonts, metrics, colours) is made once per size, palette and font for the
    whole board: the four quadrants have one size, the Inbox another."""
    from leaddesk.ui.matrix.area import MatrixArea

    for n in range(10):
        ctx.services.tasks.capture(f"Card {n}", quadrant=list(Quadrant)[n % 5])
    area = MatrixArea(ctx)
    qtbot.addWidget(area)
    area.resize(1400, 900)
    area.show()
    qtbot.waitExposed(area)
    area.refresh()
    QApplication.processEvents()  # the lists lay out their rows
    for panel in area.panels.values():
        panel.view.viewport().repaint()
    painters = [area.panels[q].view.card_painter for q in Quadrant]
    looks = painters[0]._looks
    assert all(p._looks is looks for p in painters)
    assert 1 <= len(looks) <= 2
