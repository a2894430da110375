#!/usr/bin/env bash
# Reproduces the figures in docs/performance.md on a machine without a GPU:
# start-up time, peak memory and idle CPU of frontline against an empty
# bevy_egui app, under Xvfb with Mesa's software Vulkan (lavapipe).
#
#   bash docs/measure.sh            # needs xvfb, xauth, mesa-vulkan-drivers
set -euo pipefail
cd "$(dirname "$0")/.."
export WGPU_ADAPTER_NAME=llvmpipe
export FRONTLINE_DATA_DIR="${TMPDIR:-/tmp}/frontline-measure"
runs="${RUNS:-5}"
# The probes are developer tools: a release build for trainees leaves them out.
cargo build --release --quiet --features dev_tools --bin frontline --example empty_egui
target_dir="${CARGO_TARGET_DIR:-target}"
app="$target_dir/release/frontline"
empty="$target_dir/release/examples/empty_egui"

xrun() { xvfb-run -a -s "-screen 0 1280x800x24" "$@"; }

echo "== start-up to an interactive screen (10th frame), $runs runs each"
for bin in "$empty" "$app"; do
  for _ in $(seq "$runs"); do
    FRONTLINE_STARTUP_PROBE=1 xrun /usr/bin/time -f "peak %M KiB" "$bin" 2>&1 | grep -E "^startup:|^peak" | paste -sd' '
  done
done

echo "== idle: CPU and redraws over 10 s with nobody touching the window"
idle() {
  local bin=$1 log
  log=$(mktemp)
  FRONTLINE_FRAME_LOG=1 xrun "$bin" > "$log" 2>/dev/null &
  local wrapper=$!
  sleep 8
  local pid
  pid=$(pgrep -n -f "^$bin$" || pgrep -n -f "$bin")
  local t0 f0 t1 f1
  t0=$(awk '{print $14+$15}' "/proc/$pid/stat")
  f0=$(grep -c '^frame' "$log" || true)
  sleep 10
  t1=$(awk '{print $14+$15}' "/proc/$pid/stat")
  f1=$(grep -c '^frame' "$log" || true)
  kill "$pid" 2>/dev/null || true
  wait "$wrapper" 2>/dev/null || true
  local ticks
  ticks=$(getconf CLK_TCK)
  echo "$(basename "$bin"): $(( (t1 - t0) * 100 / ticks / 10 ))% of one core, $(( f1 - f0 )) frames in 10 s"
  rm -f "$log"
}
idle "$empty"
idle "$app"
