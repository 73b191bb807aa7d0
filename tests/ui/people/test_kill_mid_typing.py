"""Killing the app while typing loses at most the last second (run in a real subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from leaddesk.services.unlocking import unlock_vault
from tests.conftest import PASSPHRASE

CHILD = textwrap.dedent(
    """
    import os, signal, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from leaddesk.paths import resolve_paths
    from leaddesk.services.unlocking import create_vault
    from leaddesk.ui.context import AppContext
    from leaddesk.ui.settings import AppSettings
    from leaddesk.ui.people.area import PeopleArea

    app = QApplication([])
    paths = resolve_paths(Path(sys.argv[1]))
    services = create_vault(paths, sys.argv[2])
    person = services.people.add("Ana")
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    settings = AppSettings(QSettings(str(paths.settings_file), QSettings.Format.IniFormat))
    ctx = AppContext(paths, settings)
    ctx.attach(services)
    area = PeopleArea(ctx)
    area.show()
    area.refresh()
    area.open_person(person.id)
    page = area.person_page
    page.notes.new_note_button.click()
    QTest.keyClicks(page.notes.note_editor, "saved part")
    deadline = time.monotonic() + 1.0  # the user pauses for a second
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    QTest.keyClicks(page.notes.note_editor, " lost part")
    app.processEvents()
    print(page.notes.current_note.id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_kill_while_typing_loses_at_most_the_last_second(tmp_path) -> None:
    vault_dir = tmp_path / "killed"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(vault_dir), PASSPHRASE],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == -9, result.stderr[-2000:]
    note_id = int(result.stdout.split()[-1])
    from leaddesk.paths import resolve_paths

    services = unlock_vault(resolve_paths(vault_dir), PASSPHRASE)
    try:
        assert services.notes.get(note_id).body == "saved part"
        assert services.vault.integrity_ok()
    finally:
        services.close()
