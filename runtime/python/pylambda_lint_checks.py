"""pylambda_lint rules about what runs at import: network calls, SnapStart hazards, heavy imports."""

import ast

from pylambda_lint_model import SESSION_KINDS, CallGraph, creation_kind, display, finding, parent, unconditional_roots, walk

_HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")
NETWORK_FUNCTIONS = frozenset(
    ["requests." + v for v in _HTTP_VERBS] + ["httpx." + v for v in _HTTP_VERBS + ("stream",)]
    + ["urllib.request.urlopen", "urllib.request.urlretrieve", "urllib3.request", "socket.create_connection"])
_POWERTOOLS_PARAMETERS = "aws_lambda_powertools.utilities.parameters.get_"
# AWS SDK methods that always go to the network, whatever object they are called on.
AWS_FETCHES = frozenset(("get_object", "download_file", "download_fileobj", "get_parameter", "get_parameters",
                         "get_parameters_by_path", "get_secret_value"))
# On an object known to be a boto3 client/resource, these prefixes are API calls; the exceptions are local.
_AWS_CALL_PREFIXES = ("get_", "put_", "list_", "describe_", "query", "scan", "invoke", "download_", "upload_", "send_",
                      "publish", "batch_", "head_", "create_", "delete_", "update_", "load", "reload", "copy")
_AWS_LOCAL = frozenset(("get_paginator", "get_waiter", "can_paginate", "generate_presigned_url", "generate_presigned_post"))
_HTTP_SESSIONS = ("a requests Session", "an httpx Client", "a urllib3 PoolManager")

DEFAULT_HEAVY = frozenset((
    "pandas", "numpy", "scipy", "sklearn", "matplotlib", "torch", "tensorflow", "keras", "PIL", "cv2", "openpyxl", "xlrd",
    "pyarrow", "polars", "sympy", "nltk", "spacy", "transformers", "plotly", "seaborn", "statsmodels", "reportlab", "fitz",
    "docx", "pptx", "pydantic", "numba", "dask", "geopandas", "shapely", "networkx",
))


def _receivers(module):
    """Module-level names holding AWS objects ({name: "client" | "session"}) and HTTP sessions (a set)."""
    aws, http = {}, set()
    for stmt in module.import_time.statements:
        pairs = []
        if isinstance(stmt, ast.Assign):
            pairs = [(t, stmt.value) for t in stmt.targets]
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            pairs = [(i.optional_vars, i.context_expr) for i in stmt.items if i.optional_vars is not None]
        for target, value in pairs:
            if not isinstance(target, ast.Name):
                continue
            kind = creation_kind(module, value, module.aliases) if isinstance(value, ast.Call) else None
            if kind in _HTTP_SESSIONS:
                http.add(target.id)
            else:
                aws_kind = _aws_kind(module, value, aws)
                if aws_kind:
                    aws[target.id] = aws_kind
    return aws, http


def _aws_kind(module, expr, aws):
    """`client` for a boto3 client or resource or anything got from one (`.Table(...)`), `session` for a
    Session itself (whose own methods, such as get_available_regions, read local data), else None."""
    while isinstance(expr, (ast.Call, ast.Attribute, ast.Subscript)):
        if isinstance(expr, ast.Call):
            kind = creation_kind(module, expr, module.aliases)
            if kind in SESSION_KINDS:
                return "session"
            if kind is not None and kind.startswith("a boto3"):
                return "client"
            expr = expr.func
        else:
            expr = expr.value
    return aws.get(expr.id) if isinstance(expr, ast.Name) else None


def network_findings(module):
    found = []
    aws, http = _receivers(module)
    for node, _stmt, _tries in module.import_time.items:
        if not isinstance(node, ast.Call):
            continue
        q = module.qualify(node.func) or ""
        func = node.func
        hit = q in NETWORK_FUNCTIONS or q.startswith(_POWERTOOLS_PARAMETERS)
        if not hit and isinstance(func, ast.Attribute):
            name = func.attr
            hit = name in AWS_FETCHES or (
                name.startswith(_AWS_CALL_PREFIXES) and name not in _AWS_LOCAL and _aws_kind(module, func.value, aws) == "client"
            ) or (isinstance(func.value, ast.Name) and func.value.id in http and name in _HTTP_VERBS + ("send",))
        if hit:
            found.append(finding(
                module, node, "network-at-import",
                "%s makes a network call while the module is imported: it runs in the init phase of every cold "
                "start, its latency adds to Init Duration (init is limited to 10 s), and if it fails the "
                "environment fails to initialise." % display(module, node),
                "Do it on first use: in the handler, or in a getter that keeps the result in a module-level "
                "variable, so it still happens once per environment. (With provisioned concurrency or "
                "SnapStart, fetching at init can be the right trade-off.)",
            ))
    return found


