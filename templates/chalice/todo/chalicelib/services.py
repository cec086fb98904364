"""The todo list of {{name}} in DynamoDB: validation and storage, kept apart from the routes."""

from chalice import BadRequestError, NotFoundError

MAX_TITLE = 200
FIELDS = ("title", "done")


class TodoStore:
    def __init__(self, table_name):
        self.table_name = table_name
        self._table = None

    @property
    def table(self):
        """The table resource: created on first use, then reused by every request this environment serves.

        Creating a boto3 client or resource loads its service model and, on the first call, opens a
        connection; doing it once per environment instead of once per request saves both. boto3 itself is
        imported here too (lazy loading): its ~120 ms leave the init phase, and the first request that
        needs the table pays them once. To pay them during init instead (with provisioned concurrency,
        say), move the import to the top of this module.
        """
        if self._table is None:
            import boto3

            self._table = boto3.resource("dynamodb").Table(self.table_name)
        return self._table

    @property
    def _condition_failed(self):
        # The client's own exception class for the error code: no botocore import for ClientError.
        return self.table.meta.client.exceptions.ConditionalCheckFailedException

    def create(self, data):
        check_fields(data, required=("title",))
        # Only creation needs new ids: uuid (and the platform module it imports) loads on first use.
        import uuid

        item = {"id": uuid.uuid4().hex, "title": title_of(data), "done": done_of(data, default=False)}
        self.table.put_item(Item=item)
        return item

    def list(self):
        # A scan reads the whole table: fine for a small list. Page through it as DynamoDB returns it.
        page = self.table.scan()
        items = page["Items"]
        while "LastEvaluatedKey" in page:
            page = self.table.scan(ExclusiveStartKey=page["LastEvaluatedKey"])
            items.extend(page["Items"])
        return sorted(items, key=lambda item: item["id"])

    def get(self, todo_id):
        item = self.table.get_item(Key={"id": todo_id}).get("Item")
        if item is None:
            raise NotFoundError("Todo %s not found" % todo_id)
        return item

    def update(self, todo_id, data):
        check_fields(data)
        changes = {}
        if "title" in data:
            changes["title"] = title_of(data)
        if "done" in data:
            changes["done"] = done_of(data)
        if not changes:
            raise BadRequestError("Nothing to update: send title and/or done")
        try:
            result = self.table.update_item(
                Key={"id": todo_id},
                UpdateExpression="SET " + ", ".join("#%s = :%s" % (key, key) for key in changes),
                # Without the condition, an update of a missing id would create a half-empty item.
                ConditionExpression="attribute_exists(id)",
                ExpressionAttributeNames={"#%s" % key: key for key in changes},
                ExpressionAttributeValues={":%s" % key: value for key, value in changes.items()},
                ReturnValues="ALL_NEW",
            )
        except self._condition_failed:
            raise NotFoundError("Todo %s not found" % todo_id)
        return result["Attributes"]

    def delete(self, todo_id):
        try:
            self.table.delete_item(Key={"id": todo_id}, ConditionExpression="attribute_exists(id)")
        except self._condition_failed:
            raise NotFoundError("Todo %s not found" % todo_id)


def check_fields(data, required=()):
    if not isinstance(data, dict):
        raise BadRequestError("The body must be a JSON object")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise BadRequestError("Unknown field(s): %s" % ", ".join(unknown))
    missing = [name for name in required if name not in data]
    if missing:
        raise BadRequestError("Missing field(s): %s" % ", ".join(missing))


def title_of(data):
    title = data.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE:
        raise BadRequestError("title must be a non-empty string of at most %d characters" % MAX_TITLE)
    return title.strip()


def done_of(data, default=None):
    done = data.get("done", default)
    if not isinstance(done, bool):
        raise BadRequestError("done must be true or false")
    return done
