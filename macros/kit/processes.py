"""Child processes that end when the process that started them ends, however it ends.

`make site` runs mkdocs as a child, and the PDF step renders in a pool of
workers. Killed with SIGKILL, or by a signal it has no handler for, a parent
leaves its children running: a build writing into a folder nobody will
use, workers blocked forever on a queue nobody feeds. Linux can tie a
child's life to its parent (prctl PR_SET_PDEATHSIG): the child gets SIGKILL
the moment its parent ends. Elsewhere this does nothing, and the parents'
own clean-up (publish.py, pdf/build.py) is all there is.
"""

from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def _load_prctl():
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


# Looked up in the parent, once, so a freshly forked child only makes the call.
_PRCTL = _load_prctl()


def end_with_parent(parent_pid: int) -> None:
    """Call first in a child: it is killed when `parent_pid` ends, and ends at once if that has happened."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent ended before the request took hold
        os._exit(1)
