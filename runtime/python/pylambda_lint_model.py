"""What pylambda_lint knows about a module: its names, what runs at import, its handlers and calls.

The rules (pylambda_lint_rules.py) ask questions of these objects; nothing here decides a finding.
"""

import ast
from collections import deque

# Objects whose decorated functions are entry points (one per route, schedule or event source).
# Web frameworks behind an adapter (Mangum, apig-wsgi) count: each route is a path an invocation takes.
_ROUTER_CLASSES = frozenset(("chalice.Chalice", "chalice.app.Chalice", "chalice.Blueprint", "chalice.app.Blueprint",
                             "fastapi.FastAPI", "fastapi.APIRouter", "flask.Flask", "flask.Blueprint"))
_ROUTER_PREFIXES = ("aws_lambda_powertools.event_handler.",)
_CACHE_DECORATORS = frozenset(("functools.lru_cache", "functools.cache", "cachetools.cached", "cachetools.func.ttl_cache",
                               "cachetools.func.lru_cache"))
_TRY_STAR = getattr(ast, "TryStar", ast.Try)
_MATCH = getattr(ast, "Match", None)


def set_parents(tree):
    """Links every node to its parent, in one pass that also returns the conditions (tests) it met."""
    tests = []
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child._pl_parent = node
        if isinstance(node, (ast.If, ast.While, ast.IfExp, ast.Assert)):
            tests.append(node.test)
        elif isinstance(node, (ast.BoolOp, ast.Compare)) or (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)):
            tests.append(node)
    return tests


def parent(node):
    return getattr(node, "_pl_parent", None)


def walk(node):
    """ast.walk, breadth first, without the bodies of lambdas (they do not run where they appear)."""
    queue = deque([node])
    while queue:
        current = queue.popleft()
        yield current
        for child in ast.iter_child_nodes(current):
            if isinstance(current, ast.Lambda) and child is current.body:
                continue
            queue.append(child)


def aliases_of(statements):
    """Bound name -> dotted name for import statements (`import a.b` binds a; `import a.b as c` binds c)."""
    aliases = {}
    for stmt in statements:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    aliases[top] = top
        elif isinstance(stmt, ast.ImportFrom) and stmt.module and not stmt.level:
            for alias in stmt.names:
                aliases[alias.asname or alias.name] = stmt.module + "." + alias.name
    return aliases


def _is_main_guard(test):
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
            and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators))


def _is_type_checking(test):
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _function_header(fn, future_annotations):
    """What a `def` evaluates when it runs: decorators, defaults and (unless deferred) annotations."""
    parts = list(fn.decorator_list) + list(fn.args.defaults) + [d for d in fn.args.kw_defaults if d is not None]
    if not future_annotations:
        args = fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs + [a for a in (fn.args.vararg, fn.args.kwarg) if a]
        parts += [a.annotation for a in args if a.annotation is not None]
        if fn.returns is not None:
            parts.append(fn.returns)
    return parts


class ImportTime:
    """The nodes a module evaluates while it is imported, each with its statement and enclosing `try`s.

    Function bodies do not run at import, but their decorators and defaults do; class bodies do. The
    `if __name__ == "__main__":` block and `if TYPE_CHECKING:` never run on Lambda.
    """

    def __init__(self, tree, future_annotations):
        self.future = future_annotations
        self.items = []  # (node, statement, tuple of enclosing Try nodes)
        self.statements = []
        self._body(tree.body, ())

    def _add(self, root, stmt, tries):
        for node in walk(root):
            self.items.append((node, stmt, tries))

    def _body(self, body, tries):
        for stmt in body:
            self.statements.append(stmt)
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for part in _function_header(stmt, self.future):
                    self._add(part, stmt, tries)
            elif isinstance(stmt, ast.ClassDef):
                for part in list(stmt.decorator_list) + list(stmt.bases) + [k.value for k in stmt.keywords]:
                    self._add(part, stmt, tries)
                self._body(stmt.body, tries)
            elif isinstance(stmt, ast.If):
                if not (_is_main_guard(stmt.test) or _is_type_checking(stmt.test)):
                    self._add(stmt.test, stmt, tries)
                    self._body(stmt.body, tries)
                self._body(stmt.orelse, tries)
            elif isinstance(stmt, (ast.Try, _TRY_STAR)):
                self._body(stmt.body, tries + (stmt,))
                for handler in stmt.handlers:
                    self._body(handler.body, tries)
                self._body(stmt.orelse, tries)
                self._body(stmt.finalbody, tries)
            elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
                self._add(stmt.test if isinstance(stmt, ast.While) else stmt.iter, stmt, tries)
                self._body(stmt.body, tries)
                self._body(stmt.orelse, tries)
            elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                for item in stmt.items:
                    self._add(item, stmt, tries)
                self._body(stmt.body, tries)
            elif _MATCH is not None and isinstance(stmt, _MATCH):
                self._add(stmt.subject, stmt, tries)
                for case in stmt.cases:
                    self._body(case.body, tries)
            else:
                self._add(stmt, stmt, tries)


