"""Which installed distribution provides each top-level import name, and which names are the stdlib.

Standard library only, Python 3.9+. pylambda groups import time by distribution with it.

    python pylambda_modules.py [--path DIR ...] [--root DIR] [--compile FILE ...]

--path puts a directory first on sys.path before looking (the function's code directory, where
`pip install --target` put its dependencies; a layer's python/ folder). --root lists the project's own
top-level modules. Prints one JSON object:

    {"python": "3.12.4",
     "packages": {"simplejson": [{"name": "simplejson", "version": "3.19.3"}], ...},
     "stdlib": ["__future__", "_abc", ...],
     "local": ["lambda_function", "src"],          (only with --root)
     "compile": {"files": 2, "bytes": 5120, "ms": 1.8},   (only with --compile)
     "no_bytecode": {"boto3": {"files": 40, "missing": 40}}}   (only with --bytecode)

--compile times compiling the given source files, minus loading the same code back as a .pyc does
(marshal): what shipping bytecode would take off a cold start that imports them.

--bytecode lists, of the given top-level import names, those most of whose modules have no .pyc for this
interpreter (an environment filled by uv, which does not compile): a profile run with
PYTHONDONTWRITEBYTECODE compiles them at every start, where a package shipped with .pyc would not.

A name may come from several distributions (namespace packages such as `google`), hence the lists.
"""

import argparse
import json
import os
import sys
import sysconfig

try:
    from importlib import metadata
except ImportError:  # pragma: no cover - Python 3.7 and older are not supported
    metadata = None


def _dist_name(dist):
    return dist.metadata["Name"] or ""


def _top_level_names(dist):
    """The import names a distribution provides: top_level.txt when present, else inferred from RECORD.

    The same two sources importlib.metadata.packages_distributions() reads on 3.10+, for 3.9.
    """
    declared = dist.read_text("top_level.txt")
    if declared:
        return {line.strip() for line in declared.splitlines() if line.strip()}
    names = set()
    for path in dist.files or ():
        parts = path.parts
        if not parts or parts[0] in ("..", "__pycache__"):
            continue
        if len(parts) > 1:
            name = parts[0]
        elif parts[0].endswith((".py", ".so", ".pyd")):
            name = parts[0].split(".", 1)[0]
        else:
            continue
        if name and "." not in name and not name.endswith("-stubs"):
            names.add(name)
    return names


def packages():
    found = {}
    seen = set()
    mapping = metadata.packages_distributions() if hasattr(metadata, "packages_distributions") else None
    dists = {}
    for dist in metadata.distributions():
        name = _dist_name(dist)
        if name and name.lower() not in dists:  # first on sys.path wins, as for imports
            dists[name.lower()] = dist
    if mapping is None:
        mapping = {}
        for dist in dists.values():
            for top in _top_level_names(dist):
                mapping.setdefault(top, []).append(_dist_name(dist))
    for top, names in mapping.items():
        for name in names:
            dist = dists.get(name.lower())
            key = (top, name.lower())
            if dist is None or key in seen:
                continue
            seen.add(key)
            found.setdefault(top, []).append({"name": _dist_name(dist), "version": dist.version})
    return {top: sorted(entries, key=lambda e: e["name"].lower()) for top, entries in sorted(found.items())}


def stdlib_names():
    if hasattr(sys, "stdlib_module_names"):  # 3.10+
        return sorted(sys.stdlib_module_names)
    # 3.9: what the interpreter has built in, plus what its stdlib directories hold.
    names = set(sys.builtin_module_names)
    stdlib = sysconfig.get_paths()["stdlib"]
    for directory in (stdlib, os.path.join(stdlib, "lib-dynload")):
        try:
            entries = os.listdir(directory)
        except OSError:
            continue
        for entry in entries:
            if entry in ("site-packages", "dist-packages", "__pycache__") or entry.startswith("."):
                continue
            if entry.endswith((".py", ".so", ".pyd")):
                names.add(entry.split(".", 1)[0])
            elif os.path.isfile(os.path.join(directory, entry, "__init__.py")):
                names.add(entry)
    return sorted(n for n in names if n.isidentifier())


