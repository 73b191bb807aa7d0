"""The start path up to the unlock dialog's first paint does only what that dialog needs
(issue 18: launch at most 1.25x a bare PySide6 window). What it leaves out, and why:

- the ``Qt`` namespace: its first touch makes PySide6 build all of its ~100 enums, 116 million
  instructions, about a fifth of what a bare window costs to appear;
- a second Fusion style made by ``setStyle`` (and QStyle wrapped for Python);
- QtNetwork (the single-instance socket listens once the dialog has painted), QtSvg, the
  create-vault dialog, ``secrets``, QMessageBox, SQLAlchemy and the services;
- ``dataclasses`` and ``platformdirs`` (``paths.py``), the ``signal`` module's enums,
  ``ctypes`` (``native.py`` calls the two C functions start-up needs through ``_ctypes``), and
  ``QEvent`` until the dialog is mapped (its 170-member enum; the benchmark's probe and the
  first-paint hook see events only after the map), and ``QIcon`` (its 157-member ThemeIcon
  enum: the header shows a PNG, the window icon is set after the first paint).

These are checked on the real ``python -m leaddesk`` over a real vault, at the moment the
benchmark's probe marks the first paint. The look must not change: the values the dialog
sets without naming the enums are compared with the enums.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap

from leaddesk.services.container import Services
from leaddesk.ui import theme
from leaddesk.ui.dialogs.common import error_label, header

PROBE_AT_FIRST_PAINT = textwrap.dedent(
    """
    import json, sys
    import leaddesk.ui.startup_probe as probe
    from leaddesk import bootstrap, cli

    bootstrap._preload_services = lambda *args: None  # only what comes before the paint
    seen = {}
    real_mark = probe.mark
    real_show = bootstrap.UnlockDialog.show

    def show(self):
        real_show(self)  # under X the window is mapped here
        import PySide6.QtCore as core
        seen.setdefault("qevent_when_mapped", "QEvent" in vars(core))

    bootstrap.UnlockDialog.show = show

    def mark(event):
        import PySide6.QtCore as core, PySide6.QtGui as gui, PySide6.QtWidgets as widgets
        if event == "unlock-painted" and "dialogs" not in seen:
            app = widgets.QApplication.instance()
            seen.update(
                qt_namespace="Qt" in vars(core),
                qicon="QIcon" in vars(gui),
                qstyle_wrapped="QStyle" in vars(widgets),
                message_box="QMessageBox" in vars(widgets),
                gc_enabled=__import__("gc").isenabled(),
                modules=sorted(
                    name for name in sys.modules
                    if name.startswith((
                        "PySide6.QtNetwork", "PySide6.QtSvg", "secrets", "sqlalchemy",
                        "leaddesk.services", "leaddesk.storage",
                        "leaddesk.ui.dialogs.create_vault", "leaddesk.ui.dialogs.background",
                        "dataclasses", "platformdirs",
                        "signal", "ctypes",
                    ))
                ),
                dialogs=[type(w).__name__ for w in app.topLevelWidgets() if w.isVisible()],
            )
            app.setStyleSheet("")  # the style under the stylesheet (the app quits next)
            seen["style"] = app.style().name().lower()  # wrapped only now, after the checks
        real_mark(event)

    probe.mark = mark
    status = cli.main(["--data-dir", sys.argv[1]])
    print("@@" + json.dumps(seen))
    sys.exit(status)
    """
)


def test_the_unlock_dialog_paints_before_anything_it_does_not_need(
    services: Services, app_paths, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    services.close()  # a real vault: the app opens on the unlock dialog
    env = {
        **__import__("os").environ,
        "QT_QPA_PLATFORM": "offscreen",
        "LEADDESK_STARTUP_PROBE": str(tmp_path / "probe.txt"),
        "LEADDESK_STARTUP_PROBE_UNTIL": "unlock-painted",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE_AT_FIRST_PAINT, str(app_paths.data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-800:]
    line = next(x for x in result.stdout.splitlines() if x.startswith("@@"))
    seen = json.loads(line[2:])
    assert seen["dialogs"] == ["UnlockDialog"]
    assert seen["qt_namespace"] is False
    assert seen["qicon"] is False  # the header's picture is a pixmap, the window icon follows
    assert seen["qstyle_wrapped"] is False
    assert seen["message_box"] is False
    assert seen["modules"] == []
    assert seen["qevent_when_mapped"] is False  # no Python event handler before the map
    assert seen["gc_enabled"] is False  # paused until the preload has run (bootstrap.py)
    assert seen["style"] == "fusion"  # chosen when the application was made


def test_the_preload_turns_the_collector_back_on() -> None:
    script = textwrap.dedent(
        """
        import gc
        gc.disable()
        from leaddesk.bootstrap import _preload_services
        _preload_services("")
        print("enabled" if gc.isenabled() else "still paused")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-800:]
    assert result.stdout.strip() == "enabled"
    assert gc.isenabled()  # and this process was never paused


