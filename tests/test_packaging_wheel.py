"""An installed wheel (not the source checkout, not an editable install) finds its icons,
stylesheets and Alembic migrations, and can create a vault with them."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _local_build_tools_suffice() -> bool:
    """Build without isolation (fast, offline) when the installed setuptools meets the
    project's own build requirement; otherwise pip fetches the build tools."""
    import re
    import tomllib
    from importlib.metadata import PackageNotFoundError, version

    requires = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    needed = 0
    for requirement in requires:
        match = re.fullmatch(r"setuptools\s*>=\s*(\d+).*", requirement.strip())
        if match:
            needed = int(match.group(1))
    try:
        major = int(version("setuptools").split(".")[0])
    except (PackageNotFoundError, ValueError):
        return False
    return major >= needed and importlib.util.find_spec("wheel") is not None


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the tree (no build/ litter in the checkout) and install
    it with --target into an empty directory."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in ("src", "resources"):
        shutil.copytree(REPO_ROOT / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE", "MANIFEST.in"):
        if (REPO_ROOT / name).exists():
            shutil.copy2(REPO_ROOT / name, source / name)
    dist = root / "dist"
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        str(source),
        "-w",
        str(dist),
    ]
    if _local_build_tools_suffice():
        command.insert(4, "--no-build-isolation")
    built = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (wheel,) = dist.glob("leaddesk-*.whl")
    target = root / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    return target


def _run_isolated(code: str, target: Path, *, with_site: bool) -> subprocess.CompletedProcess:
    """Run ``code`` with ``target`` first on sys.path and the checkout nowhere on it.

    Without site-packages (-S) only the standard library and the wheel are importable;
    with them, the wheel still wins over the editable install (checked in ``code``).
    """
    flags = ["-I"] if with_site else ["-I", "-S"]
    prelude = (
        "import sys\n"
        f"sys.path.insert(0, {str(target)!r})\n"
        f"assert not any(p.startswith({str(REPO_ROOT)!r}) for p in sys.path if p), sys.path\n"
        "import leaddesk\n"
        f"assert leaddesk.__file__.startswith({str(target)!r}), leaddesk.__file__\n"
    )
    return subprocess.run(
        [sys.executable, *flags, "-c", prelude + code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=target.parent,
    )


def test_the_installed_wheel_finds_icons_and_stylesheets(installed_wheel: Path) -> None:
    code = (
        "from importlib import resources\n"
        "root = resources.files('leaddesk.resources')\n"
        "assert root.joinpath('icons').is_dir() and root.joinpath('styles').is_dir()\n"
        "assert any(p.name.endswith('.svg') for p in root.joinpath('icons').iterdir())\n"
        "assert any(p.name.endswith('.qss') for p in root.joinpath('styles').iterdir())\n"
        "try:\n"
        "    from leaddesk.resources_path import resource_path\n"
        "except ImportError:\n"
        "    resource_path = None\n"
        "if resource_path is not None:\n"
        "    styles = resource_path('styles')\n"
        f"    assert str(styles).startswith({str(installed_wheel)!r}), styles\n"
        "    assert styles.is_dir() and any(styles.glob('*.qss'))\n"
        "print('RESOURCES OK')\n"
    )
    result = _run_isolated(code, installed_wheel, with_site=False)
    assert "RESOURCES OK" in result.stdout, result.stdout + result.stderr


def test_the_installed_wheel_ships_both_migrations_and_creates_a_vault(
    installed_wheel: Path, tmp_path: Path
) -> None:
    listing = (
        "from importlib import resources\n"
        "versions = resources.files('leaddesk.storage.migrations').joinpath('versions')\n"
        "names = sorted(p.name for p in versions.iterdir() if p.name.endswith('.py'))\n"
        "assert {'0001', '0002'} <= {n[:4] for n in names}, names\n"
        "assert resources.files('leaddesk.storage.migrations').joinpath('env.py').is_file()\n"
        "assert resources.files('leaddesk.storage.migrations').joinpath('script.py.mako')"
        ".is_file()\n"
        "print('REVISIONS OK')\n"
    )
    result = _run_isolated(listing, installed_wheel, with_site=False)
    assert "REVISIONS OK" in result.stdout, result.stdout + result.stderr

    create = (
        "from pathlib import Path\n"
        "from leaddesk.storage.migrate import HEAD_REVISION, current_revision\n"
        "from leaddesk.storage.vault import Vault\n"
        f"vault = Vault.create(Path({str(tmp_path / 'v.vault')!r}), 'wheel test')\n"
        "assert current_revision(vault.engine) == HEAD_REVISION\n"
        "print('REVISION', HEAD_REVISION)\n"
        "vault.close()\n"
    )
    result = _run_isolated(create, installed_wheel, with_site=True)
    assert "REVISION " in result.stdout, result.stdout + result.stderr
