"""Large blocks of memory go back to the system when Python frees them (Linux with glibc).

glibc serves a large allocation from its own mapping, given back on free, until a large block is freed:
then it raises that threshold to the block's size (up to 32 MB), and later large blocks come from the
heap, which it rarely gives back. A build makes and drops large strings all along (each page's HTML, a
changelog, the search index), so its memory only grew. A fixed threshold keeps them mapped."""

from __future__ import annotations

import ctypes
import ctypes.util

M_MMAP_THRESHOLD = -3  # mallopt's parameter (malloc.h)
THRESHOLD = 128 * 1024  # glibc's default starting threshold, kept


def give_back_large_blocks() -> None:
    """For this process, from now on; elsewhere than glibc nothing changes."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, THRESHOLD)
    except (OSError, AttributeError, TypeError):
        pass  # not glibc: its own allocator decides


def give_back_free_pages() -> None:
    """Give the system the free pages inside the heap too (glibc's malloc_trim), not only at its top."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        pass
