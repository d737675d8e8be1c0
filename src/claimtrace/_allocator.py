"""The C allocator's settings for a process that analyses batch after batch.

Set by the command line and the benchmarks for their own process; a library
caller's allocator is left as it is.
"""

from __future__ import annotations

import ctypes

# glibc's mallopt parameters (malloc.h) and the values ``keep_freed_memory`` sets.
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3
_ALLOCATOR = {_M_MMAP_THRESHOLD: 32 << 20, _M_TRIM_THRESHOLD: 256 << 20, _M_TOP_PAD: 64 << 20}


def keep_freed_memory() -> bool:
    """Have the C allocator keep the memory it frees, for the next batch; True if it could.

    Each batch's numpy arrays are large enough that glibc maps them afresh
    and returns them to the system when freed: the next batch then faults
    in every page again (80,000 faults over the 840 train articles, against
    49,000 with this; a fault costs microseconds on a virtual machine). Peak
    memory grows by a few megabytes. Elsewhere than glibc, nothing changes.
    """
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return all(mallopt(param, value) == 1 for param, value in _ALLOCATOR.items())