_SEEDS = frozenset(("random.seed", "numpy.random.seed"))
_UNIQUE = frozenset(("uuid.uuid1", "uuid.uuid4", "os.urandom", "time.time", "time.time_ns", "datetime.datetime.now",
                     "datetime.datetime.utcnow", "datetime.datetime.today", "datetime.date.today", "random.Random"))
_UNIQUE_PREFIXES = ("random.", "secrets.", "numpy.random.")
_NOT_UNIQUE = frozenset(("random.SystemRandom", "secrets.SystemRandom", "secrets.compare_digest"))
_CONNECTIONS = frozenset(("psycopg2.connect", "psycopg.connect", "pymysql.connect", "MySQLdb.connect",
                          "mysql.connector.connect", "pg8000.connect", "pymongo.MongoClient", "socket.socket"))
_AFTER_RESTORE = "snapshot_restore_py.register_after_restore"
_SNAPSTART_FIX = ("Only with SnapStart (Python 3.12+): %s after init, lazily on first use, or in a function decorated "
                  "with @register_after_restore (from snapshot_restore_py import register_after_restore).")


def _restore_hooks(module):
    """What the module's after-restore hooks redo: the globals they assign, and whether they re-seed."""
    hooks = []
    for node, _stmt, _tries in module.import_time.items:
        if isinstance(node, ast.Call) and module.qualify(node.func) == _AFTER_RESTORE:
            hooks += [module.functions[a.id] for a in node.args[:1] if isinstance(a, ast.Name) and a.id in module.functions]
    hooks += [fn for fn in module.functions.values() if any(module.qualify(d) == _AFTER_RESTORE for d in fn.decorator_list)]
    names, reseeds = set(), False
    for fn in hooks:
        for node in ast.walk(fn):
            if isinstance(node, ast.Global):
                names.update(node.names)
            elif isinstance(node, ast.Call) and module.qualify(node.func, module.scope(fn)) in _SEEDS:
                reseeds = True
    return names, reseeds


def _stored_names(stmt):
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
        targets = [stmt.target]
    else:
        return None
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def snapstart_findings(module):
    found, done = [], set()
    reset, reseeds = _restore_hooks(module)
    for node, stmt, _tries in module.import_time.items:
        if not isinstance(node, ast.Call):
            continue
        q = module.qualify(node.func) or ""
        stored = _stored_names(stmt)
        if stored and stored <= reset:
            continue
        if q in _SEEDS and not reseeds:
            message = ("%s at import seeds the generator once, before the snapshot: every environment restored from "
                       "it then produces the same \"random\" numbers." % display(module, node))
            fix = _SNAPSTART_FIX % "seed it"
        elif q in _CONNECTIONS:
            message = ("%s opens a connection at import: with SnapStart it is saved in the snapshot and is no longer "
                       "valid when an environment is restored from it." % display(module, node))
            fix = _SNAPSTART_FIX % "connect"
        elif stored and id(stmt) not in done and q not in _NOT_UNIQUE and (q in _UNIQUE or q.startswith(_UNIQUE_PREFIXES)):
            done.add(id(stmt))
            message = ("%s is computed at import and kept in %s: with SnapStart it is computed once, before the "
                       "snapshot, and every environment restored from it shares the same value."
                       % (display(module, node), ", ".join(sorted(stored))))
            fix = _SNAPSTART_FIX % "compute it"
        else:
            continue
        found.append(finding(module, node, "snapstart", message, fix))
    return found


def _heavy_imports(module, heavy):
    """(statement, imported module, bound names, imported names) for heavy imports that run at import."""
    result = []
    for stmt in module.import_time.statements:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if _is_heavy(alias.name, heavy):
                    result.append((stmt, alias.name, [alias.asname or alias.name.split(".")[0]], []))
        elif isinstance(stmt, ast.ImportFrom) and stmt.module and not stmt.level:
            if _is_heavy(stmt.module, heavy):
                result.append((stmt, stmt.module, [a.asname or a.name for a in stmt.names], [a.name for a in stmt.names]))
                continue
            # `from pkg import sub` where the submodule itself is the heavy one (pkg is light).
            for alias in stmt.names:
                if _is_heavy(stmt.module + "." + alias.name, heavy):
                    result.append((stmt, stmt.module + "." + alias.name, [alias.asname or alias.name], []))
    return result


