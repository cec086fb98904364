"""The cfn-response module Lambda provides to functions whose code is inline in a template (Code.ZipFile).

A custom resource's function calls send() to report to CloudFormation: a JSON document PUT to the pre-signed
ResponseURL of the event (AWS docs, "cfn-response module"). pylambda writes this file beside the inline code, as
Lambda makes the module importable there. Standard library only.
"""

import json
import urllib.request

SUCCESS = "SUCCESS"
FAILED = "FAILED"


def send(event, context, responseStatus, responseData, physicalResourceId=None, noEcho=False, reason=None):
    stream = context.log_stream_name
    document = {
        "Status": responseStatus,
        "Reason": reason or "See the details in CloudWatch Log Stream: " + stream,
        "PhysicalResourceId": physicalResourceId or stream,
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
        "NoEcho": noEcho,
        "Data": responseData,
    }
    body = json.dumps(document)
    print("Response body:")
    print(body)
    # The URL is pre-signed for a PUT without a content type.
    request = urllib.request.Request(
        event["ResponseURL"], data=body.encode("utf-8"), method="PUT",
        headers={"content-type": "", "content-length": str(len(body.encode("utf-8")))},
    )
    try:
        with urllib.request.urlopen(request) as response:
            print("Status code:", response.status)
    except Exception as error:  # noqa: BLE001 - reported, never raised, as the module does
        print("send(..) failed executing http.request(..):", error)
