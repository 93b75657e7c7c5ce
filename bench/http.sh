#!/usr/bin/env bash
# The HTTP figure: examples/WebApi on a Redis store under wrk on loopback, in one run, four ways: metrics off, with
# the HTTP metrics (UseDistributedHttpMetrics and the app's own metrics), with the framework's meters bridged as
# well, and the peer: bench/PrometheusNetWebApi, the same endpoint with prometheus-net's UseHttpMetrics() and the same
# work metrics, in process memory. Prints requests/s of each and the ratios to metrics off (target: with metrics
# >= 95 % of without, and not below the peer).
# Needs dotnet, redis-server and wrk (Debian: apt-get install redis-server wrk).
# Usage: bench/http.sh [seconds per measurement, default 10] [rounds, default 4]
set -euo pipefail

SECONDS_PER_RUN="${1:-10}"
ROUNDS="${2:-4}"
CONNECTIONS=32
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in dotnet redis-server wrk curl; do
  command -v "$tool" >/dev/null || { echo "http.sh needs $tool on the PATH" >&2; exit 1; }
done

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() {
  local url="$1"
  for _ in $(seq 1 150); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing answered at $url" >&2
  exit 1
}

dotnet build -c Release "$ROOT/examples/WebApi" -o "$WORK/app" --nologo -v quiet >/dev/null
dotnet build -c Release "$ROOT/bench/PrometheusNetWebApi" -o "$WORK/peer" --nologo -v quiet >/dev/null

REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >/dev/null &
PIDS+=("$!")

# Runs the app one way (off, http, meters or peer), warms it up, measures with wrk and prints requests/s.
measure() {
  local mode="$1"
  local port
  port="$(free_port)"
  local dll=app/WebApi.dll
  local switches=(--Example:Metrics=true --Example:Meters=true)
  case "$mode" in
    off) switches=(--Example:Metrics=false) ;;
    http) switches=(--Example:Metrics=true --Example:Meters=false) ;;
    peer) dll=peer/PrometheusNetWebApi.dll switches=() ;;
  esac
  (cd "$WORK" && exec dotnet "$dll" --urls "http://127.0.0.1:$port" "${switches[@]}" \
    --DistributedMetrics:Redis="127.0.0.1:$REDIS_PORT" --Logging:LogLevel:Default=Warning) >"$WORK/app-$mode.log" 2>&1 &
  local app=$!
  PIDS+=("$app")
  wait_for "http://127.0.0.1:$port/work/warmup"
  wrk -t1 -c"$CONNECTIONS" -d3s "http://127.0.0.1:$port/work/a" >/dev/null
  wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "http://127.0.0.1:$port/work/a" | awk '/Requests\/sec/ {print $2}'
  if [ "$mode" != off ]; then
    curl -fsS -o "$WORK/scrape.txt" "http://127.0.0.1:$port/metrics"
    grep -q '^example_work_total{kind="a"}' "$WORK/scrape.txt" \
      || { echo "the app with metrics ($mode) did not count its work" >&2; exit 1; }
  fi
  kill "$app"
  wait "$app" 2>/dev/null || true
}

declare -A total=([off]=0 [http]=0 [meters]=0 [peer]=0)
orders=("off http meters peer" "http meters peer off" "meters peer off http" "peer off http meters")
for round in $(seq 1 "$ROUNDS"); do
  # Rotate which goes first, so that drift on a shared machine does not favour one way.
  declare -A rate=()
  for mode in ${orders[$(((round - 1) % 4))]}; do
    rate[$mode]="$(measure "$mode")"
    total[$mode]="$(echo "${total[$mode]} + ${rate[$mode]}" | bc -l)"
  done
  echo "round $round: metrics off ${rate[off]} req/s, HTTP metrics ${rate[http]} req/s," \
    "HTTP metrics + meters ${rate[meters]} req/s, prometheus-net ${rate[peer]} req/s"
done

printf 'mean: metrics off %.0f req/s, HTTP metrics %.0f req/s (%.1f %%), HTTP metrics + meters %.0f req/s (%.1f %%), prometheus-net %.0f req/s (%.1f %%)\n' \
  "$(echo "${total[off]} / $ROUNDS" | bc -l)" \
  "$(echo "${total[http]} / $ROUNDS" | bc -l)" "$(echo "100 * ${total[http]} / ${total[off]}" | bc -l)" \
  "$(echo "${total[meters]} / $ROUNDS" | bc -l)" "$(echo "100 * ${total[meters]} / ${total[off]}" | bc -l)" \
  "$(echo "${total[peer]} / $ROUNDS" | bc -l)" "$(echo "100 * ${total[peer]} / ${total[off]}" | bc -l)"
