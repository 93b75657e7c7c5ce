#!/usr/bin/env bash
# The HTTP figure: examples/WebApi on a Redis store under wrk on loopback, against the same app with metrics off,
# in one run. Prints requests/s of each and the ratio (target: with metrics >= 95 % of without).
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

REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >/dev/null &
PIDS+=("$!")

# Runs the app with metrics on or off, warms it up, measures with wrk and prints requests/s.
measure() {
  local metrics="$1"
  local port
  port="$(free_port)"
  (cd "$WORK" && exec dotnet app/WebApi.dll --urls "http://127.0.0.1:$port" --Example:Metrics="$metrics" \
    --DistributedMetrics:Redis="127.0.0.1:$REDIS_PORT" --Logging:LogLevel:Default=Warning) >"$WORK/app-$metrics.log" 2>&1 &
  local app=$!
  PIDS+=("$app")
  wait_for "http://127.0.0.1:$port/work/warmup"
  wrk -t1 -c"$CONNECTIONS" -d3s "http://127.0.0.1:$port/work/a" >/dev/null
  wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "http://127.0.0.1:$port/work/a" | awk '/Requests\/sec/ {print $2}'
  if [ "$metrics" = true ]; then
    curl -fsS -o "$WORK/scrape.txt" "http://127.0.0.1:$port/metrics"
    grep -q '^example_work_total{kind="a"}' "$WORK/scrape.txt" \
      || { echo "the app with metrics did not count its work" >&2; exit 1; }
  fi
  kill "$app"
  wait "$app" 2>/dev/null || true
}

off_total=0
on_total=0
for round in $(seq 1 "$ROUNDS"); do
  # Alternate which goes first, so that drift on a shared machine does not favour one side.
  if [ $((round % 2)) -eq 1 ]; then
    off="$(measure false)"
    on="$(measure true)"
  else
    on="$(measure true)"
    off="$(measure false)"
  fi
  echo "round $round: metrics off $off req/s, metrics on (Redis) $on req/s"
  off_total="$(echo "$off_total + $off" | bc -l)"
  on_total="$(echo "$on_total + $on" | bc -l)"
done

printf 'mean: metrics off %.0f req/s, metrics on %.0f req/s, ratio %.1f %%\n' \
  "$(echo "$off_total / $ROUNDS" | bc -l)" "$(echo "$on_total / $ROUNDS" | bc -l)" \
  "$(echo "100 * $on_total / $off_total" | bc -l)"
