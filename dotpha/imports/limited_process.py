"""Run a reading function in a child process under a ceiling on its memory and its time; what a file made
to exhaust the server then exhausts is the child alone. No Django here: the child is forked from
multiprocessing's fork server, a small process started once with only this module and the readers loaded,
so each reading costs a fork, not a new interpreter, and never forks a web process with its threads and
database connections."""

import io
import math
import multiprocessing
import os
import resource
from collections.abc import Callable
from multiprocessing import forkserver, popen_forkserver, process, reduction, spawn, util
from multiprocessing.connection import Connection
from multiprocessing.context import set_spawning_popen
from typing import Any

from dotpha.imports.reader import NOT_XLSX_MESSAGE, ArchiveLimits, WorkbookError

MEMORY_MESSAGE = "Tệp cần quá nhiều bộ nhớ để đọc; hãy chia thành nhiều tệp nhỏ hơn"
TIMEOUT_MESSAGE = "Đọc tệp quá lâu; hãy chia thành nhiều tệp nhỏ hơn"
_PRELOAD = ["dotpha.imports.limited_process", "dotpha.imports.task_sheet", "dotpha.imports.org_sheets"]


def run_limited[T](
    read: Callable[[bytes, ArchiveLimits], T],
    data: bytes,
    limits: ArchiveLimits,
    *,
    memory: int,
    seconds: float,
) -> T:
    """`read(data, limits)` in a child whose address space may grow by `memory` bytes, for `seconds` at
    most. Raises WorkbookError with the reader's own message, or MEMORY_MESSAGE / TIMEOUT_MESSAGE."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    receiving, sending = context.Pipe(duplex=False)
    child = _ReaderProcess(target=_child, args=(sending, read, data, limits, memory, seconds), daemon=True)
    child.start()
    sending.close()  # the child holds the only writing end: its death reads as end of file
    try:
        if not receiving.poll(seconds):
            raise WorkbookError(TIMEOUT_MESSAGE)
        try:
            kind, value = receiving.recv()
        except EOFError:  # died without a word: killed, or memory ran out where Python could not say so
            raise WorkbookError(MEMORY_MESSAGE) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiving.close()
    if kind != "ok":
        raise WorkbookError(value)
    return value


def _child(
    sending: Connection,
    read: Callable[[bytes, ArchiveLimits], Any],
    data: bytes,
    limits: ArchiveLimits,
    memory: int,
    seconds: float,
) -> None:
    outcome: tuple[str, Any]
    try:
        _limit_memory(memory)
        _limit_cpu(seconds)
        outcome = ("ok", read(data, limits))
    except WorkbookError as error:
        outcome = ("error", error.message)
    except MemoryError:
        outcome = ("error", MEMORY_MESSAGE)
    except Exception:
        outcome = ("error", NOT_XLSX_MESSAGE)
    try:
        sending.send(outcome)
    except MemoryError:
        outcome = ("error", MEMORY_MESSAGE)
        sending.send(outcome)
    finally:
        sending.close()


def _limit_memory(extra: int) -> None:
    """Address space: what the child already has (the fork server's interpreter and openpyxl) plus
    `extra`. Past it, allocations fail with MemoryError instead of the machine swapping or the kernel
    killing a web worker."""
    try:
        with open("/proc/self/statm") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: the ceiling is then `extra` alone
        current = 0
    ceiling = current + extra
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def _limit_cpu(seconds: float) -> None:
    """CPU time, the same as the parent's wall-clock wait. The parent kills the child when it stops waiting,
    but a parent that is itself killed first (gunicorn's worker timeout, a restart) cannot: the child belongs
    to the fork server and would go on parsing. The kernel ends it then (SIGXCPU, SIGKILL a second later)."""
    soft = max(1, math.ceil(seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 1))


class _ReaderPopen(popen_forkserver.Popen):
    """multiprocessing's fork-server start, minus one step: the child would first run the parent's main
    script again (Python 3.13's fork server never preloads it, though asked to), which is all of gunicorn
    or pytest for a reading that needs none of it. Otherwise as popen_forkserver.Popen._launch."""

    def _launch(self, process_obj):
        prep_data = spawn.get_preparation_data(process_obj._name)
        prep_data.pop("init_main_from_path", None)
        prep_data.pop("init_main_from_name", None)
        buf = io.BytesIO()
        set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)  # type: ignore[attr-defined]
        parent_w = os.dup(w)
        self.finalizer = util.Finalize(self, util.close_fds, (parent_w, self.sentinel))  # type: ignore[attr-defined]
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _ReaderProcess(process.BaseProcess):
    _start_method = "forkserver"

    @staticmethod
    def _Popen(process_obj):
        return _ReaderPopen(process_obj)
