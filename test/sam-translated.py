"""What AWS SAM's own translator makes of a template, summed up as pylambda's model is in test/sam-translator.test.ts.

Reads {"dir", "template", "parameters", "region"} as JSON on stdin; prints {"summary": ...} or {"error": ...}.
The template is translated by samtranslator (what `sam build` and `sam deploy` run), after the steps `sam package`
and CloudFormation take around it: local CodeUri/ContentUri become S3 locations, a local DefinitionUri is read in,
AWS::Include is expanded. The CloudFormation that comes out is then evaluated as CloudFormation would (its
Conditions, Fn::If, Fn::FindInMap, Fn::Sub ...), and its functions, API routes and triggers summed up.
Standard library and samtranslator only; nothing here calls AWS.
"""
import json
import os
import re
import sys

REQUEST = json.load(sys.stdin)
REGION = REQUEST.get("region", "us-east-1")
ACCOUNT = "123456789012"
# samtranslator asks boto3 for the partition and region when it builds ARNs.
os.environ["AWS_DEFAULT_REGION"] = REGION

from samtranslator.model.exceptions import InvalidDocumentException  # noqa: E402
from samtranslator.parser.parser import Parser  # noqa: E402
from samtranslator.translator.translator import Translator  # noqa: E402
from samtranslator.yaml_helper import yaml_parse  # noqa: E402

NO_VALUE = object()


def local_file(path):
    return os.path.join(REQUEST["dir"], path)


def packaged(template):
    """What `sam package` hands the translator: code in S3, local definitions and includes read in."""
    for resource in template.get("Resources", {}).values():
        props = resource.get("Properties") or {}
        kind = resource.get("Type")
        if kind == "AWS::Serverless::Function" and isinstance(props.get("CodeUri"), str) and not props["CodeUri"].startswith("s3://"):
            props["CodeUri"] = "s3://packaged/" + props["CodeUri"]
        if kind == "AWS::Serverless::Function" and "CodeUri" not in props and "InlineCode" not in props and props.get("PackageType") != "Image":
            props["CodeUri"] = "s3://packaged/."
        if kind == "AWS::Serverless::LayerVersion" and isinstance(props.get("ContentUri"), str) and not props["ContentUri"].startswith("s3://"):
            props["ContentUri"] = "s3://packaged/" + props["ContentUri"]
        if kind == "AWS::Lambda::Function" and isinstance(props.get("Code"), str):
            props["Code"] = {"S3Bucket": "packaged", "S3Key": props["Code"]}
        if kind in ("AWS::Serverless::Api", "AWS::Serverless::HttpApi") and isinstance(props.get("DefinitionUri"), str) and not props["DefinitionUri"].startswith("s3://"):
            with open(local_file(props.pop("DefinitionUri"))) as f:
                props["DefinitionBody"] = yaml_parse(f.read())
    return included(template)


def included(value):
    """Fn::Transform AWS::Include with a local Location, replaced by the file's content as CloudFormation does."""
    if isinstance(value, dict):
        transform = value.get("Fn::Transform")
        if isinstance(transform, dict) and transform.get("Name") == "AWS::Include":
            with open(local_file(transform["Parameters"]["Location"])) as f:
                return included(yaml_parse(f.read()))
        return {k: included(v) for k, v in value.items()}
    if isinstance(value, list):
        return [included(v) for v in value]
    return value


