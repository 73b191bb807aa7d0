#!/usr/bin/env bash
# Build LeadDesk's Linux one-folder bundle from a clean checkout, then prove it works.
#
#   packaging/build-linux.sh            # fresh venv in build/venv, build, self-test, validate
#   packaging/build-linux.sh --tarball  # also pack build/dist/leaddesk-VERSION-linux-ARCH.tar.gz
#
# Environment:
#   LEADDESK_BUILD_VENV=DIR   venv to create or reuse (default: build/venv)
#   LEADDESK_USE_CURRENT_PYTHON=1
#                             build with the current interpreter instead of a venv (LeadDesk
#                             and PyInstaller must be installed in it)
#   LEADDESK_NO_APT=1         never call apt-get; fail if a needed tool is missing
#   PYTHON=python3.11         interpreter that creates the venv (default: python3)
#
# Needs (Debian/Ubuntu package names; installed with apt-get when run as root):
#   build:      python3 (3.11+) with venv, binutils (strip, objdump)
#   self-test:  xvfb xauth (xvfb-run), libxcb-cursor0 and the usual Qt xcb libraries
#               (libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
#               libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
#               libegl1 libgl1 libfontconfig1 libdbus-1-3)
#   validation: desktop-file-utils (desktop-file-validate), appstream (appstreamcli)
# The frozen bundle itself needs the same Qt xcb libraries on the user's machine; that is
# exactly what the xcb self-test under Xvfb checks.
set -euo pipefail
# xvfb-run -a starts looking for a free display at :99, and parallel runs (other test jobs)
# can race for the same number; start the search at a random place instead.
free_display() { echo $((200 + RANDOM % 3000)); }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PACKAGING="$ROOT/packaging"
APP_ID="io.github.leaddesk.LeadDesk"
BUILD="$ROOT/build"
DIST="$BUILD/dist"
BUNDLE="$DIST/leaddesk"
TARBALL=0
for arg in "$@"; do
    case "$arg" in
        --tarball) TARBALL=1 ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done

step() { printf '\n==> %s\n' "$*"; }
START=$(date +%s)