def unconditional_roots(body):
    """The parts of a function body that run on every call (short of an exception or an early return)."""
    roots = []
    for stmt in body:
        if isinstance(stmt, ast.If):
            roots.append(stmt.test)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            # A loop over the event's records runs its body on every invocation that has one: as good as always.
            roots.append(stmt.iter)
            roots.extend(unconditional_roots(stmt.body))
        elif isinstance(stmt, ast.While):
            roots.append(stmt.test)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            roots.extend(stmt.items)
            roots.extend(unconditional_roots(stmt.body))
        elif isinstance(stmt, (ast.Try, _TRY_STAR)):
            roots.extend(unconditional_roots(stmt.body))
            roots.extend(unconditional_roots(stmt.finalbody))
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            roots.extend(stmt.decorator_list)
        elif _MATCH is not None and isinstance(stmt, _MATCH):
            roots.append(stmt.subject)
        else:
            roots.append(stmt)
    return roots


class Module:
    def __init__(self, rel, name, tree, source):
        self.rel, self.name, self.tree = rel, name, tree
        self.lines = source.splitlines()
        tests = set_parents(tree)
        self.future_annotations = any(
            isinstance(s, ast.ImportFrom) and s.module == "__future__" and any(a.name == "annotations" for a in s.names)
            for s in tree.body)
        self.import_time = ImportTime(tree, self.future_annotations)
        self.aliases = aliases_of(self.import_time.statements)
        self.functions = {s.name: s for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
        classes = {s.name: s for s in tree.body if isinstance(s, ast.ClassDef)}
        # `calc = Calc()` at module level: `calc.run()` in a handler calls Calc.run.
        self.instances = {}
        for stmt in tree.body:
            if (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Name)
                    and stmt.value.func.id in classes):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        self.instances[target.id] = classes[stmt.value.func.id]
        self._scopes = {}
        routers = set()
        for stmt in self.import_time.statements:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
                q = self.qualify(stmt.value.func) or ""
                if q in _ROUTER_CLASSES or q.startswith(_ROUTER_PREFIXES):
                    routers.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
        self.routes = [fn for fn in self.functions.values() if any(_decorator_base(d) in routers for d in fn.decorator_list)]
        # Every name that some condition looks at: `if not X`, `X is None`, `assert X`, `X or default`.
        self.tested = set()
        for test in tests:
            for sub in ast.walk(test):
                if isinstance(sub, ast.Name):
                    self.tested.add(sub.id)
                elif isinstance(sub, ast.Attribute):
                    self.tested.add(sub.attr)

    def scope(self, fn):
        """Aliases visible in a function: the module's imports plus the function's own."""
        key = id(fn)
        if key not in self._scopes:
            own = aliases_of(n for n in ast.walk(fn) if isinstance(n, (ast.Import, ast.ImportFrom)))
            merged = dict(self.aliases)
            merged.update(own)
            self._scopes[key] = merged
        return self._scopes[key]

    def qualify(self, expr, aliases=None):
        """`np.random.seed` -> `numpy.random.seed` when np is `import numpy as np`; None when unknown."""
        aliases = self.aliases if aliases is None else aliases
        if isinstance(expr, ast.Name):
            return aliases.get(expr.id)
        if isinstance(expr, ast.Attribute):
            base = self.qualify(expr.value, aliases)
            return base + "." + expr.attr if base else None
        return None

    def column(self, node):
        """1-based character column (ast gives a 0-based UTF-8 byte offset)."""
        line = self.lines[node.lineno - 1] if 0 < node.lineno <= len(self.lines) else ""
        return len(line.encode("utf-8")[: node.col_offset].decode("utf-8", "replace")) + 1

    def is_cached(self, fn):
        for d in fn.decorator_list:
            q = self.qualify(d.func if isinstance(d, ast.Call) else d, self.aliases) or ""
            if q in _CACHE_DECORATORS or q.endswith(".cached_property"):
                return True
        return False


def _decorator_base(decorator):
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
        return target.value.id
    return None


