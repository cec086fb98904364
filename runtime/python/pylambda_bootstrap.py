"""pylambda's runtime client, as the program Python runs: `python pylambda_bootstrap.py` (the handler in _HANDLER).

The client itself is pylambda_runtime. Python compiles the script it is given at every start and never
caches it, but keeps the bytecode of the modules it imports: kept this small, the script costs nothing,
where the whole client compiled anew took some 6 ms of every cold start.
"""

import os

if "_PYLAMBDA_DEBUG_LISTEN" in os.environ:
    import pylambda_debug

    pylambda_debug.attach()

import pylambda_runtime  # noqa: E402


def main():
    # A frame of its own, as Lambda's /var/runtime/bootstrap.py calls awslambdaric from its main(): the handler
    # module's import and the handler run as deep in the stack as under awslambdaric, and recurse as far
    # before a RecursionError (its stack trace is as long).
    pylambda_runtime.main()


main()
