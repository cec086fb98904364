"""The official runtime client, awslambdaric, started as Lambda's managed Python runtimes start it.

There /var/runtime/bootstrap.py imports json, logging, traceback and awslambdaric before it puts the code
directory (/var/task) on sys.path, reads the .pth files there (site.addsitedir), and hands awslambdaric the
handler from _HANDLER: sys.argv holds no handler. `python -m awslambdaric module.fn`, as a container image runs
it, puts the code directory first from the start, so a function's own json.py or logging.py broke the client
itself, which it does not on Lambda.
"""

import json  # noqa: F401
import logging  # noqa: F401
import os
import site
import sys
import time  # noqa: F401
import traceback  # noqa: F401
import warnings  # noqa: F401

if "_PYLAMBDA_DEBUG_LISTEN" in os.environ:
    # Before awslambdaric is imported, as pylambda's own client attaches before it imports anything of its own.
    import pylambda_debug

    pylambda_debug.attach()

import awslambdaric.__main__ as awslambdaric_main  # noqa: E402


def main():
    root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    sys.path[0] = root
    for directory in [root] + [d for d in os.environ.pop("_PYLAMBDA_SITE_DIRS", "").split(os.pathsep) if d]:
        site.addsitedir(directory)
    del sys.argv[1:]
    awslambdaric_main.main([sys.argv[0], os.environ["_HANDLER"]])


main()
