"""What is typed on a person's page but not yet added stays with that person.

The person page is one set of widgets reused for every person. Its add lines (a new action
item and topic on the Brief tab, a new goal and next step on Growth) and the SBI feedback
form held their text when another person was opened: text about Ana then sat on Bo's page,
one click away from being recorded as Bo's. Now each tab's typed input is kept per person
as a draft in the vault (``services/drafts.py``, encrypted, no undo step, no change
notice): written at most 2 s after the last edit even while typing goes on, and at once
when another person is opened; the fields are emptied for the next person and filled again
when the first comes back, also after a crash. Adding the record (Enter, the Record button,
or the lock's own save) empties the fields, and the draft goes with them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLineEdit

from ....domain.errors import LeadDeskError
from ...autosave import Autosave

if TYPE_CHECKING:
    from ...context import AppContext

log = logging.getLogger(__name__)

Values = dict[str, str]


class TypedInput(QObject):
    """One tab's typed input, kept as the draft ``form`` of the person shown."""

    def __init__(
        self,
        ctx: AppContext,
        form: str,
        read: Callable[[], Values],
        fill: Callable[[Values], None],
        clear: Callable[[], None],
        changed: list[Any],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form = form
        self._read = read
        self._fill = fill
        self.clear = clear  # empty the fields (another person is opened)
        self.person_id: int | None = None
        self.stored = False  # a draft of this person's input is in the vault
        self._filling = False
        self.autosave = Autosave(self.write, self)
        for signal in changed:
            signal.connect(self._on_changed)

    def _on_changed(self, *_: object) -> None:
        if self.person_id is not None and not self._filling:
            self.autosave.touch()

    def _quietly(self, action: Callable[[], object]) -> bool:
        if self.person_id is None or not self.ctx.is_unlocked:
            return False
        try:
            action()
        except LeadDeskError as exc:  # the text stays in the fields; logged by type only
            log.info("typed input not kept: %s", type(exc).__name__)
            return False
        return True

    def write(self) -> None:
        """Keep what is typed (or drop the draft once the fields are empty)."""
        self.autosave.stop()
        values = self._read()
        drafts = self.ctx.services.drafts if self.ctx.is_unlocked else None
        if drafts is None or self.person_id is None:
            return
        person = self.person_id
        if any(text.strip() for text in values.values()):
            if self._quietly(lambda: drafts.keep(self.form, values, person)):
                self.stored = True
        elif self.stored and self._quietly(lambda: drafts.drop(self.form, person)):
            self.stored = False

    def leave(self) -> None:
        """Another person is opened (or the vault locks): keep this person's input now."""
        if self.person_id is not None:
            self.write()
        self.person_id = None
        self.stored = False

    def enter(self, person_id: int, values: dict[str, Any] | None) -> None:
        """``person_id`` is shown, its fields empty: fill them with ``values``, what was
        typed for them (their draft of this form, read by :func:`enter_all`)."""
        self.person_id = person_id
        if not values:
            return
        self._filling = True
        try:
            self._fill({key: str(value or "") for key, value in values.items()})
        finally:
            self._filling = False
        self.stored = True

    def stop(self) -> None:
        """The vault closed: nothing more to write."""
        self.autosave.stop()
        self.person_id = None
        self.stored = False


def for_lines(
    ctx: AppContext, form: str, lines: dict[str, QLineEdit], parent: QObject
) -> TypedInput:
    """The typed input of a tab's add lines, by field name."""

    def fill(values: Values) -> None:
        for name, line in lines.items():
            line.setText(values.get(name, ""))

    def clear() -> None:
        for line in lines.values():
            line.clear()

    return TypedInput(
        ctx,
        form,
        lambda: {name: line.text() for name, line in lines.items()},
        fill,
        clear,
        [line.textChanged for line in lines.values()],
        parent,
    )


def enter_all(typed: list[TypedInput], ctx: AppContext, person_id: int) -> None:
    """``person_id`` is shown: every tab's draft read at once and filled in."""
    found: dict[str, Any] = {}
    try:
        found = ctx.services.drafts.find_each([t.form for t in typed], person_id)
    except LeadDeskError as exc:
        log.info("typed input not read: %s", type(exc).__name__)
    for one in typed:
        one.enter(person_id, found.get(one.form))
