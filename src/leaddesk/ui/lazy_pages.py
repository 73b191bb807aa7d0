"""Pages of a stacked widget made the first time they are needed, not with their area.

A page nobody opens costs nothing: the review's five steps and its insights, or the person
page behind the people list, are hundreds of widgets (each a few KiB of Qt and stylesheet
data) that a session may never show (issue 18, peak memory). The stack holds an empty
placeholder at the page's index until then, so indexes, the navigation list and the
current page stay as they were.

A widget made after its window joins the window's keyboard order at the very end (Qt
appends it), which would send Tab from a step's list to the Back button before the step's
own fields. :func:`put_in_place` therefore moves the page's keyboard stops to where the
placeholder was, as if the page had been built with its area.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStackedWidget, QWidget


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
    anchor = _focus_stop_before(old)
    stack.insertWidget(index, page)
    stack.removeWidget(old)
    if current == index:
        stack.setCurrentIndex(index)
    if anchor is not None:
        previous = anchor
        for widget in _focus_stops(page):
            QWidget.setTabOrder(previous, widget)
            previous = widget
    old.deleteLater()


def _focus_stop_before(widget: QWidget) -> QWidget | None:
    """The nearest widget before ``widget`` in its window's focus chain that takes focus."""
    window = widget.window()
    current = widget.previousInFocusChain()
    while current is not None and current is not widget and current is not window:
        if current.focusPolicy() != Qt.FocusPolicy.NoFocus:
            return current
        current = current.previousInFocusChain()
    return None


def _focus_stops(page: QWidget) -> list[QWidget]:
    """``page`` and its descendants that take focus, in the page's own focus order."""
    stops = [page] if page.focusPolicy() != Qt.FocusPolicy.NoFocus else []
    current = page.nextInFocusChain()
    while current is not None and current is not page and page.isAncestorOf(current):
        if current.focusPolicy() != Qt.FocusPolicy.NoFocus:
            stops.append(current)
        current = current.nextInFocusChain()
    return stops