def _is_heavy(name, heavy):
    parts = name.split(".")
    return any(".".join(parts[: i + 1]) in heavy for i in range(len(parts)))


def _where(module, node):
    """`report()`, `Report.render()` or `some branches of lambda_handler()`: where a use is."""
    names, current, outer = [], parent(node), None
    while current is not None:
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.insert(0, current.name)
            outer = current
        elif isinstance(current, ast.Lambda):
            names.insert(0, "<lambda>")
        current = parent(current)
    label = ".".join(names[:2]) + "()"
    if isinstance(outer, (ast.FunctionDef, ast.AsyncFunctionDef)):
        every_call = {id(n) for root in unconditional_roots(outer.body) for n in walk(root)}
        if id(node) not in every_call:
            return "some branches of " + label
    return label


def _exported(module):
    for stmt in module.tree.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in stmt.targets):
            return {e.value for e in ast.walk(stmt.value) if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return set()


def heavy_findings(project):
    heavy = set(DEFAULT_HEAVY) | set(project.heavy)
    graph = CallGraph(project.modules)
    entries = project.entries()
    always = [graph.closure([entry], unconditional=True) for entry in entries]
    judged = []  # (module, statement, imported module, bound, names, needed on every path, where used)
    for module in project.modules.values():
        at_import = {id(node) for node, _s, _t in module.import_time.items}
        for stmt, imported, bound, names in _heavy_imports(module, heavy):
            uses = [n for n in ast.walk(module.tree) if isinstance(n, ast.Name) and n.id in bound
                    and isinstance(n.ctx, ast.Load)]
            if any(id(n) in at_import for n in uses):
                judged.append((module, stmt, imported, bound, names, True, []))
                continue

            def used_on_every_run(reached):
                for owner, fn in reached:
                    if owner is not module:
                        continue
                    ids = {id(n) for root in unconditional_roots(fn.body) for n in walk(root)}
                    if any(id(n) in ids for n in uses):
                        return True
                return False

            needed = bool(entries) and bool(uses) and all(used_on_every_run(reached) for reached in always)
            where = sorted({_where(module, n) for n in uses})
            judged.append((module, stmt, imported, bound, names, needed, where))
    found = []
    local = {name.split(".")[0] for name in project.modules}
    for module, stmt, imported, bound, names, needed, where in judged:
        if needed or (not entries and where):
            continue
        top = imported.split(".")[0]
        if any(other is not module and o_needed and o_imported.split(".")[0] == top
               for other, _s, o_imported, _b, _n, o_needed, _w in judged):
            continue  # another module needs it at every cold start: deferring it here saves nothing
        if not where and (module.rel.endswith("__init__.py") or set(bound) & _exported(module)):
            continue
        if len(stmt.names) == 1:
            code = ast.unparse(stmt)
        elif isinstance(stmt, ast.Import):
            code = "import %s" % imported
        elif imported != stmt.module:  # one heavy submodule of several names
            code = "from %s import %s" % (stmt.module, imported[len(stmt.module) + 1:])
        else:
            code = "from %s import %s" % (imported, ", ".join(names))
        if where:
            uses_text = ", ".join(where[:3]) + (" and %d more" % (len(where) - 3) if len(where) > 3 else "")
            message = ("`%s` runs at import, so every cold start pays for importing %s, but it is used only in %s, "
                       "not on every invocation." % (code, imported, uses_text))
            fix = ("Import it where it is used (`%s` at the start of the function): Python imports it on first use "
                   "and only the invocations that need it pay." % code)
        elif top in local:
            # The project's own module, imported for what importing it does: Powertools, Flask and Chalice apps
            # split into route modules register their routes so. Removing it would remove the routes.
            message = ("`%s` runs at import, so every cold start pays for importing %s; this module does not use the "
                       "name, so it is there for what importing it does (registering routes, say), or for nothing."
                       % (code, imported))
            fix = "Keep it if importing %s registers something the function needs; otherwise remove `%s`." % (imported, code)
        else:
            message = ("`%s` runs at import, so every cold start pays for importing %s, but this module never uses "
                       "it." % (code, imported))
            fix = "Remove `%s`." % code
        found.append(finding(module, stmt, "heavy-import", message, fix, module=imported, names=names))
    return found
