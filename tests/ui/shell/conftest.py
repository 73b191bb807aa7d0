from __future__ import annotations

import pytest

from leaddesk.ui.area import AREAS, AreaSpec

PROBE = AreaSpec(
    "probe", "Probe", "tests.ui.shell.probe_area:ProbeArea", "A test area that shows task titles."
)
MISSING = AreaSpec(
    "missing",
    "Someday",
    "leaddesk.ui.not_built_yet.area:SomedayArea",
    "An area whose module has not landed yet.",
)


@pytest.fixture
def shell_areas(monkeypatch):  # type: ignore[no-untyped-def]
    """The real areas plus a probe area and one whose module does not exist."""
    import leaddesk.ui.main_window as main_window

    areas = (*AREAS, PROBE, MISSING)
    monkeypatch.setattr(main_window, "AREAS", areas)
    return areas


@pytest.fixture
def make_window(ctx, qtbot):  # type: ignore[no-untyped-def]
    """Build (and show) a MainWindow over the test's unlocked context."""
    from leaddesk.ui.main_window import MainWindow

    def make(**kwargs):  # type: ignore[no-untyped-def]
        window = MainWindow(ctx, **kwargs)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make
