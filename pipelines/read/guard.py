"""The reading step in a child process held to a memory and a time limit.

The child is forked from a fork server (``multiprocessing``'s ``forkserver``: a fresh, idle
interpreter that has imported the readers once), never from the caller: the caller may be the
Dagster daemon or hold pyarrow's thread pool, and forking a threaded process can deadlock the
child. The child sets ``RLIMIT_AS`` to what it already maps plus :attr:`Limits.memory_bytes`
before reading, so an allocation beyond it fails inside the child (a ``MemoryError``, or a native
abort in calamine); the parent waits at most :attr:`Limits.seconds`. Whatever happens, the
caller gets the result or a :class:`ReadError`, and its own memory never holds more than the
result.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import resource
import signal
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipelines.read import limits as L
from pipelines.read.model import ReadError

PRELOAD = ["pipelines.read.guarded"]  # imported once by the fork server, so each child starts warm


def run_guarded(fn: Callable[..., Any], args: tuple, path: Path | str, limits: L.Limits) -> Any:
    """``fn(*args)`` in a child process under ``limits``; its return value (pickled back), or
    its :class:`ReadError`, or a ReadError naming the limit that stopped it."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    receive, send = ctx.Pipe(duplex=False)
    # what a native crash prints (Rust's "memory allocation of N bytes failed" and its backtrace)
    # goes to a file of ours, not to the officer's terminal; its first line names the crash
    with tempfile.NamedTemporaryFile(prefix="satudata-read-", suffix=".log") as log:
        child = ctx.Process(target=_child, args=(send, fn, args, path, limits, log.name))
        try:
            child.start()
        except OSError as exc:  # no process to be had (EAGAIN, ENOMEM): a reader failure like any other
            send.close()
            receive.close()
            raise L.reader_failed(path, exc) from exc
        send.close()
        try:
            if not receive.poll(limits.seconds):
                raise L.reader_timeout(path, limits)
            try:
                status, payload = receive.recv()
            except (EOFError, OSError):
                child.join(5)
                death = _death(child.exitcode, log.name)
                if "memory allocation of" in death:  # a native allocation the address-space limit refused
                    raise L.out_of_memory(path, limits) from None
                raise L.reader_crashed(path, limits, death) from None
        finally:
            receive.close()
            if child.is_alive():
                child.kill()
            child.join()
    if status == "ok":
        return payload
    raise payload


def _death(exitcode: int | None, log: str) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"signal {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"signal {-exitcode}"
    else:
        how = f"exit code {exitcode}"
    with open(log, errors="replace") as fh:
        first = fh.readline(200).strip()
    return f"{how}: {first}" if first else how


def _vm_size() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _lower(which: int, value: int) -> None:
    """Set a limit, never above the one already in force (a test or prlimit may hold a lower)."""
    soft, hard = resource.getrlimit(which)
    cap = min(v for v in (value, soft, hard) if v != resource.RLIM_INFINITY) if value else value
    resource.setrlimit(which, (cap, cap))


def _child(send, fn: Callable[..., Any], args: tuple, path, limits: L.Limits, log: str) -> None:
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    os.dup2(fd, 2)
    os.close(fd)
    _lower(resource.RLIMIT_AS, _vm_size() + limits.memory_bytes)
    _lower(resource.RLIMIT_CPU, math.ceil(limits.seconds) + 5)  # the parent's wall clock acts first
    error: ReadError | None = None
    try:
        result = fn(*args)
    except ReadError as err:
        error = err
    except MemoryError:
        error = L.out_of_memory(path, limits)
    except Exception as exc:  # a reader bug is a refused file, with the error's name
        error = L.reader_failed(path, exc)
    if error is not None:
        send.send(("refused", error))
        return
    try:
        send.send(("ok", result))
    except MemoryError:
        del result
        send.send(("refused", L.out_of_memory(path, limits)))