class Stack:
    """The translated template, evaluated as CloudFormation evaluates it for one set of parameter values."""

    def __init__(self, template, parameters, written):
        self.template = template
        self.written = written
        self.params = {}
        for name, spec in (template.get("Parameters") or {}).items():
            value = parameters.get(name, spec.get("Default"))
            if value is None:
                continue
            listed = spec.get("Type", "").startswith("List<") or spec.get("Type") == "CommaDelimitedList"
            self.params[name] = [s.strip() for s in str(value).split(",")] if listed else value
        self.params.update({"AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws", "AWS::StackName": "local", "AWS::URLSuffix": "amazonaws.com"})
        self.conditions = template.get("Conditions") or {}
        self.resources = {rid: r for rid, r in template.get("Resources", {}).items() if r.get("Condition") is None or self.condition(r["Condition"])}

    def condition(self, name):
        return self.eval(self.conditions[name]) is True

    def eval(self, v):
        if isinstance(v, list):
            return [x for x in (self.eval(i) for i in v) if x is not NO_VALUE]
        if not isinstance(v, dict):
            return v
        if len(v) == 1:
            (key, arg), = v.items()
            if key == "Ref":
                if arg == "AWS::NoValue":
                    return NO_VALUE
                if arg in self.params:
                    return self.params[arg]
                # A value known only once deployed is kept as {{ref:Id}} or {{getatt:Id.Attr}}.
                return "{{ref:%s}}" % arg
            if key == "Fn::GetAtt":
                rid, attr = arg if isinstance(arg, list) else arg.split(".", 1)
                return "{{getatt:%s.%s}}" % (rid, attr)
            if key == "Condition":
                return self.condition(arg)
            if key == "Fn::If":
                return self.eval(arg[1] if self.condition(arg[0]) else arg[2])
            if key == "Fn::Equals":
                a, b = self.eval(arg)
                return str(a) == str(b)
            if key == "Fn::Not":
                return not self.eval(arg[0])
            if key == "Fn::And":
                return all(self.eval(a) for a in arg)
            if key == "Fn::Or":
                return any(self.eval(a) for a in arg)
            if key == "Fn::FindInMap":
                m, k1, k2 = (self.eval(a) for a in arg[:3])
                return self.template["Mappings"][m][k1][k2]
            if key == "Fn::Join":
                return self.eval(arg[0]).join(str(x) for x in self.eval(arg[1]))
            if key == "Fn::Select":
                return self.eval(arg[1])[int(self.eval(arg[0]))]
            if key == "Fn::Split":
                return self.eval(arg[1]).split(self.eval(arg[0]))
            if key == "Fn::Sub":
                text, extra = (arg, {}) if isinstance(arg, str) else (arg[0], self.eval(arg[1]))
                return self.sub(text, extra)
        out = {k: self.eval(x) for k, x in v.items()}
        return {k: x for k, x in out.items() if x is not NO_VALUE}

    def sub(self, text, extra):
        def one(m):
            name = m.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in extra:
                return str(extra[name])
            if name in self.params:
                return str(self.params[name])
            if "." in name:
                rid, attr = name.split(".", 1)
                return "{{getatt:%s.%s}}" % (rid, attr)
            return "{{ref:%s}}" % name
        return re.sub(r"\$\{([^}]+)\}", one, text)

    def props(self, rid):
        return self.eval(self.resources[rid].get("Properties") or {})

    def of_type(self, kind):
        return [rid for rid, r in self.resources.items() if r["Type"] == kind]

    def name_of(self, value):
        """The name of the resource a trigger's source names: a token's resource's name property, else its logical id; an ARN's last part."""
        m = re.fullmatch(r"\{\{(?:ref|getatt):([^.}]+)(?:\.[^}]*)?\}\}", str(value))
        if m:
            rid = m.group(1)
            resource = self.template["Resources"].get(rid, {})
            props = self.eval(resource.get("Properties") or {})
            for key in ("QueueName", "Name", "TableName", "BucketName", "StreamName"):
                if isinstance(props.get(key), str):
                    return props[key]
            # CloudFormation makes up a name for the others; pylambda names them by their logical ids (a bucket's in
            # lower case, as bucket names are), and a resource SAM renamed by its id in the template.
            original = self.original_id(rid)
            return original.lower() if resource.get("Type") == "AWS::S3::Bucket" else original
        return re.split(r"[:/]", str(value))[-1]

    def original_id(self, rid):
        """The logical id of a resource SAM renamed (a layer version gets a hash of its content after its id)."""
        return rid[:-10] if rid not in self.written and rid[:-10] in self.written else rid

    def target(self, value):
        """The function (and alias) an integration's uri, a mapping's FunctionName or a rule's target names."""
        m = re.search(r"\{\{(?:ref|getatt):([^.}]+)(?:\.Arn)?\}\}(?::([^/]+))?", str(value))
        if m:
            rid, qualifier = m.groups()
            resource = self.template["Resources"].get(rid, {})
            if resource.get("Type") == "AWS::Lambda::Alias":
                alias = self.eval(resource["Properties"])
                return "%s:%s" % (self.target(alias["FunctionName"]), alias["Name"])
            return rid + (":" + qualifier if qualifier else "")
        m = re.search(r"function:([^/:]+)(?::([^/]+))?", str(value))
        return (m.group(1) + (":" + m.group(2) if m.group(2) else "")) if m else str(value)


