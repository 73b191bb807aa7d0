"""``leaddesk --self-test`` runs the real stack headless and says so in one line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import leaddesk
from leaddesk import selftest

OK_LINE = re.compile(
    rf"^{leaddesk.APP_NAME} {re.escape(leaddesk.__version__)} self-test OK: "
    r"sqlcipher 4\.\d+\.\d+, fts5, window[^,]* on offscreen, pdf \(\d+\.\d s\)$"
)


def run_self_test(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(temp))
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=tmp_path,
        check=False,
    )


def test_self_test_through_the_command_line(tmp_path: Path, isolated_dirs: Path) -> None:
    result = run_self_test(tmp_path, "-m", "leaddesk", "--self-test")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    assert OK_LINE.match(lines[0]), lines[0]
    # It cleaned up after itself and never touched the user's data or settings.
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not (isolated_dirs / "data" / "LeadDesk").exists()
    assert not (isolated_dirs / "config" / "LeadDesk").exists()


def test_a_failing_check_reports_the_step_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: dict[str, object] = {}

    def broken_check(run: selftest._Run) -> None:
        seen["workdir"] = run.workdir
        seen["vault"] = run.services.vault
        raise selftest.SelfTestError("the check found a problem")

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setattr(
        selftest, "_CHECKS", [("vault", selftest._check_vault), ("broken", broken_check)]
    )
    assert selftest.main() == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == "self-test FAILED: broken: SelfTestError: the check found a problem"
    assert not Path(seen["workdir"]).exists()  # type: ignore[arg-type]
    assert seen["vault"].closed  # type: ignore[attr-defined]
