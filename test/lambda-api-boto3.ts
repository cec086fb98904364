// What the Lambda Invoke API tests share: boto3's lambda client against dev's endpoint, and a SAM project served by dev.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { DevEvent, DevOptions, DevSession } from '../src/api/dev.js';
import { pythonJson, scratchDir, startDev } from './helpers.js';

/**
 * Runs Python with boto3's lambda client on the endpoint (dummy credentials, no AWS config read), and returns
 * what the script printed as JSON. The script has `invoke(**kw)` (the answer, or the error's code, message and
 * status) and `refused(**kw)` (the class botocore raises, the code, status and message).
 */
export function boto3(endpoint: string, code: string): Promise<unknown> {
  const script = [
    'import base64, json, boto3, botocore',
    `c = boto3.client("lambda", endpoint_url=${JSON.stringify(endpoint)}, region_name="us-east-1")`,
    'def invoke(**kw):',
    '    try:',
    '        r = c.invoke(**kw)',
    '    except botocore.exceptions.ClientError as e:',
    '        assert e.response["ResponseMetadata"]["RequestId"], "an error without a request id"',
    '        return {"error": e.response["Error"]["Code"], "message": e.response["Error"]["Message"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}',
    '    out = {"status": r["StatusCode"], "payload": r["Payload"].read().decode()}',
    '    for k in ("FunctionError", "ExecutedVersion"):',
    '        if k in r: out[k] = r[k]',
    '    if "LogResult" in r: out["log"] = base64.b64decode(r["LogResult"]).decode()',
    '    return out',
    // The botocore class a refusal raises: a modeled error's own (c.exceptions.X), else ClientError.
    'def refused(**kw):',
    '    try:',
    '        c.invoke(**kw)',
    '    except botocore.exceptions.ClientError as e:',
    '        return [type(e).__name__, e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Message"]]',
    '    return "not refused"',
    code,
  ].join('\n');
  return pythonJson(script);
}

/** A SAM project of `template` and `app` served by dev, stopped when the test finishes. */
export async function serveProject(name: string, template: string, app: string, options: Partial<DevOptions> = {}): Promise<{ session: DevSession; events: DevEvent[]; lambdaApi: string }> {
  const dir = scratchDir(name);
  writeFileSync(join(dir, 'template.yaml'), template);
  writeFileSync(join(dir, 'app.py'), app);
  const dev = await startDev(dir, options);
  onTestFinished(() => dev.session.stop());
  const ready = dev.events.find((e): e is Extract<DevEvent, { type: 'ready' }> => e.type === 'ready')!;
  return { session: dev.session, events: dev.events, lambdaApi: ready.lambdaApi! };
}
