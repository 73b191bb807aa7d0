"""The week view's user actions, as operations (ui/undo.py) on the one generic undo step.

A block action returns a ``BlockChange`` (the touched rows before and after, what the view
reports); the undo step records the rows by id like every other action, so ids stay stable for
the steps stacked after it. Series rows stored ahead later (``extend_series``) are handled by
the block service's replay hook.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...services.blocks import BlockChange
from ...services.calendar import CalendarRead, ImportResult
from ..undo import Operation

if TYPE_CHECKING:
    from ...services.container import Services
    from ..context import AppContext


class BlockChangeCommand(Operation):
    """One block action (a closure over the service call, dropped once it ran)."""

    def __init__(self, ctx: AppContext, text: str, action: Callable[[], BlockChange]) -> None:
        self.label = text
        self._action: Callable[[], BlockChange] | None = action
        self.change: BlockChange | None = None

    def perform(self, services: Services) -> object:
        action, self._action = self._action, None  # nothing of the first run is kept
        assert action is not None, "an action is performed once"
        self.change = action()
        return self.change


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
