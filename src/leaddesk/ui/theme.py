"""Light and dark looks: Fusion with a calm palette, a small stylesheet and tinted icons.

The scheme follows the system (``QStyleHints.colorScheme``) unless the user picked light or
dark in Preferences, and changes live when either does. Fusion is used everywhere so a
palette fully controls the colours (native styles ignore parts of it).

The theme is applied before the unlock dialog's first paint, so this module stays light: no
QtSvg until an icon is tinted (the app icon goes through Qt's SVG icon engine), no ``Qt``
namespace on the start path unless the system scheme must be asked (PySide6 builds all of
that namespace's enums at its first touch, ~15 ms), and Fusion is chosen when the
application is made (``FUSION_ARGS``) rather than by ``setStyle`` afterwards, which makes a
second style and wraps it for Python (~6 ms).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from .. import APP_ID
from ..resources_path import resource_path
from .settings import AppSettings

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QIcon

THEME_KEY = "ui/theme"

# Qt's own command-line option: the application is made with Fusion as its style.
FUSION_ARGS = ("-style", "Fusion")
# Dynamic property set on an application made with FUSION_ARGS (bootstrap.make_application),
# so the theme does not set the same style again.
FUSION_FROM_START = "leaddeskFusionFromStart"
TRANSPARENT = QColor(0, 0, 0, 0)  # Qt.GlobalColor.transparent, without the Qt namespace


class Colors(NamedTuple):
    """Named colours of one scheme; the stylesheet refers to them as ``{{name}}``.

    A ``NamedTuple``, not a frozen dataclass: importing ``dataclasses`` and making this class
    cost ~18 M instructions on the launch path, a ``NamedTuple`` ~1 M."""

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


SCHEME_DARK = 2  # Qt::ColorScheme::Dark (Unknown 0, Light 1): fixed in Qt 6's ABI


def system_scheme_value() -> int | None:
    """The system's ``Qt::ColorScheme`` as a plain int, or None where it cannot be read so.

    PySide6 can hand the value back only as a ``Qt.ColorScheme``, and the first touch of the
    ``Qt`` namespace builds all of its ~100 enums: 116 million instructions (valgrind), a
    fifth of what a bare PySide6 window costs to appear, on the unlock dialog's start path.
    So on Linux the start path asks Qt itself (``QStyleHints::colorScheme()`` through
    ``_ctypes``, ``leaddesk/native.py``, in the Qt library PySide6 has loaded already).
    Elsewhere, or if anything differs from what is expected, the caller asks PySide6
    (``effective_scheme``)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import shiboken6

        from ..native import c_int, c_void_p, function

        read = function(  # never loads a second copy of the library
            "libQt6Gui.so.6",
            "_ZNK11QStyleHints11colorSchemeEv",  # QStyleHints::colorScheme() const
            c_int,
            [c_void_p],
            mode=os.RTLD_NOLOAD,
        )
        value = int(read(shiboken6.getCppPointer(QGuiApplication.styleHints())[0]))
    except (OSError, AttributeError, TypeError, ValueError, ImportError):
        return None
    return value if value in (0, 1, SCHEME_DARK) else None


def effective_scheme(choice: str) -> str:
    """'light' or 'dark' for a Preferences choice of system/light/dark."""
    if choice in ("light", "dark"):
        return choice
    value = system_scheme_value()
    if value is None:
        from PySide6.QtCore import Qt

        dark = QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
        return "dark" if dark else "light"
    return "dark" if value == SCHEME_DARK else "light"


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
    for name, value in c._asdict().items():
        text = text.replace("{{" + name + "}}", value)
    return text


def tinted_icon(name: str, color: QColor | str, size: int = 24) -> QIcon:
    """A shipped line icon (``resources/icons/<name>.svg``) drawn in ``color``.

    The SVGs use ``currentColor``; it is replaced before rendering so icons follow the
    palette in light and dark mode. A missing icon gives an empty QIcon.
    """
    from PySide6.QtCore import QByteArray, QRectF
    from PySide6.QtGui import QIcon, QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    path = resource_path(f"icons/{name}.svg")
    if not path.is_file():  # e.g. a new area without its icon yet: no icon beats a crash
        return QIcon()
    svg = path.read_text(encoding="utf-8")
    svg = svg.replace("currentColor", QColor(color).name())
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    icon = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.fill(TRANSPARENT)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size * scale, size * scale))
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        icon.addPixmap(pixmap)
    return icon


def app_icon() -> QIcon:
    """LeadDesk's icon, drawn at each size when asked for (Qt's SVG icon engine): the start
    path renders only what it shows, not seven sizes up to 256 px. Where that engine plugin
    is missing, the sizes are drawn here as before."""
    from PySide6.QtGui import QIcon  # its type is ~10 M instructions: not before the dialog

    path = resource_path(f"icons/{APP_ID}.svg")
    icon = QIcon(str(path))
    if not icon.isNull():
        return icon
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(path))
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        pixmap = QPixmap(size, size)
        pixmap.fill(TRANSPARENT)
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
        if not app.property(FUSION_FROM_START):
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
