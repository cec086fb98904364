"""The routes of {{name}}: a todo list in DynamoDB (create, list, get, update, delete)."""

from src.utils import BadRequest, NotFound, Response

MAX_TITLE = 200
_table = None


def todo_table(config):
    """The table resource: created on first use, then reused by every request this environment serves.

    Creating a boto3 client or resource loads its service model and, on the first call, opens a
    connection; doing it once per environment instead of once per request saves both. boto3 itself is
    imported here too (lazy loading): its ~120 ms leave the init phase, which stays well under 100 ms,
    and the first request that needs the table pays them once. To pay them during init instead (with
    provisioned concurrency, say), move the import to the top of this module.
    """
    global _table
    if _table is None:
        import boto3

        _table = boto3.resource("dynamodb").Table(config.table_name)
    return _table


def create_todo(request, config):
    data = request.json()
    check_fields(data, required=("title",))
    # Only this route needs new ids: uuid (and the platform module it imports) loads on first use.
    import uuid

    item = {"id": uuid.uuid4().hex, "title": title_of(data), "done": done_of(data, default=False)}
    todo_table(config).put_item(Item=item)
    return Response(201, item, {"location": "/todos/%s" % item["id"]})


def list_todos(request, config):
    # A scan reads the whole table: fine for a small list. Page through it as DynamoDB returns it.
    table = todo_table(config)
    page = table.scan()
    items = page["Items"]
    while "LastEvaluatedKey" in page:
        page = table.scan(ExclusiveStartKey=page["LastEvaluatedKey"])
        items.extend(page["Items"])
    return Response(200, {"items": sorted(items, key=lambda item: item["id"])})


def get_todo(request, config, todo_id):
    item = todo_table(config).get_item(Key={"id": todo_id}).get("Item")
    if item is None:
        raise NotFound("Todo %s not found" % todo_id)
    return Response(200, item)


def update_todo(request, config, todo_id):
    data = request.json()
    check_fields(data)
    changes = {}
    if "title" in data:
        changes["title"] = title_of(data)
    if "done" in data:
        changes["done"] = done_of(data)
    if not changes:
        raise BadRequest("Nothing to update: send title and/or done")
    names = {"#%s" % key: key for key in changes}
    values = {":%s" % key: value for key, value in changes.items()}
    table = todo_table(config)
    try:
        result = table.update_item(
            Key={"id": todo_id},
            UpdateExpression="SET " + ", ".join("#%s = :%s" % (key, key) for key in changes),
            # Without the condition, an update of a missing id would create a half-empty item.
            ConditionExpression="attribute_exists(id)",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
            ReturnValues="ALL_NEW",
        )
    # The client's own exception class for the error code: no botocore import for ClientError.
    except table.meta.client.exceptions.ConditionalCheckFailedException:
        raise NotFound("Todo %s not found" % todo_id)
    return Response(200, result["Attributes"])


def delete_todo(request, config, todo_id):
    table = todo_table(config)
    try:
        table.delete_item(Key={"id": todo_id}, ConditionExpression="attribute_exists(id)")
    except table.meta.client.exceptions.ConditionalCheckFailedException:
        raise NotFound("Todo %s not found" % todo_id)
    return Response(204)


def check_fields(data, required=()):
    unknown = sorted(set(data) - {"title", "done"})
    if unknown:
        raise BadRequest("Unknown field(s): %s" % ", ".join(unknown))
    missing = [name for name in required if name not in data]
    if missing:
        raise BadRequest("Missing field(s): %s" % ", ".join(missing))


def title_of(data):
    title = data.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE:
        raise BadRequest("title must be a non-empty string of at most %d characters" % MAX_TITLE)
    return title.strip()


def done_of(data, default=None):
    done = data.get("done", default)
    if not isinstance(done, bool):
        raise BadRequest("done must be true or false")
    return done


ROUTES = {
    ("POST", "/todos"): create_todo,
    ("GET", "/todos"): list_todos,
    ("GET", "/todos/{todo_id}"): get_todo,
    ("PATCH", "/todos/{todo_id}"): update_todo,
    ("DELETE", "/todos/{todo_id}"): delete_todo,
}
