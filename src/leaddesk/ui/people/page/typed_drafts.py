"""What is typed on a person's page but not yet added stays with that person.

The person page is one set of widgets reused for every person. Its add lines (a new action
item and topic on the Brief tab, a new goal and next step on Growth) and the SBI feedback
form held their text when another person was opened: text about Ana then sat on Bo's page,
one click away from being recorded as Bo's. Now each tab's typed input is a form draft
(``ui/form_draft.py``) whose record is the person shown: kept in the vault at most 2 s
after the last edit even while typing goes on, and at once when another person is opened;
the fields are emptied for the next person and filled again when the first comes back,
also after a crash. Adding the record (Enter, the Record button, or the lock's own save)
empties the fields, and the draft goes with them.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtWidgets import QWidget

from ....domain.errors import LeadDeskError
from ...form_draft import FormDraft, Value

if TYPE_CHECKING:
    from ...context import AppContext
    from .feedback_tab import FeedbackTab

log = logging.getLogger(__name__)


class TypedInput(FormDraft):
    """One tab's typed input, kept as the draft ``form`` of the person shown (its record
    id; None while no person is shown, when nothing is written)."""

    def __init__(self, ctx: AppContext, form: str, fields: dict[str, QWidget], parent: QWidget):
        super().__init__(ctx, form, None, fields, parent)

    def _on_field_changed(self, *args: object) -> None:
        if self.record_id is not None:
            super()._on_field_changed(*args)

    def write(self) -> None:
        if self.record_id is not None:
            super().write()

    def clear(self) -> None:
        """Empty the fields for the next person (no draft is written for it)."""
        self.apply(self.initial)

    def leave(self) -> None:
        """Another person is opened (or the vault locks): keep this person's input now."""
        self.autosave.stop()
        self.write()
        self.record_id = None
        self.stored = False

    def enter(self, person_id: int, values: dict[str, Value] | None) -> None:
        """``person_id`` is shown, its fields empty: fill them with ``values``, what was
        typed for them (their draft of this form, read by :func:`enter_all`)."""
        self.record_id = person_id
        if values:
            self.apply(values)
            self.stored = True

    def stop(self) -> None:
        """The vault closed: nothing more to write (the fields are emptied by the lock)."""
        self.autosave.stop()
        self.record_id = None
        self.stored = False


class FeedbackInput(TypedInput):
    """The SBI form, read and filled through its tab: while the privacy screen hides the
    form, its text is kept aside by the tab, and that text is the draft, not the dots."""

    def __init__(self, ctx: AppContext, tab: FeedbackTab) -> None:
        super().__init__(ctx, "person-feedback", dict(tab.fb_fields), tab)

    @property
    def tab(self) -> FeedbackTab:
        return cast("FeedbackTab", self.parent())

    def values(self) -> dict[str, Value]:
        return dict(self.tab.typed_values())

    def apply(self, values: dict[str, Value]) -> None:
        self._applying = True
        try:
            self.tab.fill_typed({key: str(value or "") for key, value in values.items()})
        finally:
            self._applying = False

    def clear(self) -> None:
        self._applying = True
        try:
            self.tab.clear_typed()
        finally:
            self._applying = False


def enter_all(typed: list[TypedInput], ctx: AppContext, person_id: int) -> None:
    """``person_id`` is shown: every tab's draft read at once and filled in."""
    found: dict[str, Any] = {}
    try:
        found = ctx.services.drafts.find_each([t.form for t in typed], person_id)
    except LeadDeskError as exc:
        log.info("typed input not read: %s", type(exc).__name__)
    for one in typed:
        one.enter(person_id, found.get(one.form))
