"""``python -m build`` makes an sdist and a wheel that carry everything LeadDesk needs, and
(opt-in, it downloads the dependencies into a fresh venv) an install from the wheel runs."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import leaddesk

ROOT = Path(__file__).resolve().parents[2]
OPT_IN = "LEADDESK_FROZEN_BUILD"


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if importlib.util.find_spec("build") is None:
        pytest.skip("the 'build' package is not installed (pip install build)")
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    version = leaddesk.__version__
    found = {
        "sdist": out / f"leaddesk-{version}.tar.gz",
        "wheel": out / f"leaddesk-{version}-py3-none-any.whl",
    }
    assert all(p.exists() for p in found.values()), sorted(out.iterdir())
    return found


@pytest.mark.slow
def test_wheel_carries_resources_and_migrations(dists: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(dists["wheel"]).namelist())
    for needed in (
        f"leaddesk/resources/icons/{leaddesk.APP_ID}.svg",
        "leaddesk/resources/__init__.py",
        "leaddesk/storage/migrations/env.py",
        "leaddesk/storage/migrations/script.py.mako",
        "leaddesk/storage/migrations/versions/0001_initial_schema.py",
        "leaddesk/selftest.py",
        "leaddesk/ui/plan_pdf.py",
    ):
        assert needed in names, needed
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(dists["wheel"]).read(entry_points).decode()
    assert "[gui_scripts]" in text and "leaddesk = leaddesk.cli:main" in text


@pytest.mark.slow
def test_sdist_carries_what_packagers_need(dists: dict[str, Path]) -> None:
    prefix = f"leaddesk-{leaddesk.__version__}/"
    with tarfile.open(dists["sdist"]) as tar:
        names = {n.removeprefix(prefix) for n in tar.getnames()}
    for needed in (
        "setup.py",
        "pyproject.toml",
        f"resources/icons/{leaddesk.APP_ID}.svg",
        "src/leaddesk/storage/migrations/script.py.mako",
        "src/leaddesk/storage/migrations/versions/0002_note_search.py",
        f"packaging/{leaddesk.APP_ID}.desktop",
        f"packaging/{leaddesk.APP_ID}.metainfo.xml",
        "packaging/leaddesk.spec",
        "tests/conftest.py",
    ):
        assert needed in names, needed
    assert not [n for n in names if n.endswith((".pyc", ".vault"))]


@pytest.mark.slow
def test_an_install_from_the_wheel_runs(dists: dict[str, Path], tmp_path: Path) -> None:
    if os.environ.get(OPT_IN) != "1":
        pytest.skip(f"installs every dependency into a fresh venv; set {OPT_IN}=1 to run it")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(dists["wheel"])],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert pip.returncode == 0, pip.stderr[-4000:]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [str(venv / "bin" / "leaddesk"), "--self-test"],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=tmp_path,  # not the checkout: the installed package must stand on its own
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "self-test OK" in result.stdout