class CallGraph:
    """Calls from one project function to another, resolved by name within and across the project's modules."""

    def __init__(self, modules):
        self.modules = modules  # dotted name -> Module

    def resolve(self, module, fn, call):
        aliases = module.scope(fn)
        target = call.func
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id in module.instances:
            for stmt in module.instances[target.value.id].body:
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == target.attr:
                    return module, stmt
        if isinstance(target, ast.Name):
            if target.id in module.functions and target.id not in aliases:
                return module, module.functions[target.id]
            dotted = aliases.get(target.id)
        elif isinstance(target, ast.Attribute):
            base = module.qualify(target.value, aliases)
            dotted = base + "." + target.attr if base else None
        else:
            dotted = None
        if dotted and "." in dotted:
            owner, _, name = dotted.rpartition(".")
            other = self.modules.get(owner)
            if other is not None and name in other.functions:
                return other, other.functions[name]
        return None

    def closure(self, starts, unconditional):
        """Functions reached from `starts` ((module, fn) pairs); only through calls made on every run if asked."""
        seen = {}
        queue = list(starts)
        while queue:
            module, fn = queue.pop(0)
            if id(fn) in seen:
                continue
            seen[id(fn)] = (module, fn)
            roots = unconditional_roots(fn.body) if unconditional else fn.body
            for root in roots:
                for node in walk(root):
                    if isinstance(node, ast.Call):
                        found = self.resolve(module, fn, node)
                        if found is not None and id(found[1]) not in seen:
                            queue.append(found)
                        # A function passed by name (`map(helper, items)`, `executor.submit(job)`) is called by its taker.
                        for arg in list(node.args) + [k.value for k in node.keywords]:
                            if isinstance(arg, ast.Name) and arg.id in module.functions and arg.id not in module.scope(fn):
                                if id(module.functions[arg.id]) not in seen:
                                    queue.append((module, module.functions[arg.id]))
        return list(seen.values())


# Factories of objects that open connections: calling one per invocation pays a new TLS handshake
# (or database login) each time, and throws away the pool that would have been reused.
FACTORIES = {
    "boto3.client": "a boto3 client", "boto3.resource": "a boto3 resource",
    "boto3.Session": "a boto3 Session", "boto3.session.Session": "a boto3 Session",
    "botocore.session.get_session": "a botocore session", "botocore.session.Session": "a botocore session",
    "psycopg2.connect": "a database connection", "psycopg.connect": "a database connection",
    "pymysql.connect": "a database connection", "MySQLdb.connect": "a database connection",
    "mysql.connector.connect": "a database connection", "pg8000.connect": "a database connection",
    "sqlite3.connect": "a database connection", "pymongo.MongoClient": "a MongoDB client",
    "redis.Redis": "a Redis client", "redis.StrictRedis": "a Redis client", "redis.from_url": "a Redis client",
    "redis.Redis.from_url": "a Redis client", "sqlalchemy.create_engine": "a SQLAlchemy engine",
    "requests.Session": "a requests Session", "requests.session": "a requests Session",
    "httpx.Client": "an httpx Client", "httpx.AsyncClient": "an httpx AsyncClient",
    "urllib3.PoolManager": "a urllib3 PoolManager",
    # Powertools objects that create a boto3 client when made; its docs make them at module level, as
    # @idempotent(persistence_store=...) needs at decoration.
    "aws_lambda_powertools.utilities.idempotency.DynamoDBPersistenceLayer": "a boto3 client (Powertools)",
    "aws_lambda_powertools.utilities.idempotency.persistence.dynamodb.DynamoDBPersistenceLayer": "a boto3 client (Powertools)",
    "aws_lambda_powertools.utilities.parameters.SSMProvider": "a boto3 client (Powertools)",
    "aws_lambda_powertools.utilities.parameters.SecretsProvider": "a boto3 client (Powertools)",
    "aws_lambda_powertools.utilities.parameters.AppConfigProvider": "a boto3 client (Powertools)",
    "aws_lambda_powertools.utilities.parameters.DynamoDBProvider": "a boto3 client (Powertools)",
    "aws_lambda_powertools.utilities.feature_flags.AppConfigStore": "a boto3 client (Powertools)",
}
SESSION_KINDS = ("a boto3 Session", "a botocore session")


def creation_kind(module, call, aliases, sessions=()):
    """What a call creates, if it is one of FACTORIES or `<session>.client(...)`/`.resource(...)`."""
    q = module.qualify(call.func, aliases)
    if q in FACTORIES:
        return FACTORIES[q]
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in ("client", "resource", "create_client"):
        receiver = func.value
        if isinstance(receiver, ast.Call) and creation_kind(module, receiver, aliases) in SESSION_KINDS:
            return "a boto3 " + func.attr
        if isinstance(receiver, ast.Name) and receiver.id in sessions:
            return "a boto3 " + func.attr
    return None


def display(module, node, aliases=None):
    """Short source text for messages: `boto3.client(...)`."""
    target = node.func if isinstance(node, ast.Call) else node
    try:
        text = ast.unparse(target)
    except Exception:  # pragma: no cover - unparse handles every valid tree
        text = module.qualify(target, aliases) or "call"
    text = text if len(text) <= 60 else text[:57] + "..."
    return text + "(...)" if isinstance(node, ast.Call) else text


def finding(where, node, rule, message, fix, **extra):
    result = {"rule": rule, "file": where.rel, "line": node.lineno, "column": where.column(node),
              "message": message, "fix": fix}
    result.update(extra)
    return result
