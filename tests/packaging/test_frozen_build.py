"""End to end: build the PyInstaller bundle from this checkout and let it test itself.

Takes several minutes (a fresh venv, PySide6 from the package index or pip's cache, then
PyInstaller), so it only runs when asked: ``LEADDESK_FROZEN_BUILD=1 pytest -m slow
tests/packaging/test_frozen_build.py``.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

import leaddesk

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "build-linux.sh"
OPT_IN = "LEADDESK_FROZEN_BUILD"


@pytest.mark.slow
def test_frozen_build_passes_its_self_test_offscreen_and_under_xcb() -> None:
    if os.environ.get(OPT_IN) != "1":
        pytest.skip(f"the frozen build takes minutes; set {OPT_IN}=1 to run it")
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    result = subprocess.run(
        ["bash", str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=1800,
        env=env,
        cwd=ROOT,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    version = re.escape(leaddesk.__version__)
    for platform in ("offscreen", "xcb"):
        pattern = (
            rf"^frozen {platform}: +LeadDesk {version} self-test OK: sqlcipher 4\.\S+, "
            rf"fts5, window[^,]* on {platform}, pdf \(\d+\.\d s\)$"
        )
        assert re.search(pattern, result.stdout, re.MULTILINE), output[-4000:]
    bundle = ROOT / "build" / "dist" / "leaddesk"
    assert (bundle / "leaddesk").is_file()
    assert re.search(r"^bundle: .+ \(\d+(\.\d+)?M\)$", result.stdout, re.MULTILINE)
