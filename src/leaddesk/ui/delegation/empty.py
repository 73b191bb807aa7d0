"""The tracker's empty state ("Nothing delegated yet"), built only when a vault has no
delegation at all: most never show it, and it costs a tinted icon and a measured wrap."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from ..empty_state import EmptyState

EMPTY_TITLE = "Nothing delegated yet"
EMPTY_HINT = (
    "Move a task into the Delegate quadrant on the Matrix, start from a person's page, "
    "or press New delegation. Agree on the guidance and the check-ins; LeadDesk tells "
    "you when something needs attention."
)


def build_empty_state(on_new: Callable[[], object]) -> tuple[EmptyState, QPushButton]:
    """The empty state with its "New delegation…" button (``on_new`` when pressed)."""
    empty = EmptyState(EMPTY_TITLE, EMPTY_HINT, icon="area-delegations")
    hint = empty.hint_label
    hint.ensurePolished()  # the stylesheet's font size first, then measure the wrap
    hint.setMinimumHeight(hint.heightForWidth(hint.width()))
    button = QPushButton("New &delegation…")
    button.setAccessibleName("Create your first delegation")
    empty.layout().insertWidget(  # type: ignore[union-attr]
        empty.layout().count() - 1,  # type: ignore[union-attr]
        button,
        0,
        Qt.AlignmentFlag.AlignHCenter,
    )
    button.clicked.connect(on_new)
    return empty, button
