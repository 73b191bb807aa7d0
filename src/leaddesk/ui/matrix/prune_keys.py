"""Pruning from the keyboard (the board and the review's prune step): E changes the
estimate, D defers the card.

"Does it fit? If not, remove or delegate" needs honest estimates and a way to say "not
this week". With a card selected on the board, E asks "How long?" (``45m``, ``1.5h``,
``2h``, ``90``; empty clears it) and D asks "Not before which day?" (``mon``, ``next tue``,
``+3d``, ``4 dec``; empty brings a deferred card back): a deferred card leaves the board
and the planning until that day. Each change is one undo step per card. A typo is refused
with a plain message and changes nothing. The prompts are ``ui/text_prompt.py``'s: a lock
while one is open applies the typed answer first (quietly), instead of dropping it; what is
typed is also a draft in the vault (forms ``estimate`` and ``defer``, of the first card
selected), at most two seconds behind, so a crash, or a lock that refused a typo, loses
nothing: the same key on the same card brings it back, saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ...domain.capacity import format_minutes
from ...domain.capture_parse import parse_day, parse_estimate
from ..text_prompt import ask_text
from .commands import EditTaskCommand
from .views import CardListView

if TYPE_CHECKING:
    from ..context import AppContext

Asker = Callable[[QWidget, str, str, str], "str | None"]  # parent, title, label, text


def _refuse(parent: QWidget, text: str) -> None:
    QMessageBox.information(parent, "LeadDesk", text)


class PruneKeys(QObject):
    """Installs E and D on every card list of a board widget, or on the ``views`` given
    (any list widget with ``selected_ids()``, e.g. the weekly review's prune step)."""

    def __init__(
        self, board: QWidget, ctx: AppContext, views: Sequence[QWidget] | None = None
    ) -> None:
        super().__init__(board)
        self.board = board
        self.ctx = ctx
        self.ask: Asker = self._ask  # replaceable for tests and scripting
        # What a lock applies the open prompt's typed answer with (while one is open).
        self._apply_on_lock: Callable[[str], object] | None = None
        self._draft: tuple[str, int] | None = None  # the open prompt's draft (form, task)
        self.refuse: Callable[[QWidget, str], None] = _refuse
        self.views: list[QWidget] = (
            list(views) if views is not None else list(board.findChildren(CardListView))
        )
        for view in self.views:
            view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in self.views and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)  # type: ignore[attr-defined]
            if plain and key == Qt.Key.Key_E:
                self.change_estimate(watched)
                return True
            if plain and key == Qt.Key.Key_D:
                self.defer(watched)
                return True
        return super().eventFilter(watched, event)

    def _selected(self, view: Any) -> list[int]:
        return list(view.selected_ids()) if self.ctx.is_unlocked else []

    def _ask(self, parent: QWidget, title: str, label: str, text: str) -> str | None:
        return ask_text(
            self.ctx,
            parent,
            title,
            label,
            self._apply_on_lock,
            text=text,
            empty_counts=True,
            draft=self._draft,  # crash-safe
        )

    def _ask_applying_on_lock(
        self,
        view: Any,
        title: str,
        label: str,
        text: str,
        apply: Callable[[str], object],
        draft: tuple[str, int],
    ) -> str | None:
        self._apply_on_lock = apply
        self._draft = draft
        try:
            return self.ask(view, title, label, text)
        finally:
            self._apply_on_lock = None
            self._draft = None

    def _push_each(self, ids: list[int], changes: dict[str, Any], *, quiet: bool = False) -> bool:
        tasks = self.ctx.services.tasks
        for task_id in ids:
            if not self.ctx.push(EditTaskCommand(tasks, task_id, changes), quiet=quiet):
                return False
        return True

    def change_estimate(self, view: Any) -> None:
        ids = self._selected(view)
        if not ids:
            return
        current = self.ctx.services.tasks.get(ids[0]).estimate_minutes
        text = self._ask_applying_on_lock(
            view,
            "Estimate",
            "How long? (e.g. 45m, 1.5h, 2h; empty: no estimate)",
            format_minutes(current).replace(" ", "") if current else "",
            lambda typed: self._set_estimate(view, ids, typed, quiet=True),
            ("estimate", ids[0]),
        )
        if text is not None:
            self._set_estimate(view, ids, text)

    def _set_estimate(self, view: Any, ids: list[int], text: str, *, quiet: bool = False) -> bool:
        """``quiet``: the vault is locking (no message box; a typo is not applied)."""
        minutes: int | None = None
        if text.strip():
            minutes = parse_estimate(text)
            if minutes is None:
                if not quiet:
                    self.refuse(
                        view, "That is not a length LeadDesk understands, e.g. 45m or 1.5h."
                    )
                return False
        return self._push_each(ids, {"estimate_minutes": minutes}, quiet=quiet)

    def defer(self, view: Any) -> None:
        ids = self._selected(view)
        if not ids:
            return
        text = self._ask_applying_on_lock(
            view,
            "Defer",
            "Not before which day? (e.g. mon, next tue, +3d, 4 dec; empty: not deferred)",
            "",
            lambda typed: self._set_defer(view, ids, typed, quiet=True),
            ("defer", ids[0]),
        )
        if text is not None:
            self._set_defer(view, ids, text)

    def _set_defer(self, view: Any, ids: list[int], text: str, *, quiet: bool = False) -> bool:
        day = None
        if text.strip():
            day = parse_day(text, self.ctx.clock.today())
            if day is None:
                if not quiet:
                    self.refuse(view, "That is not a day LeadDesk understands, e.g. mon or +3d.")
                return False
        return self._push_each(ids, {"not_before": day}, quiet=quiet)