def local_names(root, installed):
    names = set()
    for entry in os.listdir(root):
        path = os.path.join(root, entry)
        if entry.startswith(".") or entry in ("__pycache__", "__init__.py") or entry in installed:
            continue
        if entry.endswith(".py") and os.path.isfile(path):
            names.add(entry[:-3])
        elif os.path.isdir(path) and entry.isidentifier() and not os.path.exists(os.path.join(path, "pyvenv.cfg")):
            if any(f.endswith(".py") for f in os.listdir(path)):
                names.add(entry)
    return sorted(n for n in names if n.isidentifier() and n not in installed)


def compile_cost(files, passes=3):
    """Best of `passes` timings: compiling is CPU-bound, so the fastest pass is the least disturbed one."""
    import marshal
    import time

    sources = []
    for path in files:
        try:
            with open(path, "rb") as f:
                sources.append((path, f.read()))
        except OSError:
            continue
    best = None
    for _ in range(passes):
        spent = 0.0
        for path, data in sources:
            started = time.perf_counter()
            try:
                code = compile(data, path, "exec", dont_inherit=True)
            except (SyntaxError, ValueError):
                continue
            compiled = time.perf_counter()
            blob = marshal.dumps(code)
            loading = time.perf_counter()
            marshal.loads(blob)
            spent += (compiled - started) - (time.perf_counter() - loading)
        best = spent if best is None else min(best, spent)
        if spent > 0.5:  # a large code base: one pass is precise enough and keeps this quick
            break
    return {"files": len(sources), "bytes": sum(len(d) for _, d in sources), "ms": round(max(best or 0.0, 0.0) * 1000, 3)}


def missing_bytecode(names, limit=5000):
    """Modules installed in the interpreter's environment (its site-packages) only: the code directory's
    are the package's, which pylambda coldstart's no-bytecode finding covers."""
    import importlib.util

    paths = sysconfig.get_paths()
    installed = tuple(os.path.join(os.path.realpath(p), "") for p in {paths["purelib"], paths["platlib"]})
    out = {}
    for name in names:
        try:
            spec = importlib.util.find_spec(name)
        except Exception:
            continue
        if spec is None or not spec.origin or not spec.origin.endswith(".py") or not os.path.realpath(spec.origin).startswith(installed):
            continue
        files = [spec.origin]
        for root in spec.submodule_search_locations or ():
            for directory, dirs, entries in os.walk(root):
                dirs[:] = [d for d in dirs if d != "__pycache__"]
                files.extend(os.path.join(directory, e) for e in entries if e.endswith(".py"))
                if len(files) > limit:
                    break
        files = sorted(set(files))
        missing = sum(1 for f in files if not os.path.exists(importlib.util.cache_from_source(f)))
        if missing * 2 > len(files):
            out[name] = {"files": len(files), "missing": missing}
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description="Map import names to installed distributions.")
    parser.add_argument("--path", action="append", default=[], help="a directory to search first (repeatable)")
    parser.add_argument("--root", help="the function's code directory, to list its own top-level modules")
    parser.add_argument("--compile", nargs="+", default=[], metavar="FILE", help="source files to time compiling")
    parser.add_argument("--bytecode", nargs="+", default=[], metavar="NAME", help="import names to check for .pyc")
    args = parser.parse_args(argv)
    for directory in reversed(args.path):
        sys.path.insert(0, os.path.abspath(directory))
    result = {
        "python": "%d.%d.%d" % sys.version_info[:3],
        "packages": packages(),
        "stdlib": stdlib_names(),
    }
    if args.root:
        result["local"] = local_names(os.path.abspath(args.root), set(result["packages"]))
    if args.compile:
        result["compile"] = compile_cost(args.compile)
    if args.bytecode:
        result["no_bytecode"] = missing_bytecode(args.bytecode)
    sys.stdout.write(json.dumps(result, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
