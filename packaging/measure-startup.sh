#!/usr/bin/env bash
# Measure how long LeadDesk takes from launch until the unlock dialog is on screen.
#
#   packaging/measure-startup.sh [COMMAND...]   (default: build/dist/leaddesk/leaddesk)
#   packaging/measure-startup.sh python -m leaddesk     # the unfrozen app, for comparison
#
# Creates a throwaway vault, then RUNS times (default 5) launches the app under Xvfb with the
# xcb platform and polls with xdotool until a visible window titled "Unlock LeadDesk" is
# mapped. Prints each time and the median. Needs xvfb, xauth and xdotool.
set -euo pipefail
# xvfb-run -a starts looking for a free display at :99, and parallel runs (other test jobs)
# can race for the same number; start the search at a random place instead.
free_display() { echo $((200 + RANDOM % 3000)); }
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-5}"
if (($#)); then CMD=("$@"); else CMD=("$ROOT/build/dist/leaddesk/leaddesk"); fi
for tool in xvfb-run xdotool; do
    command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install xvfb xauth xdotool)" >&2; exit 1; }
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data"
mkdir -p "$HOME"
DATA="$WORK/vault"
printf 'measure-startup passphrase\n' \
    | QT_QPA_PLATFORM=offscreen "${CMD[@]}" init --data-dir "$DATA" --passphrase-stdin >/dev/null 2>&1

cat >"$WORK/once.sh" <<'INNER'
#!/usr/bin/env bash
# Runs inside Xvfb: launch, poll for the unlock window, print seconds, stop the app.
set -u
data="$1"; shift
probe="$(mktemp)"
start=$(date +%s.%N)
LEADDESK_STARTUP_PROBE="$probe" QT_QPA_PLATFORM=xcb "$@" --data-dir "$data" >/dev/null 2>"$probe.err" &
pid=$!
for _ in $(seq 1 3000); do
    if xdotool search --onlyvisible --name "Unlock LeadDesk" >/dev/null 2>&1; then
        end=$(date +%s.%N)
        sleep 0.2  # let the first paint be recorded
        kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
        # The app's own probe (bootstrap.py) marks the dialog's first paint.
        painted="$(awk '$1 == "unlock-painted" {print $2}' "$probe")"
        rm -f "$probe" "$probe.err"
        echo "$start $end ${painted:-0}" \
            | awk '{printf "%.2f %.2f\n", $2 - $1, ($3 > 0 ? $3 - $1 : -1)}'
        exit 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "the app exited before showing the unlock dialog; its stderr:" >&2
        cat "$probe.err" >&2
        exit 1
    fi
    sleep 0.01
done
kill "$pid" 2>/dev/null
echo "no unlock window after 30 s" >&2
exit 1
INNER
chmod +x "$WORK/once.sh"

mapped=(); painted=()
for i in $(seq 1 "$RUNS"); do
    for attempt in 1 2 3; do  # xvfb-run now and then hands over before its server is ready
        if out="$(xvfb-run -a -n "$(free_display)" -s '-screen 0 1600x1000x24' \
            "$WORK/once.sh" "$DATA" "${CMD[@]}" 2>"$WORK/once.err")"; then
            break
        fi
        grep -q "could not connect to display" "$WORK/once.err" && ((attempt < 3)) \
            || { cat "$WORK/once.err" >&2; exit 1; }
    done
    read -r m p <<<"$out"
    echo "run $i: unlock dialog mapped after ${m} s (first paint by the app's probe: ${p} s)"
    mapped+=("$m"); painted+=("$p")
done
summary() {
    sort -n | awk -v what="$1" '{a[NR]=$1} END {
        printf "%s: median of %d %.2f s, min %.2f s, max %.2f s\n", what, NR, a[int((NR+1)/2)], a[1], a[NR]}'
}
printf '%s\n' "${mapped[@]}" | summary "mapped (xdotool)"
printf '%s\n' "${painted[@]}" | summary "painted (probe) "

# Wall time depends on how busy the machine is; CPU time much less. These starts quit right
# after the dialog's first paint; the figure includes the storage stack that bootstrap.py
# preloads in a background thread meanwhile, so it is an upper bound for the dialog alone.
if [[ -x /usr/bin/time ]]; then
    cpu=()
    for _ in $(seq 1 "$RUNS"); do
        c="$(LEADDESK_STARTUP_PROBE="$WORK/cpu-probe" LEADDESK_STARTUP_PROBE_UNTIL=unlock-painted \
            xvfb-run -a -n "$(free_display)" /usr/bin/time -f 'CPU %U %S' env QT_QPA_PLATFORM=xcb "${CMD[@]}" \
            --data-dir "$DATA" 2>&1 >/dev/null | awk '$1 == "CPU" {printf "%.2f\n", $2 + $3}')"
        cpu+=("$c")
    done
    printf '%s\n' "${cpu[@]}" | summary "CPU user+sys (upper bound)"
fi
