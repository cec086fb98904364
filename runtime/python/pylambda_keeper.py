"""Ends the process groups pylambda froze, when pylambda goes away: `python -I -S pylambda_keeper.py`.

A runtime ends itself and its group when pylambda is killed outright (its watch of stdin, in
pylambda_runtime_api.py), but not while it is frozen (SIGSTOP to its group): it would stay stopped forever,
with what the function started. pylambda starts this keeper the first time it freezes a group, in a group of
its own that is never frozen, and tells it on stdin which groups to end: `+<pgid>` when one is first frozen,
`-<pgid>` once it is gone. At the end of stdin (pylambda exited, however it did) SIGKILL, which a stopped
process obeys, goes to each group still listed. Standard library only.
"""

import os
import signal
import sys


def main():
    groups = set()
    for line in sys.stdin.buffer:
        sign, pgid = line[:1], line[1:].strip()
        if not pgid.isdigit():
            continue
        if sign == b"+":
            groups.add(int(pgid))
        elif sign == b"-":
            groups.discard(int(pgid))
    for pgid in groups:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except OSError:
            pass  # gone already


main()
