"""Undo commands of the week view: every block action is one step on the shared stack.

A block action returns a ``BlockChange`` (the touched rows before and after). The first
``apply`` runs the service action; redo and undo then restore the recorded states, so ids
stay stable and commands further down the stack keep pointing at the right rows.
"""

from __future__ import annotations

from collections.abc import Callable

from ...services.blocks import BlockChange
from ...services.calendar import CalendarRead, ImportResult
from ..context import AppContext
from ..undo import ServiceCommand


class BlockChangeCommand(ServiceCommand):
    def __init__(self, ctx: AppContext, text: str, action: Callable[[], BlockChange]) -> None:
        super().__init__(text)
        self._ctx = ctx
        self._action: Callable[[], BlockChange] | None = action
        self.change: BlockChange | None = None

    def apply(self) -> None:
        if self.change is None:
            assert self._action is not None
            self.change = self._action()
            self._action = None  # nothing of the first run is kept but its result
        else:
            self._ctx.services.blocks.restore(self.change.after)

    def revert(self) -> None:
        assert self.change is not None
        self._ctx.services.blocks.restore(self.change.before)


class ImportCalendarCommand(BlockChangeCommand):
    """Importing an .ics file is one undoable step (all its meetings at once). Takes what
    ``CalendarExchangeService.read`` found (read off the GUI thread), or the file's bytes."""

    def __init__(self, ctx: AppContext, data: bytes | CalendarRead) -> None:
        self.result: ImportResult | None = None

        def run() -> BlockChange:
            if isinstance(data, CalendarRead):
                self.result = ctx.services.calendar.apply(data)
            else:
                self.result = ctx.services.calendar.import_ics(data)
            return self.result.change

        super().__init__(ctx, "Import calendar", run)
