"""While the unlock dialog waits for the passphrase, a background thread imports what the
main window needs, so the wait after "Unlock" is the key derivation, not imports."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_preload_imports_the_services_the_window_and_the_area_it_opens_on() -> None:
    # A fresh interpreter: in this one everything is imported already.
    script = textwrap.dedent(
        """
        import sys, threading
        from leaddesk.bootstrap import _preload_services
        assert "sqlalchemy" not in sys.modules
        worker = threading.Thread(target=_preload_services, args=("week",))
        worker.start(); worker.join()
        wanted = ["leaddesk.services.container", "leaddesk.services.unlocking",
                  "leaddesk.ui.main_window", "leaddesk.ui.week.area"]
        missing = [name for name in wanted if name not in sys.modules]
        assert not missing, missing
        assert "leaddesk.ui.people.area" not in sys.modules  # only the area shown first
        # what the unlock and the first area would import after the key derivation
        late = ["sqlcipher3", "leaddesk.storage.migrate", "_strptime", "leaddesk.ui.idle_lock",
                "encodings.utf_16_le"]
        missing = [name for name in late if name not in sys.modules]
        assert not missing, missing
        # but no Qt module off the GUI thread (main_window.prepare_session): D-Bus waits
        assert "PySide6.QtDBus" not in sys.modules
        import tzlocal.unix
        assert tzlocal.unix._cache_tz is not None  # the local zone is read once, here
        from leaddesk.domain.model import Task
        from sqlalchemy import inspect
        assert inspect(Task).configured  # mapper set-up done off the GUI thread
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-800:]
    assert result.stdout.strip() == "ok"
