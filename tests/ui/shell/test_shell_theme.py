"""Theme and shipped resources: light/dark follow the setting, icons and styles are found."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from leaddesk import APP_ID
from leaddesk.resources_path import resource_path
from leaddesk.ui.area import AREAS
from leaddesk.ui.theme import DARK, LIGHT, ThemeManager, stylesheet, tinted_icon


@pytest.fixture
def restore_app(qapp):  # type: ignore[no-untyped-def]
    sheet, palette = qapp.styleSheet(), qapp.palette()  # Fusion is already the style
    yield qapp
    for manager in qapp.findChildren(ThemeManager):
        manager.setParent(None)
        manager.deleteLater()
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


def test_the_theme_setting_switches_palettes_live(restore_app, app_settings) -> None:
    app = restore_app
    app_settings.set("ui/theme", "dark")
    manager = ThemeManager(app, app_settings)
    assert manager.scheme == "dark"
    assert app.palette().color(QPalette.ColorRole.Window).name() == DARK.window
    app_settings.set("ui/theme", "light")
    assert manager.scheme == "light"
    assert app.palette().color(QPalette.ColorRole.Window).name() == LIGHT.window
    assert LIGHT.danger_text in app.styleSheet()


def test_system_choice_follows_the_platform_scheme(restore_app, app_settings) -> None:
    from PySide6.QtCore import Qt

    app_settings.set("ui/theme", "system")
    manager = ThemeManager(restore_app, app_settings)
    system_dark = restore_app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    assert manager.scheme == ("dark" if system_dark else "light")


def test_every_placeholder_in_the_stylesheet_is_filled() -> None:
    for colors in (LIGHT, DARK):
        assert "{{" not in stylesheet(colors)


def test_resources_are_found_through_the_package(qapp) -> None:
    assert resource_path("styles/app.qss").is_file()
    assert resource_path(f"icons/{APP_ID}.svg").is_file()
    for spec in AREAS:
        assert resource_path(f"icons/area-{spec.key}.svg").is_file(), spec.key
        assert not tinted_icon(f"area-{spec.key}", "#000000").isNull()
    assert tinted_icon("no-such-icon", "#000000").isNull()
