# Reads a wrk output (with --latency, from a bench/wrk script, whose done() prints the status counts) and prints
# "req/s 5xx failures p99ms p50ms"; failures are the statuses the script does not count as success plus socket errors.
import re
import sys

text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
counts = {int(k): int(v) for k, v in re.findall(r"(\d+)=(\d+)", (re.search(r"status counts:(.*)", text) or [None, ""])[1])}
ok = re.search(r"success \(.*\): (\d+) of (\d+)", text)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
fail = (int(ok.group(2)) - int(ok.group(1)) if ok else 0) + (sum(map(int, sock.groups())) if sock else 0)


def percentile_ms(p):
    m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else float("nan")


print(f"{rps:.1f} {sum(n for s, n in counts.items() if 500 <= s < 600)} {fail} {percentile_ms(99):.2f} {percentile_ms(50):.2f}")
