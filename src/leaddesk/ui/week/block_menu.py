"""The week area's block actions that need no editor: the block's context menu (edit, the
outcomes, "overran – push later", delete), recording an outcome (a derailed block asks
why), pushing later blocks back, deleting. A mixin of ``WeekArea`` (``ui/week/area.py``),
which provides the context, the block look-up, the scope question and the undo push."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu, QWidget

from ...domain.block_edit import overrun_default_end
from ...domain.model import BlockOutcome, TimeBlock
from ...services.blocks import BlockChange, Scope
from ..text_prompt import ask_text
from .editor import OverrunDialog

if TYPE_CHECKING:
    from ..context import AppContext

OUTCOME_ACTIONS = (
    (BlockOutcome.DONE, "Mark done"),
    (BlockOutcome.PARTLY_DONE, "Mark partly done"),
    (BlockOutcome.SKIPPED, "Mark skipped"),
    (BlockOutcome.DERAILED, "Mark derailed…"),
    (BlockOutcome.PLANNED, "Clear outcome"),
)


class BlockMenuActions:
    """Block actions of ``WeekArea`` (see the module docstring)."""

    if TYPE_CHECKING:
        ctx: AppContext
        reason_asker: Callable[[QWidget], str | None]
        _reason_block: int | None

        @property
        def tz(self) -> tzinfo: ...

        def _block(self, block_id: int) -> TimeBlock | None: ...
        def _scope_for(self, block: TimeBlock, verb: str) -> Scope | None: ...
        def _push(self, text: str, action: Callable[[], BlockChange]) -> bool: ...
        def edit_block(self, block_id: int) -> None: ...

    def delete_block(self, block_id: int) -> None:
        block = self._block(block_id)
        if block is None:
            return
        scope = self._scope_for(block, "Delete")
        if scope is None:
            return
        blocks = self.ctx.services.blocks
        self._push("Delete block", lambda: blocks.delete(block_id, scope))

    def set_outcome(self, block_id: int, outcome: BlockOutcome) -> None:
        reason = ""
        if outcome is BlockOutcome.DERAILED:
            self._reason_block = block_id
            try:
                answer = self.reason_asker(self)
            finally:
                self._reason_block = None
            if answer is None:
                return
            reason = answer
        blocks = self.ctx.services.blocks
        label = outcome.value.replace("_", " ")
        self._push(f"Mark {label}", lambda: blocks.set_outcome([block_id], outcome, reason))

    def _ask_reason(self, parent: QWidget) -> str | None:
        """Ask what derailed the block; a lock while asking saves what was typed."""
        block_id = self._reason_block

        def save_on_lock(reason: str) -> bool:
            if block_id is None:
                return False
            done = self.ctx.run(
                lambda s: s.blocks.set_outcome([block_id], BlockOutcome.DERAILED, reason),
                "Mark derailed",
                quiet=True,
            )
            return bool(done)

        return ask_text(
            self.ctx,
            parent,
            "Derailed",
            "What derailed it? (a few words, for the weekly review)",
            save_on_lock,
            draft=("derail", block_id) if block_id is not None else None,  # crash-safe
        )

    def push_later(self, block_id: int, new_end: datetime | None = None) -> None:
        """The block overran: extend it and push the day's later unprotected blocks."""
        block = self._block(block_id)
        if block is None:
            return
        if new_end is None:
            default = overrun_default_end(self.ctx.services.clock.now(), block, self.tz)
            dialog = OverrunDialog(
                default,
                self.tz,
                self,
                ctx=self.ctx,
                block_id=block_id,  # its draft: the chosen end survives a crash
                save_on_lock=lambda end: self.ctx.run(
                    lambda s: s.blocks.push_later(block_id, end), "Push later blocks", quiet=True
                ),  # a lock pushes to the chosen end first (one undo step)
            )
            try:
                if dialog.exec() != OverrunDialog.DialogCode.Accepted:
                    return
                new_end = dialog.new_end()
            finally:
                dialog.deleteLater()
        blocks = self.ctx.services.blocks
        end = new_end
        self._push("Push later blocks", lambda: blocks.push_later(block_id, end))

    def _on_grid_block_menu_requested(self, block_id: int, where: QPoint) -> None:
        block = self._block(block_id)
        if block is None:
            return
        menu = self.block_menu(block)
        menu.exec(where)

    def block_menu(self, block: TimeBlock) -> QMenu:
        assert block.id is not None
        block_id = block.id
        menu = QMenu(self)
        menu.setAccessibleName("Block actions")
        menu.addAction("Edit…", lambda: self.edit_block(block_id))
        menu.addSeparator()
        for outcome, label in OUTCOME_ACTIONS:
            action = menu.addAction(label, lambda o=outcome: self.set_outcome(block_id, o))
            action.setCheckable(True)
            action.setChecked(block.outcome is outcome)
        menu.addSeparator()
        overran = menu.addAction("Overran – push later blocks…", lambda: self.push_later(block_id))
        overran.setEnabled(not block.read_only)
        menu.addSeparator()
        menu.addAction("Delete", lambda: self.delete_block(block_id))
        return menu
