"""A tiny real Area used by the shell tests to observe the area contract.

It shows the titles of open tasks (vault content), so a test can check that locking really
drops them and unlocking brings them back.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from leaddesk.ui.area import Area


class ProbeArea(Area):
    title = "Probe"

    def __init__(self, ctx, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        self.calls: list[str] = []
        self.label = QLabel()
        QVBoxLayout(self).addWidget(self.label)

    def refresh(self) -> None:
        self.calls.append("refresh")
        self.label.setText(", ".join(t.title for t in self.ctx.services.tasks.open_tasks()))

    def clear_private(self) -> None:
        self.calls.append("clear_private")
        self.label.clear()


ENTRY_CALLS: list[tuple[object, object]] = []


def record_entry(ctx, parent) -> None:  # type: ignore[no-untyped-def]
    """A stand-in global entry point ("module:function"), as Quick capture would be."""
    ENTRY_CALLS.append((ctx, parent))
