"""The running app moves saved work out of the -wal into the vault file once writing stops
for a few seconds, and on lock (issue 19, item 1): real launcher, real window, real vault."""

from __future__ import annotations

from pathlib import Path

import pytest

from leaddesk.bootstrap import Launcher, make_settings
from leaddesk.services.unlocking import create_vault
from leaddesk.ui.dialogs.unlock import UnlockDialog
from tests.conftest import PASSPHRASE


@pytest.fixture
def window(qapp, qtbot, app_paths):  # type: ignore[no-untyped-def]
    create_vault(app_paths, PASSPHRASE).close()
    launcher = Launcher(app_paths, make_settings(app_paths))
    launcher.start()
    dialog = launcher.dialog
    assert isinstance(dialog, UnlockDialog)
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(launcher.window_shown, timeout=20_000):
        dialog.submit()
    yield launcher.window
    launcher.shutdown()


def _wal(app_paths) -> int:  # type: ignore[no-untyped-def]
    wal = Path(str(app_paths.vault) + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_saved_work_leaves_the_wal_after_a_few_idle_seconds(window, app_paths, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.ctx.services.tasks.capture("saved, then the user stops typing")
    assert _wal(app_paths) > 0
    qtbot.waitUntil(lambda: _wal(app_paths) == 0, timeout=15_000)
    window.ctx.services.tasks.capture("saved just before a lock")
    assert _wal(app_paths) > 0
    window.ctx.lock()
    assert _wal(app_paths) == 0
