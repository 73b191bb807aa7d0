"""A centred empty state: icon, title, one helpful sentence and an optional badge.

Used by the shell for areas that are not built yet ("Coming soon") and available to areas
for "nothing here yet" screens, so every empty screen in the app looks the same.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .theme import tinted_icon


class EmptyState(QWidget):
    def __init__(
        self,
        title: str,
        hint: str,
        *,
        icon: str = "",
        badge: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("EmptyState")
        self._icon_name = icon
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addStretch(3)
        self.icon_label = QLabel()
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.icon_label)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("EmptyTitle")
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title_label)
        self.hint_label = QLabel(hint)
        self.hint_label.setObjectName("EmptyHint")
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint_label.setWordWrap(True)
        self.hint_label.setFixedWidth(440)
        layout.addWidget(self.hint_label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.badge_label = QLabel(badge)
        self.badge_label.setObjectName("EmptyBadge")
        self.badge_label.setVisible(bool(badge))
        layout.addSpacing(4)
        layout.addWidget(self.badge_label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(4)
        self._fit_hint()
        self.setAccessibleName(title)
        self.setAccessibleDescription(hint)
        self._paint_icon()

    def _fit_hint(self) -> None:
        # A wrapped label inside an aligned layout item is sized from its one-line hint,
        # which cuts the second line off; reserve the wrapped height explicitly.
        self.hint_label.ensurePolished()  # the stylesheet's font decides the wrapped height
        width = self.hint_label.width()
        self.hint_label.setMinimumHeight(self.hint_label.heightForWidth(width))

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._fit_hint()
        super().showEvent(event)

    def _paint_icon(self) -> None:
        if not self._icon_name:
            self.icon_label.hide()
            return
        color = self.palette().color(QPalette.ColorRole.PlaceholderText)
        icon = tinted_icon(self._icon_name, color, 56)
        self.icon_label.setVisible(not icon.isNull())
        self.icon_label.setPixmap(icon.pixmap(56, 56))

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().changeEvent(event)
        if event.type() in (event.Type.PaletteChange, event.Type.ApplicationPaletteChange):
            self._paint_icon()
        elif event.type() in (event.Type.FontChange, event.Type.StyleChange):
            self._fit_hint()
