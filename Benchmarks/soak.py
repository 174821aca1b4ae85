#!/usr/bin/env python3
"""Memory soak of `lotse serve` with bursts: does the server give memory back when idle?

Starts the server (the binary given, default .build/release/lotse) on a scratch database, warms it
up, takes its resident memory as the baseline, then runs rounds of a burst of BURST concurrent
connections (each a dialogue turn of its own sender) followed by steady turns, and finally waits
IDLE seconds. Prints the resident memory (MB) at the baseline, the peak and the end, and fails
(exit 1) when the end is more than 20 % above the baseline. Bounded in time: a few minutes at most.

    Benchmarks/soak.py [BINARY]          # ROUNDS=5 BURST=2000 IDLE=30 by default
"""
import asyncio, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/lotse")
ROUNDS, BURST, STEADY = int(os.environ.get("ROUNDS", 5)), int(os.environ.get("BURST", 2000)), int(os.environ.get("STEADY", 2000))
IDLE, PURGE = float(os.environ.get("IDLE", 30)), os.environ.get("PURGE_INTERVAL", "5")
LIMIT = 1.2  # the end may be at most 20 % above the baseline


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def turn(port, sender, text):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    body = json.dumps({"sender": sender, "message": text}).encode()
    writer.write(b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
    await writer.drain()
    answer = await reader.read()
    writer.close()
    return answer.startswith(b"HTTP/1.1 200")


async def burst(port, round_number, count):
    lines = ["Ich suche einen Deutschkurs", "34", "A1", "Parchim"]
    results = await asyncio.gather(*(turn(port, f"soak-{round_number}-{i}", lines[i % len(lines)]) for i in range(count)),
                                   return_exceptions=True)
    return sum(1 for r in results if r is True)


async def steady(port, round_number, count, parallel=32):
    ok = 0
    for start in range(0, count, parallel):
        results = await asyncio.gather(*(turn(port, f"steady-{round_number}-{(start + i) % 500}", "hallo")
                                         for i in range(min(parallel, count - start))), return_exceptions=True)
        ok += sum(1 for r in results if r is True)
    return ok


def main():
    work = tempfile.mkdtemp(prefix="lotse-soak-")
    port = free_port()
    server = subprocess.Popen([BINARY, "serve", "--root", ROOT, "--port", str(port), "--database", os.path.join(work, "soak.sqlite"),
                               "--rate-per-minute", "100000000", "--purge-interval", PURGE, "--log-level", "warning"])
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        asyncio.run(steady(port, "warm", 1000))
        time.sleep(IDLE)
        baseline = peak = rss_mb(server.pid)
        answered = 0
        started = time.time()
        for number in range(ROUNDS):
            answered += asyncio.run(burst(port, number, BURST))
            peak = max(peak, rss_mb(server.pid))
            answered += asyncio.run(steady(port, number, STEADY))
            peak = max(peak, rss_mb(server.pid))
        load_seconds = time.time() - started
        time.sleep(IDLE)
        end = rss_mb(server.pid)
        print(f"{answered} of {ROUNDS * (BURST + STEADY)} turns answered 200 in {load_seconds:.0f} s; "
              f"resident memory: baseline {baseline:.0f} MB, peak {peak:.0f} MB, after {IDLE:.0f} s idle {end:.0f} MB "
              f"({100 * (end / baseline - 1):+.0f} %)")
        return 0 if end <= baseline * LIMIT else 1
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
