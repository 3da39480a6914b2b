"""Readers that misbehave, for the child-process ceiling tests. No Django here: the child imports this."""

import time

from dotpha.imports.reader import ArchiveLimits


def allocate_a_gigabyte(data: bytes, limits: ArchiveLimits) -> int:
    return len(bytearray(1024 * 1024 * 1024))


def sleep_a_minute(data: bytes, limits: ArchiveLimits) -> None:
    time.sleep(60)
