"""The routes of {{name}}: one function per route, each gets the request, the config and path parameters."""

import re

from src.utils import BadRequest, Response

# Compiled once, at import: every request that has a name uses it.
NAME = re.compile(r"^[A-Za-z][A-Za-z' -]{0,39}$")


def hello(request, config):
    return Response(200, {"message": "%s, world!" % config.greeting})


def hello_name(request, config, name):
    if not NAME.match(name):
        raise BadRequest("name must be 1 to 40 letters, spaces, hyphens or apostrophes, starting with a letter")
    message = "%s, %s!" % (config.greeting, name)
    output = request.query.get("format", "json")
    if output == "json":
        return Response(200, {"message": message})
    if output == "html":
        # Only this path needs the html module (and its large entity table): it is imported here, when
        # first used, so the cold start and the JSON requests never pay for it.
        from html import escape

        return Response(200, "<p>%s</p>" % escape(message), {"content-type": "text/html; charset=utf-8"})
    raise BadRequest("format must be json or html")


ROUTES = {
    ("GET", "/hello"): hello,
    ("GET", "/hello/{name}"): hello_name,
}
