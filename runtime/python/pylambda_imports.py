"""The standard modules a function's code gets where it has a file of the same name, as on Lambda.

Lambda's Python runtime (/var/runtime/bootstrap.py, which imports awslambdaric) has loaded json, logging,
traceback, decimal and what they import before it puts /var/task on sys.path. A function's own token.py,
string.py or logging.py therefore replaces none of them, neither for the runtime nor for the function's
`import logging`; a module of another name (resource.py, say) is the function's. pylambda's client loads most
of them only when something first imports them (a cold start that never logs does not pay for logging), so a
finder stands in for the preload: those names come from the standard library whatever the function's
directories hold.
"""

import os
import sys
from importlib.machinery import PathFinder

# What `import json, logging, os, site, sys, time, traceback, warnings, awslambdaric.__main__` leaves in
# sys.modules beyond Python's own start-up (Python 3.11; simplejson, the runtime's own copy, left out: a
# function that imports it needs it installed). Only top-level names can be shadowed: a submodule is looked
# for in its package's directory.
LAMBDA_PRELOADED = frozenset((
    "abc", "atexit", "codecs", "collections", "contextlib", "copyreg", "decimal", "enum", "functools", "importlib",
    "io", "json", "keyword", "linecache", "logging", "math", "numbers", "operator", "os", "re", "reprlib", "string",
    "textwrap", "threading", "time", "token", "tokenize", "traceback", "types", "warnings", "weakref",
))

# The interpreter's own directories: sys.path as Python made it, without the script's directory (ours) and
# without PYTHONPATH's entries (the function's layers and its own additions).
_PYTHONPATH = set(filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep)))
_STDLIB_PATH = [p for p in sys.path[1:] if p and p not in _PYTHONPATH]
_on_load = {}
_DIR = os.path.dirname(os.path.abspath(__file__))


class _Preloaded:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if path is not None or name not in LAMBDA_PRELOADED:
            return None
        spec = PathFinder.find_spec(name, _STDLIB_PATH)
        # None: a built-in or frozen module, which no file of the function's can shadow anyway.
        if spec is None or spec.loader is None:
            return spec
        hook = _on_load.pop(name, None)
        if hook is not None:
            run = spec.loader.exec_module

            def exec_module(module):
                run(module)
                hook(module)

            spec.loader.exec_module = exec_module
        return spec

    @staticmethod
    def invalidate_caches():
        pass


def set_up_path():
    """sys.path as Lambda's bootstrap makes it: the preloaded names kept standard first, then the code's
    directory in front (in place of our own, the script's), then, as site.addsitedir does there, the .pth files
    of the code directory and of the layers' site directories (pylambda lists them in _PYLAMBDA_SITE_DIRS when
    the function sets no PYTHONPATH of its own, as Lambda adds /opt's only then)."""
    if _Preloaded not in sys.meta_path:
        sys.meta_path.insert(0, _Preloaded)
    root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    sys.path[0] = root
    sites = [root] + [d for d in os.environ.pop("_PYLAMBDA_SITE_DIRS", "").split(os.pathsep) if d]
    if any(_has_pth(d) for d in sites):
        import site

        for d in sites:
            site.addsitedir(d)


def _has_pth(directory):
    # A listing costs microseconds where site.addsitedir (and importing site under -S) would cost more.
    try:
        return any(name.endswith(".pth") for name in os.listdir(directory))
    except OSError:
        return False


def when_loaded(name, hook):
    """Calls hook(module) once the preloaded module `name` has run its top-level code, or now if it has."""
    module = sys.modules.get(name)
    if module is not None:
        hook(module)
    else:
        _on_load[name] = hook


def private_import(name):
    """A standard module for the runtime's own use, kept out of sys.modules: Lambda's runtime never imports
    it, so `import resource` in the function must still find the function's own resource.py first."""
    spec = PathFinder.find_spec(name, _STDLIB_PATH)
    if spec is None:
        # Built in: the import system finds it before any directory.
        return __import__(name)
    from importlib.util import module_from_spec

    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def errors():
    """pylambda_errors, imported at the first failure from our dir, on sys.path for that moment only: the
    function's code never sees it there (set_up_path put the code's directory in its place)."""
    module = sys.modules.get("pylambda_errors")
    if module is None:
        sys.path.insert(0, _DIR)
        try:
            import pylambda_errors as module
        finally:
            sys.path.remove(_DIR)
    return module
