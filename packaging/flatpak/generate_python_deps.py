"""Regenerate python3-deps.json: the Python packages the Flatpak installs, as pinned files.

flatpak-builder builds without network access, so every wheel is listed with its URL on the
package index and its sha256. This script asks pip itself (``pip install --dry-run
--report``, run with ``--isolated`` so local mirrors and constraints cannot leak in) which
files it would install on the Flatpak's Python for each architecture, and writes them as one
flatpak-builder module. PySide6 is not listed: the io.qt.PySide.BaseApp base provides it.

Usage (needs pip and network access to the package index):
    python packaging/flatpak/generate_python_deps.py

flatpak-pip-generator (flatpak-builder-tools) does the same job; see packaging/README.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUTPUT = HERE / "python3-deps.json"

# The Python of the runtime under io.qt.PySide.BaseApp 6.8 (org.kde.Platform 6.8).
FLATPAK_PYTHON = "3.12"
ARCHES = {
    "x86_64": ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"],
    "aarch64": ["manylinux_2_28_aarch64", "manylinux_2_17_aarch64", "manylinux2014_aarch64"],
}
PROVIDED_BY_BASE_APP = {"pyside6-essentials", "pyside6", "shiboken6"}
# Needed to build LeadDesk itself offline (pip install --no-build-isolation).
BUILD_TOOLS = ["setuptools>=69", "wheel"]


def requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    keep = []
    for spec in project["dependencies"]:
        name = spec.split(";")[0].split("[")[0]
        for sep in "<>=!~ ":
            name = name.split(sep)[0]
        if name.strip().lower() not in PROVIDED_BY_BASE_APP:
            keep.append(spec)
    return keep + BUILD_TOOLS


def resolve(platforms: list[str], reqs: list[str]) -> list[dict[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--isolated",
            "--quiet",
            "--dry-run",
            "--ignore-installed",
            "--only-binary=:all:",
            "--implementation",
            "cp",
            "--python-version",
            FLATPAK_PYTHON,
            "--target",
            str(Path(tmp) / "target"),
            "--report",
            str(report),
        ]
        for platform in platforms:
            command += ["--platform", platform]
        subprocess.run([*command, *reqs], check=True)
        data = json.loads(report.read_text(encoding="utf-8"))
    files = []
    for item in data["install"]:
        info = item["download_info"]
        files.append(
            {
                "name": item["metadata"]["name"],
                "url": info["url"],
                "sha256": info["archive_info"]["hashes"]["sha256"],
            }
        )
    return files


def main() -> int:
    reqs = requirements()
    by_url: dict[str, dict] = {}
    names: set[str] = set()
    for arch, platforms in ARCHES.items():
        for f in resolve(platforms, reqs):
            names.add(f["name"])
            entry = by_url.setdefault(
                f["url"], {"type": "file", "url": f["url"], "sha256": f["sha256"], "arches": []}
            )
            entry["arches"].append(arch)
    sources = []
    for entry in sorted(by_url.values(), key=lambda e: e["url"].rsplit("/", 1)[-1].lower()):
        arches = entry.pop("arches")
        if len(arches) < len(ARCHES):  # a compiled wheel: only for its architecture
            entry["only-arches"] = arches
        sources.append(entry)
    module = {
        "name": "python3-deps",
        "buildsystem": "simple",
        "build-commands": [
            'pip3 install --verbose --exists-action=i --no-index --find-links="file://${PWD}" '
            "--prefix=${FLATPAK_DEST} --no-build-isolation "
            + " ".join(sorted(names, key=str.lower))
        ],
        "sources": sources,
    }
    OUTPUT.write_text(json.dumps(module, indent=4) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(names)} packages, {len(sources)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
