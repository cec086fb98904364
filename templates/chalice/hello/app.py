"""{{name}}: a Chalice app (Handler: app.app).

Lambda imports this module once per execution environment (the cold start) and then calls the app for
every request. What every request needs is set up here, once: the configuration is checked now, so a
bad setting fails the init with a clear message instead of failing requests one by one.
"""

import os
from urllib.parse import unquote

from chalice import BadRequestError, Chalice, Response

from chalicelib import Config, log, request_fields
from chalicelib.services import as_html, greeting

CONFIG = Config.from_environ(os.environ)

app = Chalice(app_name="{{name}}")


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


@app.route("/hello")
def hello():
    return {"message": greeting(CONFIG)}


@app.route("/hello/{name}")
def hello_name(name):
    # API Gateway passes path parameters on as they were sent, still percent-encoded ("Mary%20Jane").
    message = greeting(CONFIG, unquote(name))
    output = (app.current_request.query_params or {}).get("format", "json")
    if output == "json":
        return {"message": message}
    if output == "html":
        return Response(body=as_html(message), headers={"Content-Type": "text/html; charset=utf-8"})
    raise BadRequestError("format must be json or html")
