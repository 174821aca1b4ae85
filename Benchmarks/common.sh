# Shared by the load scripts: wrk runs reduced to "requests/s p99-ms", and waiting for a server.
# Sourced, not run; expects WORK (a temporary folder) and CONNECTIONS.

run() {  # script, duration, url → "requests/s p99-ms"
    wrk -t2 -c"$CONNECTIONS" -d"$2"s --latency -s "Benchmarks/$1" "$3" > "$WORK/$1.out"
    local rps p99
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$1.out")
    p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$WORK/$1.out")
    grep -q "Non-2xx" "$WORK/$1.out" && { echo "non-2xx answers in $1:" >&2; cat "$WORK/$1.out" >&2; exit 1; }
    echo "$rps $p99"
}

wait_for_health() {  # port
    for _ in $(seq 200); do curl -sf "http://127.0.0.1:$1/health" >/dev/null && return 0; sleep 0.1; done
    echo "no server on port $1" >&2
    exit 1
}
