"""A short first-run guide to the Friday ritual (issue 15).

Shown once, right after a vault is created; Esc closes it; Help → Friday ritual guide opens
it again. It holds no private text (only the method and its keys).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ..context import AppContext

GUIDE_HTML = """
<h2 style='margin-bottom:4px'>The Friday ritual</h2>
<p>Once a week, 30–60 minutes: look back, decide, plan. LeadDesk walks you through it in
five steps, all from the keyboard.</p>
<ol>
<li><b>Look back</b> — how much of the plan got done, what derailed it. Write the lessons.</li>
<li><b>Empty the inbox</b> — decide every captured request:
 <b>1</b> Do · <b>2</b> Schedule · <b>3</b> Delegate · <b>4</b> Delete · <b>L</b> let go.</li>
<li><b>Prune</b> — for Do and Schedule ask “what if I don’t?”:
 <b>G</b> delegate · <b>X</b> delete · <b>E</b> estimate · <b>D</b> defer.</li>
<li><b>People</b> — one-on-ones and check-ins due: <b>Enter</b> logs a check-in or opens a
 brief, <b>B</b> books the one-on-one.</li>
<li><b>Plan next week</b> — <b>Space</b> on “Plan next week…” proposes the week,
 <b>Enter</b> books it.</li>
</ol>
<p><b>Ctrl+Enter</b> goes to the next step (and finishes on the last),
<b>Ctrl+Backspace</b> goes back. During the week: <b>Ctrl+N</b> captures a request,
<b>Ctrl+/</b> lists every key.</p>
"""


class RitualGuide(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Friday ritual guide")
        self.setObjectName("RitualGuide")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.text = QLabel(GUIDE_HTML)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAccessibleName("How the weekly review works")
        layout.addWidget(self.text)
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton(
            "&Start the review now", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = buttons.addButton(
            "&Close (Esc)", QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.setMaximumWidth(640)

    def accept(self) -> None:
        super().accept()
        from .area import start_weekly_review

        window = self.parentWidget()
        if window is not None and self.ctx.is_unlocked:
            start_weekly_review(self.ctx, window)


def show_ritual_guide(ctx: AppContext, window: QWidget | None) -> RitualGuide:
    """Help → Friday ritual guide, and once after a vault is created (non-blocking)."""
    guide = RitualGuide(ctx, window)
    guide.setWindowModality(Qt.WindowModality.WindowModal)
    guide.show()
    guide.raise_()
    guide.activateWindow()
    return guide