def test_the_dialog_values_set_without_the_enums_are_the_enums(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QIcon, QPixmap
    from PySide6.QtWidgets import QLabel

    pixmap = QPixmap(48, 48)
    pixmap.fill(theme.TRANSPARENT)
    box = header("Title", "Subtitle", QIcon(pixmap))
    picture = box.findChildren(QLabel)[0]
    assert picture.pixmap() is not None and not picture.pixmap().isNull()
    assert picture.alignment() == Qt.AlignmentFlag.AlignTop
    label = error_label()
    assert label.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    assert Qt.GlobalColor.transparent == theme.TRANSPARENT


def test_the_system_scheme_read_without_the_enum_is_the_enum(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    value = theme.system_scheme_value()
    expected = qapp.styleHints().colorScheme()
    if sys.platform.startswith("linux"):
        assert value == expected.value
    assert Qt.ColorScheme.Dark.value == theme.SCHEME_DARK
    scheme = "dark" if expected == Qt.ColorScheme.Dark else "light"
    assert theme.effective_scheme("system") == scheme


def test_an_application_made_with_fusion_is_not_given_a_second_one(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``make_application`` makes the app with Qt's ``-style Fusion`` and marks it; the theme
    then leaves the style alone (it sets Fusion on any other application, as before)."""
    import shiboken6
    from PySide6.QtCore import QSettings

    from leaddesk.ui.settings import AppSettings

    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    sheet, palette = qapp.styleSheet(), qapp.palette()
    qapp.setStyleSheet("")  # compare the styles themselves, not a stylesheet's wrapper
    before = shiboken6.getCppPointer(qapp.style())[0]
    qapp.setProperty(theme.FUSION_FROM_START, True)
    manager = None
    try:
        manager = theme.ThemeManager(qapp, settings)
        qapp.setStyleSheet("")
        assert shiboken6.getCppPointer(qapp.style())[0] == before  # not replaced
        assert qapp.style().name().lower() == "fusion"
    finally:
        qapp.setProperty(theme.FUSION_FROM_START, None)
        if manager is not None:
            manager.setParent(None)
            manager.deleteLater()
        qapp.setStyleSheet(sheet)
        qapp.setPalette(palette)


def test_the_lock_is_taken_at_once_and_the_socket_answers_once_listening(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Start-up takes the lock before the dialog and listens after its first paint."""
    from leaddesk.ui.single_instance import SingleInstance

    first = SingleInstance(tmp_path / "data")
    second = SingleInstance(tmp_path / "data")
    third = SingleInstance(tmp_path / "data")
    try:
        assert first.claim(listen=False)
        assert not first.is_primary  # holds the lock, not listening yet
        assert second.claim() is False  # the lock decides: a second launch never opens
        first.listen()
        assert first.is_primary
        with qtbot.waitSignal(first.activation_requested, timeout=3000):
            assert third.claim() is False
    finally:
        third.release()
        second.release()
        first.release()


def test_the_desktop_command_lines_read_as_argparse_reads_them() -> None:
    """``cli.main`` reads the GUI's plain command lines without building every command's
    parser; what it reads must be what argparse reads, and anything else goes to argparse."""
    from leaddesk.cli import _desktop_only, build_parser

    parser = build_parser()
    for argv in (
        [],
        ["--demo"],
        ["--data-dir", "/some/where"],
        ["--data-dir=/some/where"],
        ["--data-dir", "/a", "--demo"],
        ["--demo", "--data-dir", ""],
        ["--data-dir", "a", "--data-dir", "b"],
    ):
        fast, full = _desktop_only(argv), parser.parse_args(argv)
        assert fast is not None, argv
        for name in ("data_dir", "demo", "self_test", "command"):
            assert getattr(fast, name) == getattr(full, name), (argv, name)
        assert getattr(full, "handler", None) is None  # the GUI, as the fast path says
    for argv in (
        ["--help"],
        ["init"],
        ["--dem"],
        ["--data-dir"],
        ["--data-dir", "-x"],
        ["--self-test"],
    ):
        assert _desktop_only(argv) is None, argv


def test_the_probe_switch_is_the_probes_own() -> None:
    """bootstrap.py checks the variable itself, so the probe module is imported only when the
    benchmark sets it."""
    from leaddesk import bootstrap
    from leaddesk.ui import startup_probe

    assert bootstrap.PROBE_ENV == startup_probe.PROBE_ENV
