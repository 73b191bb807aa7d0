"""What the tracker's buttons and keys do to the selected delegation: new, edit, check in,
close with a debrief, reopen, snooze or wake. A mixin of ``DelegationArea`` (it needs the
area's ``ctx`` and ``current_row``), kept apart from building and loading the tracker.

Each dialog's module is imported when the dialog is first opened, not with the tracker
(issue 18: a session that only looks at the tracker never loads them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain import delegation_rules as rules
from .commands import reopen_command, snooze_command

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox

    from ...services.delegations import TrackerRow
    from ..context import AppContext


class TrackerActions:
    """The selected delegation's actions (see the module docstring)."""

    ctx: AppContext
    person_filter: QComboBox

    def current_row(self) -> TrackerRow | None:
        raise NotImplementedError

    def new_delegation(self) -> None:
        person_id = self.person_filter.currentData()
        if person_id is not None:
            from .create import offer_delegation_for_person

            offer_delegation_for_person(self.ctx, self, person_id)
        else:
            from .create import open_new_delegation

            open_new_delegation(self.ctx, self)

    def edit_current(self) -> None:
        row = self.current_row()
        if row is not None:
            from .create import edit_delegation

            edit_delegation(self.ctx, self, row.id)

    def check_in_current(self) -> None:
        row = self.current_row()
        if row is not None and row.delegation.status.is_open and row.is_open:
            from .checkin import open_check_in

            open_check_in(self.ctx, self, row.id)

    def close_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if row.delegation.status.is_open:
            from .debrief import open_debrief

            open_debrief(self.ctx, self, row.id)

    def reopen_current(self) -> None:
        row = self.current_row()
        if row is not None and not row.delegation.status.is_open:
            self.ctx.push(reopen_command(self.ctx, row.id))

    def snooze_current(self) -> None:
        row = self.current_row()
        if row is None or not row.is_open:
            return
        if rules.is_snoozed(row.delegation, self.ctx.clock.today()):
            self.ctx.push(snooze_command(self.ctx, row.id, None))  # wake it up again
        else:
            from .snooze import open_snooze

            open_snooze(self.ctx, self, row.id)
