#!/usr/bin/env bash
# Turns/s and p99 of `lotse serve` by database, in one run on loopback: the JSON echo route of the
# SQLite server as the baseline, then full dialogue turns persisted in SQLite, in PostgreSQL by one
# instance, and in PostgreSQL by two instances behind nginx (round robin, keep-alive upstreams) —
# the deployment of several `lotse serve` on one database. PostgreSQL is a throw-away cluster
# (initdb into a temporary folder, a free port; as the postgres user when run as root), removed at
# the end with everything else.
#
#   apt-get install wrk nginx postgresql
#   Benchmarks/databases.sh                # 20 s per measurement
#   DURATION=10 POOL=16 Benchmarks/databases.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
POOL=${POOL:-10}
for tool in wrk nginx curl; do command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install $tool)"; exit 1; }; done
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "needs postgresql (apt-get install postgresql)"; exit 1; }

swift build -c release --product lotse >/dev/null
WORK=$(mktemp -d)
PG=$(mktemp -d)   # a folder of its own: the postgres user cannot enter WORK (mode 700)
PIDS=()
as_owner=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    "${as_owner[@]}" "$bin/pg_ctl" -D "$PG/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$WORK" "$PG"
}
trap cleanup EXIT
source Benchmarks/common.sh

free_port() {
    while :; do
        local port
        port=$(shuf -i 20000-60000 -n 1)
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

# PostgreSQL with its defaults (fsync on: a turn answered is on disk, as with SQLite).
if [ "$(id -u)" = 0 ]; then chown postgres "$PG"; as_owner=(runuser -u postgres --); fi
PGPORT=$(free_port)
"${as_owner[@]}" "$bin/initdb" -D "$PG/data" -A trust -U lotse >/dev/null
"${as_owner[@]}" "$bin/pg_ctl" -D "$PG/data" -l "$PG/log" -w \
    -o "-p $PGPORT -k $PG -c listen_addresses=127.0.0.1" start >/dev/null
POSTGRES="postgres://lotse@127.0.0.1:$PGPORT/postgres?sslmode=disable"

serve() {  # port, database
    .build/release/lotse serve --host 127.0.0.1 --port "$1" --database "$2" --database-pool-size "$POOL" \
        --enable-echo-route --rate-per-minute 100000000 --log-level warning &
    PIDS+=($!)
    wait_for_health "$1"
}

SQLITE_PORT=$(free_port); serve "$SQLITE_PORT" "$WORK/load.sqlite"
PG1_PORT=$(free_port); serve "$PG1_PORT" "$POSTGRES"
PG2_PORT=$(free_port); serve "$PG2_PORT" "$POSTGRES"
NGINX_PORT=$(free_port)
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx-body;
    proxy_temp_path $WORK/nginx-proxy;
    upstream lotse { server 127.0.0.1:$PG1_PORT; server 127.0.0.1:$PG2_PORT; keepalive 64; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / { proxy_pass http://lotse; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
}
CONF
nginx -c "$WORK/nginx.conf" -p "$WORK"
wait_for_health "$NGINX_PORT"

SQLITE="http://127.0.0.1:$SQLITE_PORT"
run echo.lua 3 "$SQLITE" >/dev/null   # warm-up
read -r ECHO_RPS ECHO_P99 < <(run echo.lua "$DURATION" "$SQLITE")
read -r SQLITE_RPS SQLITE_P99 < <(SENDERS=5000 run turn.lua "$DURATION" "$SQLITE")
SENDERS=5000 run turn.lua 3 "http://127.0.0.1:$PG1_PORT" >/dev/null   # warm-up: the pool's connections
read -r PG1_RPS PG1_P99 < <(SENDERS=5000 run turn.lua "$DURATION" "http://127.0.0.1:$PG1_PORT")
read -r PG2_RPS PG2_P99 < <(SENDERS=5000 run turn.lua "$DURATION" "http://127.0.0.1:$NGINX_PORT")
echo "echo route (SQLite server):          $ECHO_RPS requests/s, p99 $ECHO_P99 ms"
echo "turns, SQLite:                       $SQLITE_RPS turns/s, p99 $SQLITE_P99 ms"
echo "turns, PostgreSQL, one instance:     $PG1_RPS turns/s, p99 $PG1_P99 ms"
echo "turns, PostgreSQL, two behind nginx: $PG2_RPS turns/s, p99 $PG2_P99 ms"
echo "conversations in PostgreSQL: $(curl -s "http://127.0.0.1:$PG1_PORT/health" | sed 's/.*"conversations":\([0-9]*\).*/\1/')"