SERVICES = {"AWS::SQS::Queue": "sqs", "AWS::Kinesis::Stream": "kinesis", "AWS::DynamoDB::Table": "dynamodb"}
METHODS = {"x-amazon-apigateway-any-method": "ANY"}


def routes(stack):
    out = []
    for kind, api_type, stage_type in (("rest", "AWS::ApiGateway::RestApi", "AWS::ApiGateway::Stage"), ("http", "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Stage")):
        for api in stack.of_type(api_type):
            stages = [stack.props(s)["StageName"] for s in stack.of_type(stage_type) if stack.props(s).get("RestApiId" if kind == "rest" else "ApiId") == "{{ref:%s}}" % api]
            body = stack.props(api).get("Body") or {}
            for path, item in (body.get("paths") or {}).items():
                for method, op in (item or {}).items():
                    integration = op.get("x-amazon-apigateway-integration") if isinstance(op, dict) else None
                    if not integration or integration.get("type") != "aws_proxy":
                        continue
                    # Payload 1.0 named (2.0, the default, is not): a function reads one event shape or the other.
                    version = " payload 1.0" if kind == "http" and str(integration.get("payloadFormatVersion")) == "1.0" else ""
                    for stage in stages:
                        out.append("%s %s %s %s %s %s%s" % (kind, api, stage, METHODS.get(method, method.upper()), path, stack.target(integration["uri"]), version))
    return sorted(out)


def functions(stack):
    out = {}
    for fid in stack.of_type("AWS::Lambda::Function"):
        p = stack.props(fid)
        layers = p.get("Layers", [])
        out[fid] = {
            "handler": p.get("Handler"),
            "runtime": p.get("Runtime"),
            # A Number parameter's value is a string, which CloudFormation converts.
            "memorySize": int(p.get("MemorySize", 128)),
            "timeout": int(p.get("Timeout", 3)),
            "environment": (p.get("Environment") or {}).get("Variables", {}),
            "architecture": (p.get("Architectures") or ["x86_64"])[0],
            # The template's layers and the others apart: pylambda has the first, and knows the others only by name.
            "layers": [stack.name_of(layer) for layer in layers if layer.startswith("{{")],
            "externalLayers": [layer for layer in layers if not layer.startswith("{{")],
        }
    return out


def triggers(stack):
    out = []
    for mid in stack.of_type("AWS::Lambda::EventSourceMapping"):
        p = stack.props(mid)
        source = str(p["EventSourceArn"])
        rid = re.fullmatch(r"\{\{getatt:([^.]+)\..*\}\}", source)
        if rid:
            service = SERVICES[stack.template["Resources"][rid.group(1)]["Type"]]
        else:
            service = source.split(":")[2]
        out.append("%s %s %s batch=%s start=%s window=%s enabled=%s" % (
            service, stack.target(p["FunctionName"]), stack.name_of(source), p.get("BatchSize", "-"), p.get("StartingPosition", "-"),
            p.get("MaximumBatchingWindowInSeconds", "-"), "False" if str(p.get("Enabled")).lower() == "false" else "-"))
    for bid in stack.of_type("AWS::S3::Bucket"):
        p = stack.props(bid)
        for c in (p.get("NotificationConfiguration") or {}).get("LambdaConfigurations", []):
            rules = {r["Name"].lower(): r["Value"] for r in (((c.get("Filter") or {}).get("S3Key") or {}).get("Rules") or [])}
            out.append("s3 %s %s %s prefix=%s suffix=%s" % (stack.target(c["Function"]), stack.name_of("{{ref:%s}}" % bid), c["Event"], rules.get("prefix", "-"), rules.get("suffix", "-")))
    for rid in stack.of_type("AWS::Events::Rule"):
        p = stack.props(rid)
        if "ScheduleExpression" not in p:
            continue
        for t in p.get("Targets", []):
            out.append("schedule %s %s input=%s" % (stack.target(t["Arn"]), p["ScheduleExpression"], t.get("Input", "-")))
    return sorted(out)


def main():
    try:
        template = packaged(yaml_parse(REQUEST["template"]))
        translated = Translator({}, Parser()).translate(template, dict(REQUEST.get("parameters", {})))
    except InvalidDocumentException as error:
        print(json.dumps({"error": sorted(str(e.message) for e in error.causes)}))
        return
    stack = Stack(translated, REQUEST.get("parameters", {}), set(template["Resources"]))
    print(json.dumps({"summary": {"functions": functions(stack), "routes": routes(stack), "triggers": triggers(stack)}, "translated": translated}, default=str))


main()
