"""Readers that misbehave, for the child-process ceiling tests. No Django here: the child imports this."""

import resource
import time

from dotpha.imports.reader import ArchiveLimits


def allocate_a_gigabyte(data: bytes, limits: ArchiveLimits) -> int:
    return len(bytearray(1024 * 1024 * 1024))


def sleep_a_minute(data: bytes, limits: ArchiveLimits) -> None:
    time.sleep(60)


def cpu_time_limit(data: bytes, limits: ArchiveLimits) -> tuple[int, int]:
    return resource.getrlimit(resource.RLIMIT_CPU)


def spin_without_a_parent(data: bytes, limits: ArchiveLimits) -> int:
    """Burn CPU in a grandchild the parent never waits for, as a reader orphaned by a killed web worker
    would; answer the grandchild's pid at once. The limit is inherited across fork."""
    import os

    pid = os.fork()
    if pid == 0:
        while True:
            pass
    return pid
