"""The launch path (issue 18): the first dialog's header shows the icon from a PNG that Qt's
SVG icon engine drew (so no QIcon type is built before the dialog is mapped, ~10 M
instructions), the window icon is set once that dialog has painted, and fontconfig loads
its configuration and Qt's GUI libraries load on their own thread while PySide6 is imported.

If the SVG icon changes, regenerate the PNG (from the repository's root) with::

    QT_QPA_PLATFORM=offscreen python -c "from PySide6.QtWidgets import QApplication; \
    from PySide6.QtGui import QIcon; a = QApplication([]); \
    QIcon('resources/icons/io.github.leaddesk.LeadDesk.svg').pixmap(48, 48).save(\
    'resources/icons/app/io.github.leaddesk.LeadDesk-48.png')"
"""

from __future__ import annotations

from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QApplication, QLabel

from leaddesk import APP_ID
from leaddesk.bootstrap import HEADER_PICTURE_PX, Launcher, dialog_picture, make_settings
from leaddesk.resources_path import resource_path
from leaddesk.services.unlocking import create_vault
from leaddesk.ui import theme
from leaddesk.ui.dialogs.common import header
from leaddesk.ui.dialogs.unlock import UnlockDialog
from tests.conftest import PASSPHRASE

PNG = f"icons/app/{APP_ID}-{HEADER_PICTURE_PX}.png"


def _engine_drawing() -> QImage:
    """The icon as Qt's SVG icon engine draws it at the header's size (device ratio 1)."""
    icon = QIcon(str(resource_path(f"icons/{APP_ID}.svg")))
    return icon.pixmap(HEADER_PICTURE_PX, HEADER_PICTURE_PX).toImage()


def _same_pixels(a: QImage, b: QImage) -> bool:
    fmt = QImage.Format.Format_ARGB32_Premultiplied
    return a.convertToFormat(fmt) == b.convertToFormat(fmt)


def test_the_header_png_is_what_the_svg_engine_draws(qapp) -> None:  # type: ignore[no-untyped-def]
    assert qapp.devicePixelRatio() == 1.0
    png = QImage(str(resource_path(PNG)))
    assert png.width() == png.height() == HEADER_PICTURE_PX
    assert _same_pixels(png, _engine_drawing()), "regenerate the PNG (module docstring)"


def test_the_header_looks_the_same_with_the_picture_as_with_the_icon(qapp) -> None:  # type: ignore[no-untyped-def]
    picture = dialog_picture(qapp)
    assert isinstance(picture, QPixmap)  # device ratio 1: no QIcon on the start path
    shots = []
    for icon in (picture, theme.app_icon()):
        box = header("Unlock your vault", "Your plans and notes are encrypted.", icon)
        box.resize(400, 80)
        label = box.findChildren(QLabel)[0]
        assert label.pixmap() is not None and not label.pixmap().isNull()
        shots.append(box.grab().toImage())
        box.deleteLater()
    assert _same_pixels(shots[0], shots[1])


def test_the_window_icon_is_set_once_the_first_dialog_has_painted(qapp, qtbot, app_paths) -> None:  # type: ignore[no-untyped-def]
    create_vault(app_paths, PASSPHRASE).close()
    qapp.setWindowIcon(QIcon())  # as a fresh application starts
    launcher = Launcher(app_paths, make_settings(app_paths))
    try:
        launcher.start()
        dialog = launcher.dialog
        assert isinstance(dialog, UnlockDialog) and dialog.isVisible()
        label = dialog.findChildren(QLabel)[0]
        assert label.pixmap() is not None and not label.pixmap().isNull()
        assert qapp.windowIcon().isNull()  # not before the first paint
        qtbot.waitUntil(lambda: not QApplication.windowIcon().isNull(), timeout=10_000)
        assert dialog.windowIcon().cacheKey() == qapp.windowIcon().cacheKey()
        sizes = qapp.windowIcon().pixmap(HEADER_PICTURE_PX, HEADER_PICTURE_PX).toImage()
        assert _same_pixels(sizes, _engine_drawing())
    finally:
        launcher.shutdown()
        if launcher.dialog is not None:
            launcher.dialog.close()


EARLY_LOAD_THEN_QT = """
import sys
from leaddesk import cli

def loaded(name):
    with open("/proc/self/maps", encoding="ascii", errors="replace") as maps:
        return {line.split()[-1] for line in maps if name in line}


thread = cli._load_libraries_early()
if sys.argv[1] == "join":
    thread.join(30)
    assert not thread.is_alive()
    # Loaded by the thread before any PySide6 import: the GUI thread will not load them.
    assert loaded("libQt6Gui.so") and loaded("libQt6Widgets.so") and loaded("libfontconfig")
from PySide6.QtCore import QThread
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

app = QApplication([])
thread.join(30)
gui = loaded("libQt6Gui.so")
print(
    thread.name,
    len(QFontDatabase.families()) > 0,  # fontconfig loaded on the thread, then used by Qt
    QThread.currentThread() is app.thread(),  # Qt's main thread is still this one
    len(gui),  # one libQt6Gui: the file PySide6 links, not a second copy
)
"""


def test_libraries_load_on_their_own_thread_and_qt_then_uses_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """cli loads Qt's GUI libraries and fontconfig's configuration on another thread before
    PySide6 is imported; Qt then works, on the same main thread and the same library files,
    whether that thread has finished (join) or not (race)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for mode in ("join", "race", "race"):
        result = subprocess.run(
            [sys.executable, "-c", EARLY_LOAD_THEN_QT, mode],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr[-800:]
        assert result.stdout.split() == ["leaddesk-early-load", "True", "True", "1"]
