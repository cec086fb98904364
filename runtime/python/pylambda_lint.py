"""Static review of a Lambda function's Python code for cold-start and init-phase problems.

Standard library only, Python 3.9+. It reads the code with `ast` and never imports or runs it.

    python pylambda_lint.py --root DIR [--handler module.function] [--heavy a,b] [--lambda-env A,B] [--all]
                            [--json] [FILE ...]

Which files: the FILEs given (paths relative to --root or absolute); else, with --handler, the
project's own modules the handler module reaches through its imports (a script or a test that Lambda
never imports cannot slow a cold start, so it is not reviewed); else, or with --all, every .py file
under --root except virtual environments, tests, caches, hidden folders and vendored dependencies.

Output: a JSON list, one object per problem, sorted by file and position:
    {"rule", "file" (relative, /-separated), "line" (1-based), "column" (1-based), "message", "fix"}
plus "module" and "names" on `heavy-import` findings. Rules: client-in-handler, network-at-import,
heavy-import, env-required, env-unchecked, snapstart, syntax-error (see pylambda_lint_rules.py).
Exit status 0 even with findings; 2 for bad arguments.
"""

import argparse
import ast
import json
import os
import sys

from pylambda_lint_rules import Project, lint_project

# Folders that never hold code Lambda runs from the package root.
_SKIP_DIRS = frozenset((".venv", "venv", "node_modules", "tests", "test", "__pycache__", "site-packages",
                        "dist-packages"))


def _vendored(directory):
    """Top-level names that `pip install --target` put beside the code: those of each *.dist-info."""
    names = set()
    try:
        entries = os.listdir(directory)
    except OSError:
        return names
    for entry in entries:
        if not (entry.endswith(".dist-info") or entry.endswith(".egg-info")):
            continue
        meta = os.path.join(directory, entry)
        top_level = os.path.join(meta, "top_level.txt")
        record = os.path.join(meta, "RECORD")
        if os.path.isfile(top_level):
            with open(top_level, encoding="utf-8", errors="replace") as f:
                names.update(line.strip() for line in f if line.strip())
        elif os.path.isfile(record):
            with open(record, encoding="utf-8", errors="replace") as f:
                for line in f:
                    first = line.split(",", 1)[0].split("/", 1)[0]
                    if first and not first.endswith((".dist-info", ".egg-info", ".data")) and first != "..":
                        names.add(first[:-3] if first.endswith(".py") else first)
    return names


def discover(root):
    """Every reviewable .py file under root, as /-separated relative paths."""
    found = []
    for directory, dirs, files in os.walk(root):
        vendored = _vendored(directory) if directory == root else set()
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".") and d not in _SKIP_DIRS and d not in vendored
            and not d.endswith((".dist-info", ".egg-info"))
            and not os.path.exists(os.path.join(directory, d, "pyvenv.cfg"))
        )
        for name in sorted(files):
            if name.endswith(".py") and name[:-3] not in vendored and name != "conftest.py":
                found.append(os.path.relpath(os.path.join(directory, name), root).replace(os.sep, "/"))
    return found


def module_name(rel):
    parts = rel[:-3].split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _module_file(root, name, vendored):
    """The project's own file for a dotted module name, or None (stdlib, installed or vendored)."""
    if not name or name.split(".")[0] in vendored:
        return None
    base = name.replace(".", "/")
    for rel in (base + ".py", base + "/__init__.py"):
        if os.path.isfile(os.path.join(root, rel)):
            return rel
    return None


