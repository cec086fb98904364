"""Runs moto's server for `pylambda dev --local-aws`, and stops it when pylambda goes away.

pylambda stops moto's process group when it exits or is interrupted; killed outright (kill -9, a
crashed terminal) it cannot. Our stdin is a pipe from pylambda, so its end of file means pylambda is
gone: then moto exits too instead of holding its port and memory. Arguments are moto.server's.
"""

import sys

from pylambda_runtime_api import watch_parent


def main():
    watch_parent(exit_code=0)
    from moto.server import main as moto_main

    moto_main(sys.argv[1:])


if __name__ == "__main__":
    main()
