"""Start ``multipolar serve`` (and ``ingest --watch``) as real processes on loopback, for the
serve tests and the serve benchmark."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[1] / "src"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC), "MULTIPOLAR_DEBUG": ""}


def multipolar(*args: str) -> subprocess.Popen:
    """``multipolar ARGS`` in the background, its output going to a file (a pipe nobody reads
    while it runs could fill and stop it)."""
    output = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    process = subprocess.Popen(
        [sys.executable, "-m", "multipolar", *args],
        stdout=output,
        stderr=subprocess.STDOUT,
        env=environment(),
    )
    process.output = output  # type: ignore[attr-defined]
    return process


def printed(process: subprocess.Popen) -> str:
    output = process.output  # type: ignore[attr-defined]
    output.seek(0)
    return output.read()


def stop(process: subprocess.Popen, timeout: float = 20) -> str:
    """Ctrl-C the process, wait for it, and return what it printed."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return printed(process)


def finish(process: subprocess.Popen, timeout: float = 120) -> str:
    """Wait for a process that ends by itself; what it printed."""
    process.wait(timeout)
    return printed(process)


def get(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> tuple[int, dict, bytes]:
    """(status, headers with lower-case names, body) of one request (no redirects followed)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers), error.read()


def _lower(headers: Any) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def get_json(url: str, wait: float = 180, **options: Any) -> tuple[int, Any]:
    """(status, parsed body); a 202 ("computing") is asked again, as the page does, for *wait* s."""
    deadline = time.monotonic() + wait
    while True:
        status, _, body = get(url, **options)
        if status != 202 or time.monotonic() > deadline:
            return status, json.loads(body)
        time.sleep(0.5)


@contextmanager
def served(
    *args: str, host: str = "127.0.0.1", wait: float = 120, headers: dict | None = None
) -> Iterator[str]:
    """``multipolar serve ARGS`` on a free port; yields its base URL once it answers."""
    port = free_port()
    process = multipolar("serve", *args, "--host", host, "--port", str(port), "--refresh", "0.3")
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"serve exited: {stop(process)}")
            try:
                status, _, _ = get(f"{base}/api/status", headers=headers)
                if status in (200, 401):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"serve did not answer in {wait} s: {stop(process)}")
            time.sleep(0.2)
        process.base = base  # type: ignore[attr-defined]
        yield base
    finally:
        stop(process)
