"""The rules of pylambda_lint: each finds one kind of cold-start or init-phase problem.

    client-in-handler   a boto3 client/resource/Session, DB connection or HTTP session made per invocation
    network-at-import   an HTTP request, AWS API call or download while the module is imported
    heavy-import        a heavy module imported at module level but needed only on some paths (or never)
    env-required        os.environ["X"] at import: a KeyError fails init when X is missing
    env-unchecked       os.environ.get("X") / os.getenv("X") at import, no default, never checked
                        (neither env rule reports a variable Lambda always sets, given with --lambda-env)
    snapstart           seeds, unique ids, timestamps or connections made at import (SnapStart, 3.12+)
    syntax-error        a file Python cannot parse
network-at-import, heavy-import and snapstart live in pylambda_lint_checks.py.

Sources for the advice:
- create SDK clients and connections once, outside the handler, and reuse them: AWS Lambda
  "Best practices for working with AWS Lambda functions" (take advantage of execution environment reuse);
- init runs once per environment, is limited to 10 s and is billed: LAMBDA-FACTS.md section 7, and
  "AWS Lambda standardizes billing for INIT phase" (2025);
- SnapStart restores many environments from one snapshot, so values made at init are shared and
  connections are stale: "Handling uniqueness with Lambda SnapStart", and "Lambda SnapStart runtime hooks
  for Python" (snapshot_restore_py.register_after_restore);
- the Config.validate() pattern and lazy heavy imports: shared/seed/aws-lambda-python-integration.md.
"""

import ast
import sys

from pylambda_lint_checks import heavy_findings, network_findings, snapstart_findings
from pylambda_lint_model import SESSION_KINDS, CallGraph, Module, creation_kind, display, finding, parent, walk


class Project:
    def __init__(self, handler_module, handler_function, heavy, lambda_env=()):
        self.handler_module, self.handler_function = handler_module, handler_function
        self.heavy = heavy
        # Variables Lambda always sets (pylambda passes LAMBDA_SET_VARIABLES of src/core/runtime/environment.ts
        # with --lambda-env): reading them without a default is not a finding.
        self.lambda_env = frozenset(lambda_env)
        self.modules = {}
        self.errors = []

    def add(self, rel, name, tree, extra):
        if tree is None:
            e = extra
            line = max(1, e.lineno or 1)
            self.errors.append({
                "rule": "syntax-error", "file": rel, "line": line, "column": max(1, e.offset or 1),
                "message": "Python cannot parse this file: %s. Lambda fails the init phase when it imports it "
                           "(Runtime.UserCodeSyntaxError)." % (e.msg or e),
                "fix": "Fix the syntax, and check that the code runs on the function's Python version.",
            })
            return
        self.modules[name] = Module(rel, name, tree, extra)

    def handler(self):
        module = self.modules.get(self.handler_module or "")
        if module is None:
            return None
        fn = module.functions.get(self.handler_function)
        return (module, fn) if fn is not None else None

    def entries(self):
        """The code paths an invocation takes: each route of a router app, else the handler function."""
        routes = [(m, fn) for m in self.modules.values() for fn in m.routes]
        if routes:
            return routes
        handler = self.handler()
        return [handler] if handler else []

    def hot(self):
        """Every project function an invocation may run: the entries and what they call, transitively."""
        starts = self.entries()
        handler = self.handler()
        if handler and all(handler[1] is not fn for _, fn in starts):
            starts.append(handler)
        return CallGraph(self.modules).closure(starts, unconditional=False)


def _module_sessions(module):
    names = set()
    for stmt in module.import_time.statements:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
            if creation_kind(module, stmt.value, module.aliases) in SESSION_KINDS:
                names.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
    return names


def _stored_for_reuse(call, fn):
    """The lazy-cache pattern: `if _client is None: _client = boto3.client(...)` with `_client` global
    (or `_cache[key] = ...` under `if key not in _cache`). An unconditional store still creates one per call."""
    declared = {n for node in ast.walk(fn) if isinstance(node, ast.Global) for n in node.names}
    local = {node.id for node in ast.walk(fn) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    local |= {a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs}
    stmt = call
    while stmt is not None and not isinstance(stmt, ast.stmt):
        stmt = parent(stmt)
    if not isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        return False
    kept = set()
    for target in stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]:
        root = target
        while isinstance(root, (ast.Attribute, ast.Subscript)):
            root = root.value
        if isinstance(root, ast.Name) and (root.id in declared or (root is not target and root.id not in local)):
            kept.add(root.id)
    if not kept:
        return False
    guards = [stmt.value] if isinstance(stmt.value, (ast.BoolOp, ast.IfExp)) else []
    node = parent(stmt)
    while node is not None and node is not fn:
        if isinstance(node, (ast.If, ast.While)):
            guards.append(node.test)
        node = parent(node)
    return any(isinstance(n, ast.Name) and n.id in kept for guard in guards for n in ast.walk(guard))


