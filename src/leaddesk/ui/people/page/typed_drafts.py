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

Text back because the user came back to a person within the session reads naturally and
needs no word. Text back from an earlier session (after a crash, or a lock that could not
add it) is new to the eye: the page then shows one line saying so (:class:`RestoredNotice`,
the dialogs' "DraftNotice" look), with the tabs it is on and whether a lock or a crash left
it, and a Dismiss button. Each input knows the people whose draft it kept in this session
(:attr:`TypedInput.left_ids`: ids only, no text); at a lock those drafts are marked as kept
by the lock, as is the current person's.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ....domain.errors import LeadDeskError
from ...form_draft import FormDraft, Value, restored_text

if TYPE_CHECKING:
    from ...context import AppContext
    from .feedback_tab import FeedbackTab

log = logging.getLogger(__name__)


class TypedInput(FormDraft):
    """One tab's typed input, kept as the draft ``form`` of the person shown (its record
    id; None while no person is shown, when nothing is written)."""

    def __init__(self, ctx: AppContext, form: str, fields: dict[str, QWidget], parent: QWidget):
        super().__init__(ctx, form, None, fields, parent)
        self.left_ids: set[int] = set()  # people whose draft it kept in this session

    def _on_field_changed(self, *args: object) -> None:
        if self.record_id is not None:
            super()._on_field_changed(*args)

    def write(self, *, at_lock: bool = False) -> None:
        if self.record_id is not None:
            super().write(at_lock=at_lock)

    def clear(self) -> None:
        """Empty the fields for the next person (no draft is written for it)."""
        self.apply(self.initial)

    def leave(self) -> None:
        """Another person is opened (or the vault locks): keep this person's input now."""
        self.autosave.stop()
        self.write()
        if self.record_id is not None:
            if self.stored:
                self.left_ids.add(self.record_id)
            else:
                self.left_ids.discard(self.record_id)
        self.record_id = None
        self.stored = False

    def enter(self, person_id: int, values: dict[str, Value] | None) -> bool:
        """``person_id`` is shown, its fields empty: fill them with ``values``, what was
        typed for them (their draft of this form, read by :func:`enter_all`). True when
        that text comes from an earlier session (a crash or a lock left it)."""
        self.record_id = person_id
        if not values:
            return False
        self.apply(values)
        self.stored = True
        return person_id not in self.left_ids

    def mark_left_at_lock(self) -> None:
        """The vault is locking: the drafts kept in this session for people no longer
        shown now say a lock kept them (the current person's is written at the lock)."""
        ids = sorted(self.left_ids - {self.record_id} if self.record_id else self.left_ids)
        if ids and self.ctx.is_unlocked:
            drafts = self.ctx.services.drafts
            self._quietly(lambda: drafts.mark_kept_at_lock(self.form, ids))

    def stop(self) -> None:
        """The vault closed: nothing more to write (the fields are emptied by the lock)."""
        self.autosave.stop()
        self.record_id = None
        self.stored = False
        self.left_ids.clear()  # the next session's text back is restored, not switched to


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


def enter_all(typed: list[TypedInput], ctx: AppContext, person_id: int) -> str:
    """``person_id`` is shown: every tab's draft read at once and filled in. Returns the
    line saying what came back from an earlier session, or "" (nothing, or only text kept
    when another person was opened in this session)."""
    found: dict[str, Any] = {}
    try:
        found = ctx.services.drafts.find_each_kept([t.form for t in typed], person_id)
    except LeadDeskError as exc:
        log.info("typed input not read: %s", type(exc).__name__)
    restored: list[str] = []
    at_lock = True
    for one in typed:
        kept = found.get(one.form)
        if one.enter(person_id, kept.fields if kept is not None else None):
            restored.append(one.form)
            at_lock = at_lock and kept is not None and kept.at_lock
    return restored_line(restored, at_lock) if restored else ""


TAB_NAMES = {"person-brief": "Brief", "person-feedback": "Feedback", "person-growth": "Growth"}


def restored_line(forms: list[str], at_lock: bool) -> str:
    """ "Restored what you typed before LeadDesk closed (Feedback tab)." and the like."""
    tabs = [TAB_NAMES.get(form, form) for form in forms]
    where = tabs[0] if len(tabs) == 1 else ", ".join(tabs[:-1]) + " and " + tabs[-1]
    noun = "tab" if len(tabs) == 1 else "tabs"
    return f"{restored_text(at_lock).rstrip('.')} ({where} {noun})."


class RestoredNotice(QWidget):
    """One line on the person page: typed text came back from an earlier session. Hidden
    until :meth:`show_line`; Dismiss (or opening another person, or a lock) hides it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DraftBanner")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 2)  # beside the tabs: clear of the tab pane's edge
        self.label = QLabel()
        self.label.setObjectName("DraftNotice")  # the dialogs' restored-draft look
        self.label.setStyleSheet("padding: 2px 10px;")  # as high as the tabs beside it
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setAccessibleName("Dismiss the restored-text notice")
        self.dismiss_button.setToolTip("Hide this notice (the restored text stays)")
        self.dismiss_button.clicked.connect(self.dismiss)
        row.addWidget(self.label, 1)
        row.addWidget(self.dismiss_button)
        self.hide()

    def show_line(self, line: str) -> None:
        """Show ``line`` ("" hides the notice)."""
        self.label.setText(line)
        self.label.setAccessibleName(line)
        self.setVisible(bool(line))

    def dismiss(self) -> None:
        """Hide the notice (the restored text stays in its fields)."""
        self.show_line("")
