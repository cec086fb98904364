"""The bare baseline: one persistent Python process that reads events as JSON lines on stdin, calls the
handler, and writes each result as a JSON line. No Runtime API, no HTTP: the least any runner can do."""
import importlib
import json
import sys

task_root, handler_name = sys.argv[1], sys.argv[2]
sys.path[0] = task_root
module_name, function_name = handler_name.rsplit(".", 1)
handler = getattr(importlib.import_module(module_name), function_name)
write, flush = sys.stdout.write, sys.stdout.flush
for line in sys.stdin:
    write(json.dumps(handler(json.loads(line), None)) + "\n")
    flush()
