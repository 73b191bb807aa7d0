"""``leaddesk --self-test`` passes in the development install too, not only in the packaged
builds (tests/packaging): its temporary paths are made from ``AppPaths``, which became a
NamedTuple for the launch path (issue 18), and a ``dataclasses.replace`` there failed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_the_self_test_passes(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "leaddesk", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-800:]
    assert "self-test OK" in result.stdout
    assert not (tmp_path / "config" / "LeadDesk").exists()  # settings stayed in its own folder
