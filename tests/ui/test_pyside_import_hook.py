"""The lighter PySide6 import hook: same answer, no source kept in memory."""

from __future__ import annotations

import importlib
import linecache
import sys
from pathlib import Path

import pytest

from leaddesk.ui import pyside_import_hook


def _write_module(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    return path


def test_imports_after_lighten_leave_no_source_in_linecache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert pyside_import_hook.lighten()  # PySide6 is imported: the hook exists
    path = _write_module(tmp_path, "leaddesk_probe_plain", "VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    try:
        module = __import__("leaddesk_probe_plain")  # an import statement: PySide6's hook
        assert module.VALUE == 1
        # PySide6's own check would have read the file through inspect into linecache
        assert str(path) not in linecache.cache
    finally:
        sys.modules.pop("leaddesk_probe_plain", None)


def test_the_answer_is_the_same_as_pysides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_module(tmp_path, "leaddesk_probe_qt", "from PySide6.QtCore import QObject\n")
    _write_module(tmp_path, "leaddesk_probe_noqt", "import json\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        with_qt = importlib.import_module("leaddesk_probe_qt")
        without = importlib.import_module("leaddesk_probe_noqt")
        assert pyside_import_hook._mentions_pyside(with_qt) is True
        assert pyside_import_hook._mentions_pyside(without) is False
        assert pyside_import_hook._mentions_pyside(sys) is False  # built in: no source
    finally:
        sys.modules.pop("leaddesk_probe_qt", None)
        sys.modules.pop("leaddesk_probe_noqt", None)
