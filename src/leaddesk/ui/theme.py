"""Light and dark looks: Fusion with a calm palette, a small stylesheet and tinted icons.

The scheme follows the system (``QStyleHints.colorScheme``) unless the user picked light or
dark in Preferences, and changes live when either does. Fusion is used everywhere so a
palette fully controls the colours (native styles ignore parts of it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from PySide6.QtCore import QByteArray, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from .. import APP_ID
from ..resources_path import resource_path
from .settings import AppSettings

THEME_KEY = "ui/theme"


@dataclass(frozen=True)
class Colors:
    """Named colours of one scheme; the stylesheet refers to them as ``{{name}}``."""

    window: str
    base: str
    alt_base: str
    text: str
    muted: str
    accent: str
    accent_text: str
    sidebar: str
    sidebar_selected: str
    border: str
    danger_bg: str
    danger_text: str
    warn_bg: str
    warn_text: str
    info_bg: str
    info_text: str


LIGHT = Colors(
    window="#f4f5f7",
    base="#ffffff",
    alt_base="#f0f2f5",
    text="#1f2328",
    muted="#5b6470",
    accent="#2f6db5",
    accent_text="#ffffff",
    sidebar="#e9ecf0",
    sidebar_selected="#d6e2f3",
    border="#cfd5dc",
    danger_bg="#fdecea",
    danger_text="#9f2a24",
    warn_bg="#fff4e0",
    warn_text="#7a4b00",
    info_bg="#e6f0fb",
    info_text="#1d4f8a",
)

DARK = Colors(
    window="#1e2125",
    base="#26292e",
    alt_base="#2c3036",
    text="#e4e7eb",
    muted="#9aa3ad",
    accent="#5b9be6",
    accent_text="#0f1720",
    sidebar="#181a1e",
    sidebar_selected="#2d3e55",
    border="#3a3f47",
    danger_bg="#4a2427",
    danger_text="#ffb4ab",
    warn_bg="#45361c",
    warn_text="#ffd699",
    info_bg="#1f3450",
    info_text="#b5d3f7",
)


def effective_scheme(choice: str) -> str:
    """'light' or 'dark' for a Preferences choice of system/light/dark."""
    if choice in ("light", "dark"):
        return choice
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def colors_for(scheme: str) -> Colors:
    return DARK if scheme == "dark" else LIGHT


def build_palette(c: Colors) -> QPalette:
    pal = QPalette()
    role = QPalette.ColorRole
    for r, value in (
        (role.Window, c.window),
        (role.WindowText, c.text),
        (role.Base, c.base),
        (role.AlternateBase, c.alt_base),
        (role.Text, c.text),
        (role.Button, c.alt_base),
        (role.ButtonText, c.text),
        (role.ToolTipBase, c.base),
        (role.ToolTipText, c.text),
        (role.PlaceholderText, c.muted),
        (role.Highlight, c.accent),
        (role.HighlightedText, c.accent_text),
        (role.Link, c.accent),
        (role.BrightText, c.danger_text),
        (role.Mid, c.border),
        (role.Midlight, c.alt_base),
        (role.Dark, c.border),
    ):
        pal.setColor(r, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(disabled, r, QColor(c.muted))
    return pal


def stylesheet(c: Colors) -> str:
    text = resource_path("styles/app.qss").read_text(encoding="utf-8")
    for name, value in asdict(c).items():
        text = text.replace("{{" + name + "}}", value)
    return text


def tinted_icon(name: str, color: QColor | str, size: int = 24) -> QIcon:
    """A shipped line icon (``resources/icons/<name>.svg``) drawn in ``color``.

    The SVGs use ``currentColor``; it is replaced before rendering so icons follow the
    palette in light and dark mode. A missing icon gives an empty QIcon.
    """
    path = resource_path(f"icons/{name}.svg")
    if not path.is_file():  # e.g. a new area without its icon yet: no icon beats a crash
        return QIcon()
    svg = path.read_text(encoding="utf-8")
    svg = svg.replace("currentColor", QColor(color).name())
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    icon = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size * scale, size * scale))
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        icon.addPixmap(pixmap)
    return icon


def app_icon() -> QIcon:
    path = resource_path(f"icons/{APP_ID}.svg")
    renderer = QSvgRenderer(str(path))
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class ThemeManager(QObject):
    """Keeps the application's look in line with the setting and the system scheme."""

    def __init__(self, app: QApplication, settings: AppSettings) -> None:
        super().__init__(app)
        self._app = app
        self._settings = settings
        self.scheme = ""
        app.setStyle("Fusion")
        app.styleHints().colorSchemeChanged.connect(self._on_system_scheme_changed)
        settings.changed.connect(self._on_settings_changed)
        self.apply()

    def apply(self) -> None:
        scheme = effective_scheme(str(self._settings.get(THEME_KEY)))
        if scheme == self.scheme:
            return
        self.scheme = scheme
        c = colors_for(scheme)
        self._app.setPalette(build_palette(c))
        self._app.setStyleSheet(stylesheet(c))

    @property
    def colors(self) -> Colors:
        return colors_for(self.scheme)

    def _on_system_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        self.apply()

    def _on_settings_changed(self, key: str) -> None:
        if key == THEME_KEY:
            self.apply()


def install_theme(app: QApplication, settings: AppSettings) -> ThemeManager:
    """Apply the look now and keep following changes (the manager is owned by ``app``)."""
    return ThemeManager(app, settings)
