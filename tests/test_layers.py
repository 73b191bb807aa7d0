"""The layer rule of DESIGN.md: ui -> services -> storage/domain, checked on every run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold() -> None:
    lint_imports = shutil.which("lint-imports")
    if lint_imports is None:
        pytest.fail("lint-imports is missing: install the test extras (pip install -e '.[test]')")
    result = subprocess.run(
        [lint_imports, "--no-cache"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "broken" in result.stdout.lower() and " 0 broken" in result.stdout


def test_the_core_layers_load_without_qt() -> None:
    """domain, storage and services must work where Qt is absent (headless commands, CI)."""
    code = (
        "import sys\n"
        "import leaddesk.domain, leaddesk.storage, leaddesk.services\n"
        "import leaddesk.domain.model, leaddesk.storage.vault, leaddesk.storage.tables\n"
        "import leaddesk.services.container, leaddesk.services.unlocking\n"
        "import leaddesk.services.export, leaddesk.services.demo, leaddesk.cli\n"
        "print('QT', sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "QT []" in result.stdout, result.stdout
