"""Issue 15: under the privacy screen nothing that names a colleague or holds free text
shows in the matrix or the delegation tracker: not on a card, in a list, a tooltip, an
accessible text, a combo box, a label, the window title or the status bar.

Matrix cards and delegation titles used to show ("Find a mentor for Lena"). A marker is put
into every title and name; the areas are viewed with the screen on; the marker must be
nowhere on screen, including the painted pixels' source (the card delegate's text).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QLabel, QWidget

from leaddesk.domain.model import Quadrant

MARK = "Lenamark"
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.StatusTipRole,
)


def _shown_hits(root: QWidget) -> list[str]:
    """Every text a user could see (or hover) in ``root`` that holds the marker."""
    hits = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root.window()) and widget is not root:
            continue
        name = f"{type(widget).__name__}({widget.objectName() or widget.accessibleName()})"
        texts = [widget.toolTip(), widget.windowTitle(), widget.accessibleDescription()]
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            try:
                columns = max(model.columnCount(QModelIndex()), 1)
            except TypeError:  # a list model's columnCount is private in PySide
                columns = 1
            for row in range(model.rowCount(QModelIndex())):
                for column in range(columns):
                    index = model.index(row, column)
                    texts += [str(index.data(role) or "") for role in ROLES]
        hits += [name for text in texts if MARK in (text or "")]
    return hits


def _seed(ctx) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    services = ctx.services
    person = services.people.add(f"Lena {MARK}")
    card = services.tasks.capture(f"Find a mentor for {MARK}", requester=f"Bo {MARK}")
    services.tasks.capture(f"Review {MARK} design", quadrant=Quadrant.DO, person_id=person.id)
    handed = services.tasks.capture(f"Write {MARK} notes")
    services.delegations.create(handed.id, person.id, expected_outcome=f"{MARK} done")
    return person.id, card.id


def test_the_matrix_shows_no_title_or_name_under_the_privacy_screen(ctx, make_window) -> None:
    _person_id, card_id = _seed(ctx)
    window = make_window()
    window.show_area("matrix")
    area = window.areas["matrix"]
    assert _shown_hits(area), "the probe sees the marker with the screen off"
    ctx.set_privacy_screen(True)
    QApplication.processEvents()
    assert _shown_hits(area) == []
    view = area.panels[Quadrant.INBOX].view
    mime = view.model().mimeData([view.model().index(0, 0)])
    assert MARK not in mime.text()
    # what the delegate paints: the hidden text, never the title
    assert view.card_painter.private
    image = view.viewport().grab().toImage()
    assert not image.isNull()
    view.select_ids([card_id])
    assert area.complete_selected(view)
    assert MARK not in window.windowTitle()
    assert MARK not in window.statusBar().currentMessage()
    assert MARK not in window.undo_toast.text()
    ctx.set_privacy_screen(False)
    assert _shown_hits(area), "titles come back when the screen is off"


def test_a_matrix_built_under_the_privacy_screen_starts_hidden(ctx, make_window) -> None:
    _seed(ctx)
    ctx.set_privacy_screen(True)
    window = make_window()
    window.show_area("matrix")
    assert _shown_hits(window.areas["matrix"]) == []


def test_the_delegation_tracker_shows_no_title_or_name(ctx, make_window) -> None:
    _seed(ctx)
    window = make_window()
    window.show_area("delegations")
    area = window.areas["delegations"]
    area.refresh()
    assert _shown_hits(area), "the probe sees the marker with the screen off"
    ctx.set_privacy_screen(True)
    QApplication.processEvents()
    assert _shown_hits(area) == []
    ctx.set_privacy_screen(False)
    assert _shown_hits(area)


def test_a_tracker_built_under_the_privacy_screen_starts_hidden(ctx, make_window) -> None:
    _seed(ctx)
    ctx.set_privacy_screen(True)
    window = make_window()
    window.show_area("delegations")
    window.areas["delegations"].refresh()
    assert _shown_hits(window.areas["delegations"]) == []


def test_no_area_names_a_colleague_or_shows_a_title(ctx, make_window) -> None:
    from leaddesk.ui.area import AREAS

    person_id, _card_id = _seed(ctx)
    window = make_window()
    ctx.set_privacy_screen(True)
    for spec in AREAS:
        window.show_area(spec.key)
        area = window.areas[spec.key]
        area.refresh()
        QApplication.processEvents()
        assert _shown_hits(area) == [], spec.key
    people = window.areas["people"]
    window.show_area("people")
    people.open_person(person_id)
    QApplication.processEvents()
    assert _shown_hits(people) == [], "person page"
    assert MARK not in window.windowTitle()
