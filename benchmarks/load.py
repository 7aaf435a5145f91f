"""Load test of ``hongshan-policy serve``: requests/s and p50/p99 latency of ``POST /v1/assess`` (loopback only).

For each number of workers (1 and 2) the script starts ``hongshan-policy serve``
on a free port of 127.0.0.1, waits for ``/v1/health``, then for each
concurrency (1, 16 and 64) sends ``POST /v1/assess`` with
``examples/used-car/dealer.json`` from that many concurrent connections (after a
warm-up), bounded both in count (``--requests``) and in time (``--seconds``), and
stops the server. Every answer is checked (status 200 and the same bytes as the
first answer); a failed request is counted and makes the exit status 1.

    python benchmarks/load.py                       # the figures of docs/performance.md
    python benchmarks/load.py --requests 200 --seconds 5   # a quick check

Only 127.0.0.1 is ever contacted. Needs the ``service`` extra and httpx.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BODY = (ROOT / "examples" / "used-car" / "dealer.json").read_bytes()


@dataclass
class Result:
    workers: int
    concurrency: int
    requests: int
    failed: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index] * 1000


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start(workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    command = [sys.executable, "-m", "hongshan_policy.cli", "serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                return process, port
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start within 60 s")


async def _post(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> tuple[int, bytes]:
    """One request on a kept-alive connection: (status, body). A plain HTTP/1.1 client keeps its own cost small."""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    length = next(int(line.split(":", 1)[1]) for line in lines[1:] if line.lower().startswith("content-length:"))
    return status, await reader.readexactly(length)


async def run(port: int, workers: int, concurrency: int, total: int, seconds: float) -> Result:
    request = (
        f"POST /v1/assess HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(BODY)}\r\n\r\n"
    ).encode() + BODY
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    status, expected = await _post(reader, writer, request)
    assert status == 200, status
    for _ in range(min(50, total)):  # warm-up
        await _post(reader, writer, request)
    writer.close()
    latencies: list[float] = []
    failed = 0
    sent = 0
    stop_at = time.monotonic() + seconds

    async def user() -> None:
        nonlocal failed, sent
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while sent < total and time.monotonic() < stop_at:
                sent += 1
                began = time.perf_counter()
                try:
                    status, body = await _post(reader, writer, request)
                    ok = status == 200 and body == expected
                except (OSError, asyncio.IncompleteReadError, ValueError, StopIteration):
                    ok = False
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                latencies.append(time.perf_counter() - began)
                failed += not ok
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(user() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    return Result(workers, concurrency, len(latencies), failed, elapsed, latencies)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000, help="requests per run at most (default 5000)")
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds per run at most (default 20)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16, 64])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)

    import uvicorn

    import hongshan_policy

    print(f"date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}")
    print(f"machine: {platform.platform()}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}")
    print(
        f"hongshan-policy {hongshan_policy.__version__}, uvicorn {uvicorn.__version__}; a plain asyncio HTTP/1.1 client"
    )
    print(f"command: python benchmarks/load.py {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip())
    print()
    print("| workers | concurrency | requests | failed | requests/s | p50 ms | p99 ms |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    failures = 0
    for workers in args.workers:
        process, port = start(workers)
        try:
            for concurrency in args.concurrency:
                result = asyncio.run(run(port, workers, concurrency, args.requests, args.seconds))
                failures += result.failed
                print(
                    f"| {workers} | {concurrency} | {result.requests} | {result.failed} | {result.rate:,.0f} | "
                    f"{result.percentile(50):.1f} | {result.percentile(99):.1f} |",
                    flush=True,
                )
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    if failures:
        print(f"\n{failures} failed requests", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