# -- 1. system tools ---------------------------------------------------------------------------
APT_PACKAGES=(binutils xvfb xauth libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4
    libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
    libxcb-xinerama0 libxcb-xkb1 libegl1 libgl1 libfontconfig1 libdbus-1-3
    desktop-file-utils appstream)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    if [[ "${LEADDESK_NO_APT:-0}" != 1 && $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        step "installing system packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "missing system packages: ${missing[*]}" >&2
        echo "install them with: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi

# -- 2. Python environment ---------------------------------------------------------------------
if [[ "${LEADDESK_USE_CURRENT_PYTHON:-0}" == 1 ]]; then
    PY="$(command -v python3 || command -v python)"
    step "using the current Python: $PY"
else
    VENV="${LEADDESK_BUILD_VENV:-$BUILD/venv}"
    if [[ ! -x "$VENV/bin/python" ]]; then
        step "creating a venv in $VENV"
        "${PYTHON:-python3}" -m venv "$VENV"
    fi
    PY="$VENV/bin/python"
    step "installing PyInstaller and LeadDesk (non-editable) into the venv"
    "$PY" -m pip install --quiet --upgrade pip
    "$PY" -m pip install --quiet "pyinstaller>=6.10"
    # A real install, like a wheel's: the spec finds resources and migrations where users
    # get them. --force-reinstall picks up source changes under an unchanged version.
    "$PY" -m pip install --quiet "$ROOT"
    "$PY" -m pip install --quiet --force-reinstall --no-deps "$ROOT"
fi
"$PY" -c "import PyInstaller, leaddesk; print('PyInstaller', PyInstaller.__version__, '· LeadDesk', leaddesk.__version__)"
VERSION="$("$PY" -c 'import leaddesk; print(leaddesk.__version__)')"

# -- 3. icons ----------------------------------------------------------------------------------
step "rendering raster icons from the SVG"
QT_QPA_PLATFORM=offscreen "$PY" "$PACKAGING/render_icons.py" "$PACKAGING/icons"

# -- 4. freeze ---------------------------------------------------------------------------------
step "running PyInstaller"
rm -rf "$BUNDLE"
(cd "$ROOT" && "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$BUILD/pyinstaller" "$PACKAGING/leaddesk.spec")
[[ -x "$BUNDLE/leaddesk" ]] || { echo "no executable at $BUNDLE/leaddesk" >&2; exit 1; }

step "checking that every bundled library resolves"
unresolved="$(find "$BUNDLE/_internal" -name '*.so*' -type f -print0 \
    | LD_LIBRARY_PATH="$BUNDLE/_internal" xargs -0 -n 50 ldd 2>/dev/null \
    | grep 'not found' | sort -u || true)"
if [[ -n "$unresolved" ]]; then
    echo "warning: libraries the bundle expects from the system but this machine lacks:"
    echo "$unresolved"
else
    echo "all bundled libraries resolve"
fi

# -- 5. the frozen build proves itself ---------------------------------------------------------
# Run from an empty directory with a scrubbed environment so nothing from the checkout or the
# venv can stand in for a file missing from the bundle.
RUN_DIR="$(mktemp -d)"
trap 'rm -rf "$RUN_DIR"' EXIT
frozen() {
    (cd "$RUN_DIR" && env -i HOME="$RUN_DIR" PATH=/usr/bin:/bin LANG=C.UTF-8 \
        XDG_RUNTIME_DIR="$RUN_DIR" "$@")
}
step "self-test (offscreen)"
OFFSCREEN_LINE="$(frozen QT_QPA_PLATFORM=offscreen "$BUNDLE/leaddesk" --self-test)"
echo "$OFFSCREEN_LINE"
step "self-test (xcb under Xvfb: catches missing system libraries)"
# xvfb-run sometimes hands over before its server accepts connections (seen about once in
# ten runs on a busy machine: "could not connect to display"); only that case is retried.
for attempt in 1 2 3; do
    if XCB_LINE="$(frozen xvfb-run -a -n "$(free_display)" -s '-screen 0 1600x1000x24' \
        env QT_QPA_PLATFORM=xcb "$BUNDLE/leaddesk" --self-test 2>"$RUN_DIR/xcb.err")"; then
        break
    fi
    cat "$RUN_DIR/xcb.err" >&2
    if ! grep -q "could not connect to display" "$RUN_DIR/xcb.err" || ((attempt == 3)); then
        echo "the xcb self-test failed" >&2
        exit 1
    fi
    echo "(Xvfb was not ready; retrying)" >&2
done
echo "$XCB_LINE"
for line in "$OFFSCREEN_LINE" "$XCB_LINE"; do
    [[ "$line" == *"self-test OK"* ]] || { echo "self-test did not report OK" >&2; exit 1; }
done

# -- 6. desktop integration files --------------------------------------------------------------
step "validating the desktop file and the AppStream metainfo"
desktop-file-validate "$PACKAGING/$APP_ID.desktop"
appstreamcli validate --no-net "$PACKAGING/$APP_ID.metainfo.xml"

# -- 7. summary --------------------------------------------------------------------------------
if ((TARBALL)); then
    step "packing the tarball"
    TAR="$DIST/leaddesk-$VERSION-linux-$(uname -m).tar.gz"
    tar -C "$DIST" -czf "$TAR" leaddesk
    echo "tarball: $TAR ($(du -sh "$TAR" | cut -f1))"
fi
SIZE="$(du -sh "$BUNDLE" | cut -f1)"
step "done in $(($(date +%s) - START)) s"
echo "bundle: $BUNDLE ($SIZE)"
echo "frozen offscreen: $OFFSCREEN_LINE"
echo "frozen xcb:       $XCB_LINE"
