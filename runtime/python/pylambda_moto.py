"""Runs moto's server for `pylambda dev --local-aws`, and stops it when pylambda goes away.

pylambda stops moto's process group when it exits or is interrupted; killed outright (kill -9, a
crashed terminal) it cannot. Our stdin is a pipe from pylambda, so its end of file means pylambda is
gone: then moto exits too instead of holding its port and memory. Arguments are moto.server's.
"""

import os
import sys
import threading


def watch_parent():
    try:
        while os.read(0, 4096):
            pass
    finally:
        os._exit(0)


def main():
    threading.Thread(target=watch_parent, name="pylambda-parent-watch", daemon=True).start()
    from moto.server import main as moto_main

    moto_main(sys.argv[1:])


if __name__ == "__main__":
    main()