def _imported_names(tree, current, is_package):
    """Every module an import statement in the tree may load, parents included, absolute."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names.append(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = current.split(".") if is_package else current.split(".")[:-1]
                if node.level > 1:
                    package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names.append(base)
            # `from pkg import name` loads pkg.name when it is a submodule.
            names.extend(base + "." + alias.name if base else alias.name for alias in node.names)
    expanded = []
    for name in names:
        parts = name.split(".")
        expanded.extend(".".join(parts[: i + 1]) for i in range(len(parts)))
    return expanded


def parse_file(root, rel):
    """(tree, source) or (None, SyntaxError-like exception)."""
    path = os.path.join(root, rel)
    try:
        with open(path, "rb") as f:
            data = f.read()
        source = data.decode("utf-8")
        return ast.parse(source, filename=rel), source
    except SyntaxError as e:
        return None, e
    except (UnicodeDecodeError, ValueError, RecursionError, MemoryError) as e:
        error = SyntaxError(str(e))
        error.lineno, error.offset = 1, 1
        return None, error


def reachable(root, start, parsed):
    """The project's files that importing `start` loads: the handler module, its packages, their imports."""
    vendored = _vendored(root)
    queue = []
    parts = start.split(".")
    for i in range(len(parts)):
        rel = _module_file(root, ".".join(parts[: i + 1]), vendored)
        if rel:
            queue.append(rel)
    seen = []
    while queue:
        rel = queue.pop(0)
        if rel in seen:
            continue
        seen.append(rel)
        if rel not in parsed:
            parsed[rel] = parse_file(root, rel)
        tree = parsed[rel][0]
        if tree is None:
            continue
        for name in _imported_names(tree, module_name(rel), rel.endswith("__init__.py")):
            found = _module_file(root, name, vendored)
            if found and found not in seen:
                queue.append(found)
    return seen


def main(argv=None):
    parser = argparse.ArgumentParser(description="Review a Lambda function's Python code for cold-start problems.")
    parser.add_argument("--root", default=".", help="the function's code directory (Lambda's /var/task)")
    parser.add_argument("--handler", help="module.function, as in the function's Handler setting")
    parser.add_argument("--heavy", default="", help="comma-separated modules that are slow to import")
    parser.add_argument("--lambda-env", default="",
                        help="comma-separated variables Lambda always sets: reading them without a default is fine")
    parser.add_argument("--all", action="store_true", help="review every file, not only those the handler reaches")
    parser.add_argument("--json", action="store_true", help="print JSON (the default is one line per finding)")
    parser.add_argument("files", nargs="*", help="files to review, relative to --root")
    args = parser.parse_args(argv)
    root = os.path.abspath(args.root)
    if not os.path.isdir(root):
        parser.error("--root %s is not a directory" % args.root)

    handler_module = handler_function = None
    if args.handler:
        module_part, _, handler_function = args.handler.rpartition(".")
        handler_module = module_part.replace("/", ".")
        if not handler_module or not handler_function:
            parser.error("--handler must be module.function, got %r" % args.handler)

    parsed = {}
    if args.files:
        files = [os.path.relpath(os.path.abspath(os.path.join(root, f)), root).replace(os.sep, "/") for f in args.files]
    elif handler_module and not args.all:
        files = reachable(root, handler_module, parsed)
        if not files:
            sys.stderr.write("pylambda_lint: %s not found under %s; reviewing every file\n" % (handler_module, root))
            files = discover(root)
    else:
        files = discover(root)

    project = Project(handler_module, handler_function, [h.strip() for h in args.heavy.split(",") if h.strip()],
                      [v.strip() for v in args.lambda_env.split(",") if v.strip()])
    for rel in files:
        tree, extra = parsed[rel] if rel in parsed else parse_file(root, rel)
        project.add(rel, module_name(rel), tree, extra)
    findings = lint_project(project)
    findings.sort(key=lambda f: (f["file"], f["line"], f["column"], f["rule"], f.get("module", "")))
    if args.json:
        sys.stdout.write(json.dumps(findings, indent=2) + "\n")
    else:
        for f in findings:
            sys.stdout.write("%s:%d:%d: %s: %s\n    fix: %s\n" % (
                f["file"], f["line"], f["column"], f["rule"], f["message"], f["fix"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
