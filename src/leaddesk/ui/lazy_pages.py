"""Pages of a stacked widget made the first time they are needed, not with their area.

A page nobody opens costs nothing: the review's five steps and its insights, or the person
page behind the people list, are hundreds of widgets (each a few KiB of Qt and stylesheet
data) that a session may never show (issue 18, peak memory). The stack holds an empty
placeholder at the page's index until then, so indexes, the navigation list and the
current page stay as they were.

A widget made after its window joins the window's keyboard order at the very end (Qt
appends it), which would send Tab from a step's list to the Back button before the step's
own fields. :func:`put_in_place` therefore moves the page's widgets (every one: a widget that
is no keyboard stop can be focused by code) to where the placeholder was in the focus
chain, as if the page had been built with its area.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QSplitter, QStackedWidget, QWidget


def placeholder() -> QWidget:
    """An empty stand-in for a page not built yet (never a keyboard stop)."""
    widget = QWidget()
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return widget


def put_in_place(stack: QStackedWidget, index: int, page: QWidget) -> None:
    """Replace the placeholder at ``index`` of ``stack`` with ``page``, in the keyboard
    order where the placeholder stood."""
    old = stack.widget(index)
    current = stack.currentIndex()
    before = old.previousInFocusChain()  # the placeholder's place in the chain
    stack.insertWidget(index, page)
    stack.removeWidget(old)
    if current == index:
        stack.setCurrentIndex(index)
    if before is not old and before is not old.window():
        _move_after(before, _subtree_in_focus_order(page))
    old.deleteLater()


def put_in_place_of(old: QWidget, widget: QWidget) -> None:
    """Replace the placeholder ``old`` (a splitter's widget or an item of its parent's
    layout) with ``widget``: the same place, the same shown or hidden state, and the same
    place in the keyboard order (a panel made when first shown, e.g. the week's capacity
    panel)."""
    before = old.previousInFocusChain()
    parent = old.parentWidget()
    if isinstance(parent, QSplitter):
        parent.replaceWidget(parent.indexOf(old), widget)  # keeps the size and hidden state
    else:
        layout = parent.layout() if parent is not None else None
        assert isinstance(layout, QLayout), "the placeholder is in no layout"
        hidden = old.isHidden()
        layout.replaceWidget(old, widget)
        widget.setHidden(hidden)
        old.setParent(None)  # out of the window's focus chain now, as a splitter does
    if before is not old and before is not old.window():
        _move_after(before, _subtree_in_focus_order(widget))
    old.deleteLater()


def _move_after(anchor: QWidget, block: list[QWidget]) -> None:
    """Put ``block`` (a page and its descendants, in their own order) right after
    ``anchor`` in the focus chain.

    Every widget moves, keyboard stop or not: a widget that is no stop can still be given
    the focus by code (a panel focused while it shows), and where the focus goes when it
    hides is the next stop after it in the chain. ``QWidget.setTabOrder`` ignores widgets
    without a focus policy, so those (``anchor`` too) get one for the move and their own
    back after it (setting a policy passes it on to a focus proxy: restored the same
    way)."""
    moved = [anchor, *block]
    saved = {widget: widget.focusPolicy() for widget in moved}
    no_focus = Qt.FocusPolicy.NoFocus
    try:
        for widget in moved:
            if saved[widget] == no_focus:
                widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        previous = anchor
        for widget in block:
            QWidget.setTabOrder(previous, widget)
            previous = widget
    finally:
        for _ in range(4):  # a proxy set by its widget's restore is put right next time
            wrong = [w for w in moved if w.focusPolicy() != saved[w]]
            if not wrong:
                break
            for widget in wrong:
                widget.setFocusPolicy(saved[widget])


def _subtree_in_focus_order(page: QWidget) -> list[QWidget]:
    """``page`` and its descendants, in the order of the focus chain (Qt keeps a widget
    made outside a window, with its children, together in the chain)."""
    widgets = [page]
    current = page.nextInFocusChain()
    while current is not None and current is not page and page.isAncestorOf(current):
        widgets.append(current)
        current = current.nextInFocusChain()
    return widgets
