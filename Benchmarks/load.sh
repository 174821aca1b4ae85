#!/usr/bin/env bash
# Load test of `lotse serve` on loopback only, bounded in time. Measures, in one run against the
# same server: the requests/s of a trivial JSON echo route, and of full dialogue turns through the
# REST webhook (parsed, answered, persisted in SQLite), at 64 connections; then an optional soak
# with 10,000 distinct senders that samples the server's resident memory.
#
#   Benchmarks/load.sh                 # 20 s per measurement, no soak
#   DURATION=30 SOAK=300 Benchmarks/load.sh   # and a 5-minute soak
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20}
SOAK=${SOAK:-0}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-5077}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }

swift build -c release --product lotse >/dev/null
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
.build/release/lotse serve --host 127.0.0.1 --port "$PORT" --database "$WORK/load.sqlite" \
    --enable-echo-route --rate-per-minute 100000000 --log-level warning &
SERVER=$!
source Benchmarks/common.sh
wait_for_health "$PORT"
URL="http://127.0.0.1:$PORT"

run echo.lua 3 "$URL" >/dev/null   # warm-up
read -r ECHO_RPS ECHO_P99 < <(run echo.lua "$DURATION" "$URL")
read -r TURN_RPS TURN_P99 < <(SENDERS=5000 run turn.lua "$DURATION" "$URL")
RATIO=$(awk -v t="$TURN_RPS" -v e="$ECHO_RPS" 'BEGIN { printf "%.2f", t / e }')
echo "echo route:     $ECHO_RPS requests/s, p99 $ECHO_P99 ms"
echo "dialogue turn:  $TURN_RPS turns/s, p99 $TURN_P99 ms (persisted)"
echo "ratio turn/echo: $RATIO   target ≥ 0.5, turn p99 ≤ 20 ms"
echo "conversations stored: $(curl -s "http://127.0.0.1:$PORT/health" | sed 's/.*"conversations":\([0-9]*\).*/\1/')"

if [ "$SOAK" -gt 0 ]; then
    echo "soak: $SOAK s, 10,000 distinct senders, resident memory of the server every 15 s (MB):"
    SENDERS=5000 wrk -t2 -c"$CONNECTIONS" -d"$SOAK"s -s Benchmarks/turn.lua "http://127.0.0.1:$PORT" > "$WORK/soak.out" &
    LOAD=$!
    SAMPLES=""
    while kill -0 $LOAD 2>/dev/null; do
        SAMPLES="$SAMPLES $(( $(ps -o rss= -p $SERVER) / 1024 ))"
        sleep 15
    done
    echo "  $SAMPLES"
    awk '/Requests\/sec/ {print "  soak throughput: " $2 " turns/s"}' "$WORK/soak.out"
fi
