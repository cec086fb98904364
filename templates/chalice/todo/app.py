"""{{name}}: a Chalice app (Handler: app.app), a todo list in DynamoDB.

Lambda imports this module once per execution environment (the cold start) and then calls the app for
every request. What every request needs is set up here, once: the configuration is checked now, so a
bad setting fails the init with a clear message instead of failing requests one by one.
"""

import json
import os

from chalice import BadRequestError, Chalice, Response

from chalicelib import Config, log, request_fields
from chalicelib.services import TodoStore

CONFIG = Config.from_environ(os.environ)

app = Chalice(app_name="{{name}}")
todos = TodoStore(CONFIG.table_name)


@app.middleware("http")
def log_requests(request, get_response):
    """A JSON log line for each request and response; a 500 carries the request id and nothing more."""
    request_id = request.lambda_context.aws_request_id
    where = request_fields(request)
    log("INFO", "REQUEST", request_id, **where, method=request.method)
    response = get_response(request)
    if response.status_code >= 500:
        # Chalice has logged the exception with its traceback (app.log); the client gets the request id
        # to quote when it reports the problem.
        response = Response(
            body={"Code": "InternalServerError", "Message": "An internal server error occurred.", "RequestId": request_id},
            status_code=500,
        )
    log("INFO", "RESPONSE", request_id, **where, status=response.status_code)
    return response


def json_body():
    """The request body as a JSON object, whatever its Content-Type says, or a 400."""
    try:
        data = json.loads(app.current_request.raw_body or b"")
    except ValueError:
        raise BadRequestError("The body must be a JSON object")
    if not isinstance(data, dict):
        raise BadRequestError("The body must be a JSON object")
    return data


@app.route("/todos", methods=["POST"])
def create_todo():
    item = todos.create(json_body())
    return Response(body=item, status_code=201, headers={"Location": "/todos/%s" % item["id"]})


@app.route("/todos", methods=["GET"])
def list_todos():
    return {"items": todos.list()}


@app.route("/todos/{todo_id}", methods=["GET"])
def get_todo(todo_id):
    return todos.get(todo_id)


@app.route("/todos/{todo_id}", methods=["PATCH"])
def update_todo(todo_id):
    return todos.update(todo_id, json_body())


@app.route("/todos/{todo_id}", methods=["DELETE"])
def delete_todo(todo_id):
    todos.delete(todo_id)
    return Response(body="", status_code=204)