def client_findings(project):
    found = []
    handler = project.handler()
    entries = {id(fn) for _, fn in project.entries()}
    for module, fn in project.hot():
        if module.is_cached(fn):
            continue
        aliases = module.scope(fn)
        sessions = _module_sessions(module)
        consumed = set()
        skipped = {id(n) for inner in ast.walk(fn) if inner is not fn and isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef))
                   and module.is_cached(inner) for n in ast.walk(inner)}
        for stmt in fn.body:
            for node in walk(stmt):
                if not isinstance(node, ast.Call) or id(node) in consumed or id(node) in skipped:
                    continue
                kind = creation_kind(module, node, aliases, sessions)
                if kind is None:
                    continue
                consumed.update(id(n) for n in ast.walk(node.func))
                if _stored_for_reuse(node, fn):
                    continue
                if handler is not None and fn is handler[1]:
                    where = "the handler %s()" % fn.name
                elif id(fn) in entries:
                    where = "%s(), one of the app's handlers" % fn.name
                else:
                    where = "%s(), which the handler calls" % fn.name
                found.append(finding(
                    module, node, "client-in-handler",
                    "%s creates %s inside %s: every invocation pays to set up a new one and open a new "
                    "connection, instead of reusing the one from the previous invocation."
                    % (display(module, node, aliases), kind, where),
                    "Create it once at module level, next to the imports (or lazily on first use, kept in a "
                    "module-level variable), and reuse it across invocations.",
                ))
    return found


def _env_target(call):
    """The name an environment read is stored in (`X = os.getenv(...)`, a class attribute too), or None."""
    holder = parent(call)
    if isinstance(holder, ast.Assign) and len(holder.targets) == 1:
        target = holder.targets[0]
    elif isinstance(holder, ast.AnnAssign):
        target = holder.target
    else:
        return None
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    return None


def _catches(tries, names):
    for t in tries:
        for handler in t.handlers:
            types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
            if handler.type is None or any(isinstance(x, (ast.Name, ast.Attribute)) and
                                           (x.id if isinstance(x, ast.Name) else x.attr) in names for x in types):
                return True
    return False


def _guarded(module, node):
    """Inside `if "X" in os.environ:` or `"X" in os.environ and ...`: the read cannot raise."""
    child, current = node, parent(node)
    while current is not None and not isinstance(current, ast.Module):
        tests = []
        if isinstance(current, (ast.If, ast.IfExp, ast.While)) and child is not current.test:
            tests = [current.test]
        elif isinstance(current, ast.BoolOp):
            tests = current.values[: current.values.index(child)] if child in current.values else []
        for test in tests:
            for sub in ast.walk(test):
                if isinstance(sub, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in sub.ops) and any(
                        module.qualify(c) == "os.environ" for c in sub.comparators):
                    return True
        child, current = current, parent(current)
    return False


def _env_key(node):
    """The variable's name when the code spells it as a string literal, else None."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def env_findings(module, lambda_env=frozenset()):
    found = []
    fix = ("Read it with a default (os.environ.get(\"NAME\", \"default\")), or validate the required settings once "
           "at start-up with a clear error: a Config class whose validate() raises ValueError(\"NAME required\").")
    for node, _stmt, tries in module.import_time.items:
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and module.qualify(node.value) == "os.environ":
            if _catches(tries, ("KeyError", "LookupError", "Exception", "BaseException")) or _guarded(module, node):
                continue
            if _env_key(node.slice) in lambda_env:
                continue
            key = ast.unparse(node.slice)
            found.append(finding(
                module, node, "env-required",
                "os.environ[%s] at import raises KeyError when the variable is not set: the init phase fails "
                "on every cold start with a bare KeyError instead of a message that says what is missing." % key, fix))
        elif isinstance(node, ast.Call) and module.qualify(node.func) in ("os.environ.get", "os.getenv"):
            default = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "default"), None)
            if default is not None and not (isinstance(default, ast.Constant) and default.value is None):
                continue
            if node.args and _env_key(node.args[0]) in lambda_env:
                continue
            holder = parent(node)
            if isinstance(holder, (ast.BoolOp, ast.Compare, ast.IfExp, ast.If, ast.Assert)) or (
                    isinstance(holder, ast.UnaryOp) and isinstance(holder.op, ast.Not)):
                continue
            target = _env_target(node)
            if target is not None and target in module.tested:
                continue
            key = ast.unparse(node.args[0]) if node.args else "..."
            found.append(finding(
                module, node, "env-unchecked",
                "%s(%s) is None when the variable is not set, and nothing checks it: the function fails later, "
                "far from the cause." % (display(module, node)[:-5], key), fix))
    return found


def module_clients(module):
    """A fact, not a fault (rule `module-client`): the module creates clients at import, as it should. pylambda
    then does not count the time that takes, which shows as the module's own, as a slow module body."""
    for node, stmt, _tries in module.import_time.items:
        kind = creation_kind(module, node, module.aliases) if isinstance(node, ast.Call) else None
        if kind:
            return [finding(module, stmt, "module-client", "creates %s at module level" % kind, "", module=module.name)]
    return []


def lint_project(project):
    findings = list(project.errors)
    checks = [(client_findings, (project,), "the handler's functions"), (heavy_findings, (project,), "module-level imports")]
    for module in project.modules.values():
        checks += [(network_findings, (module,), module.rel), (env_findings, (module, project.lambda_env), module.rel),
                   (snapstart_findings, (module,), module.rel), (module_clients, (module,), module.rel)]
    for check, subject, what in checks:
        try:
            findings += check(*subject)
        except Exception as e:  # a bug in one rule must not hide the other findings
            sys.stderr.write("pylambda_lint: %s failed on %s: %r\n" % (check.__name__, what, e))
    # One finding per problem: the same rule at the same place is reported once.
    unique, seen = [], set()
    for f in findings:
        key = (f["rule"], f["file"], f["line"], f.get("module"))
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique
