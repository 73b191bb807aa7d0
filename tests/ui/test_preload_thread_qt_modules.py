"""The start-up preload thread imports no PySide6 module (ui/main_window.prepare_session).

A Qt module imported off the GUI thread adds its classes to shiboken's class graph while
the GUI thread may be walking that graph to wrap a widget under construction: when the
passphrase was submitted before the preload ended (the window is then built while the key
is derived), importing QtDBus in the preload thread crashed LeadDesk in
``BindingManager::findDerivedType`` about half the time on the benchmark's vault once
QtNetwork was no longer loaded beforehand. The thread may import everything else.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def test_the_preload_thread_imports_no_qt_module() -> None:
    script = textwrap.dedent(
        """
        import sys, threading
        from PySide6.QtWidgets import QApplication
        app = QApplication(["leaddesk"])
        from leaddesk.bootstrap import _preload_services
        def qt_modules():
            return sorted(n for n in sys.modules if n.startswith("PySide6.Qt"))
        before = qt_modules()
        worker = threading.Thread(target=_preload_services, args=("",))
        worker.start(); worker.join()
        assert "leaddesk.ui.main_window" in sys.modules, "the preload failed"
        print(sorted(set(qt_modules()) - set(before)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
