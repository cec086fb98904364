"""The greetings of {{name}}, kept apart from the routes so they are easy to test and reuse."""

import re

from chalice import BadRequestError

# Compiled once, at import: every request that has a name uses it.
NAME = re.compile(r"^[A-Za-z][A-Za-z' -]{0,39}$")


def greeting(config, name=None):
    if name is None:
        return "%s, world!" % config.greeting
    if not NAME.match(name):
        raise BadRequestError("name must be 1 to 40 letters, spaces, hyphens or apostrophes, starting with a letter")
    return "%s, %s!" % (config.greeting, name)


def as_html(message):
    # Only the HTML answer needs the html module (and its large entity table): it is imported here,
    # when first used, so the cold start and the JSON requests never pay for it.
    from html import escape

    return "<p>%s</p>" % escape(message)
