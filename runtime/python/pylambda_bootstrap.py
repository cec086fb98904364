"""pylambda's runtime client, as the program Python runs: `python -u pylambda_bootstrap.py` (the handler in _HANDLER).

The client itself is pylambda_runtime. Python compiles the script it is given at every start and never
caches it, but keeps the bytecode of the modules it imports: kept this small, the script costs nothing,
where the whole client compiled anew took some 6 ms of every cold start.
"""

import os

if "_PYLAMBDA_DEBUG_LISTEN" in os.environ:
    import pylambda_debug

    pylambda_debug.attach()

from pylambda_runtime import main  # noqa: E402

main()
