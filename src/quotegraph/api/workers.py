"""Several server processes on one port, each with its own ``SO_REUSEPORT`` socket.

``uvicorn --workers N`` shares one listening socket, and with uvloop the first process to wake
accepts every waiting connection: under a burst of keep-alive clients a few processes serve
most of them while the others idle, and the slowest queue sets the tail latency. With one
socket per process the kernel spreads new connections over the processes by hash.

    python -m quotegraph.api.workers --host 127.0.0.1 --port 8000 --workers 4

The store is ``$QUOTEGRAPH_DB`` (and the keys ``$QUOTEGRAPH_API_KEY``/``$QUOTEGRAPH_READ_KEY``),
read by each process.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import signal
import socket
import sys
from types import FrameType


def _socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _worker(host: str, port: int, log_level: str) -> None:
    import uvicorn

    sock = _socket(host, port)
    config = uvicorn.Config("quotegraph.server.app:create_app_from_env", factory=True,
                            log_level=log_level, access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def serve_workers(host: str, port: int, workers: int, log_level: str = "info") -> int:
    """Run ``workers`` server processes on ``host:port`` until SIGINT or SIGTERM.

    Args:
        host: address to listen on.
        port: TCP port.
        workers: server processes.
        log_level: uvicorn's log level.

    Returns:
        0 after a clean stop; 1 when a process died on its own.
    """
    if not hasattr(socket, "SO_REUSEPORT"):
        raise OSError("this system has no SO_REUSEPORT; run one process (--workers 1)")
    # A socket without SO_REUSEPORT cannot share the port: this fails when anything (another
    # server of ours included) listens there already, before any process starts.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as err:
            raise OSError(f"cannot listen on {host}:{port}: {err.strerror}; is another server running there?") from None
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_worker, args=(host, port, log_level), name=f"quotegraph-{i}")
             for i in range(workers)]
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for p in procs:
            if p.is_alive():
                p.terminate()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, stop)
    for p in procs:
        p.start()
    status = 0
    for p in procs:
        p.join()
        if p.exitcode not in (0, -signal.SIGTERM) and not stopping:
            status = 1
            stop(signal.SIGTERM, None)
    return status


def main(argv: list[str] | None = None) -> int:
    """``python -m quotegraph.api.workers``: see the module's docstring."""
    parser = argparse.ArgumentParser(prog="python -m quotegraph.api.workers")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    return serve_workers(args.host, args.port, args.workers, args.log_level)


if __name__ == "__main__":
    sys.exit(main())
