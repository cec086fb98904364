import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw, type WireAnswer, type WireRequest } from '../chalice-local.js';
import { FIXTURES, pythonJson, ROOT, scratchDir, startDev, testPython } from '../helpers.js';

/**
 * What Chalice's own test client (`chalice.test.Client`, chalice 1.34.0) says an app answers and receives, beside
 * what `pylambda dev` answers over HTTP and what the app's event handlers get from `pylambda events generate` through
 * `pylambda invoke`. Where they differ on purpose (pylambda follows API Gateway and AWS's real events), both sides
 * are pinned, with the reason.
 */
const APP = `${FIXTURES}chalice/testclient`;
const run = promisify(execFile);

interface Answer {
  readonly status: number;
  readonly headers: readonly string[];
  /** Text, or `hex:...` for an image. */
  readonly body: string;
}

/** The lines a script starts with to import the app from its directory, where Client reads .chalice/config.json. */
const IMPORT_APP = ['import json, os, sys', `os.chdir(${JSON.stringify(APP)}); sys.path.insert(0, ".")`, 'from chalice.test import Client', 'from app import app'];

/** Runs the requests through chalice.test.Client's http client, in the app's directory (its .chalice/config.json). */
async function testClient(requests: readonly WireRequest[]): Promise<Array<Answer | { error: string }>> {
  return await pythonJson([
    ...IMPORT_APP,
    'out = []',
    'with Client(app, stage_name="dev", project_dir=".") as client:',
    `    for r in json.loads(${JSON.stringify(JSON.stringify(requests))}):`,
    '        try:',
    '            res = client.http.request(r.get("method", "GET"), r["path"], headers=r.get("headers", {}), body=r.get("body", "").encode())',
    '        except Exception as error:',
    '            out.append({"error": "%s: %s" % (type(error).__name__, error)})',
    '            continue',
    '        headers = sorted("%s: %s" % (k.lower(), v) for k, vs in res.headers.items() for v in (vs if isinstance(vs, list) else [vs]))',
    '        image = any(h.startswith("content-type: image/") for h in headers)',
    '        out.append({"status": res.status_code, "headers": headers, "body": "hex:" + res.body.hex() if image else res.body.decode()})',
    'print(json.dumps(out))',
  ].join('\n')) as Array<Answer | { error: string }>;
}

let devUrl: string;
let stopDev: (() => Promise<void>) | undefined;
beforeAll(async () => {
  const dev = await startDev(APP);
  [devUrl, stopDev] = [dev.url('RestAPI'), () => dev.session.stop()];
});
afterAll(async () => {
  await stopDev?.();
});

/** The connection's headers, and the ones API Gateway adds to every answer (dev-chalice-differential.test.ts pins them). */
const DROPPED = new Set(['date', 'server', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'x-amzn-requestid', 'x-amz-apigw-id', 'x-amzn-trace-id', 'via', 'x-amz-cf-id', 'x-amz-cf-pop', 'x-cache']);

/** The test client's answer without the request id LocalGateway puts on its 403. */
const dropped = <T extends Answer | { error: string }>(a: T): T => ('headers' in a ? { ...a, headers: a.headers.filter((h) => !DROPPED.has(h.slice(0, h.indexOf(':')))) } : a);

function answer(wire: WireAnswer): Answer {
  const { headers } = dropped({ status: 0, headers: wire.headers, body: '' });
  const image = headers.some((h) => h.startsWith('content-type: image/'));
  return { status: wire.status, headers, body: image ? `hex:${wire.body.toString('hex')}` : wire.body.toString() };
}

const JSON_TYPE = 'content-type: application/json';
/**
 * The test client hands back the Lambda proxy answer as the app made it, and a view's dict or error has no
 * Content-Type there; API Gateway gives a proxy answer without one `application/json`, as pylambda does (and chalice
 * local). Added to the test client's answers before comparing; the difference itself is pinned below.
 */
const withGatewayType = (a: Answer): Answer => (a.headers.some((h) => h.startsWith('content-type:')) ? a : { ...a, headers: [...a.headers, JSON_TYPE].sort() });

const get = (path: string, headers?: Record<string, string>): WireRequest => ({ path, ...(headers ? { headers } : {}) });
const post = (path: string, contentType: string, body: string): WireRequest => ({ method: 'POST', path, body, headers: { 'content-type': contentType } });
const json = (status: number, body: unknown, headers: string[] = []): Answer => ({ status, headers: [JSON_TYPE, ...headers].sort(), body: typeof body === 'string' ? body : JSON.stringify(body) });
const CORS = ['access-control-allow-credentials: true', 'access-control-allow-headers: Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Special', 'access-control-allow-origin: https://example.com', 'access-control-expose-headers: X-Total', 'access-control-max-age: 600'];

const SAME: Array<[string, WireRequest, Answer]> = [
  ['a JSON route', get('/'), json(200, { hello: 'world' })],
  // A REST API passes path parameters still percent-encoded, and so does the test client.
  ['uri params with encoded characters', get('/users/a%20b/files/caf%C3%A9'), json(200, { name: 'a%20b', file_id: 'caf%C3%A9', uri_params: { name: 'a%20b', file_id: 'caf%C3%A9' } })],
  ['a repeated query key (query_params.getlist)', get('/search?tag=a&tag=b%20c&q=x'), json(200, { tags: ['a', 'b c'], q: 'x' })],
  ['no query string', get('/search'), json(200, { tags: null })],
  // A view's content_types default to application/json: another type is Chalice's 415 before json_body is read.
  ['a JSON view sent text/plain', post('/json', 'text/plain', '{"a":1}'), json(415, { Code: 'UnsupportedMediaType', Message: 'Unsupported media type: text/plain' })],
  ["json_body of a body that is not JSON: Chalice's 400", post('/json', 'application/json', 'nope'), json(400, { Code: 'BadRequestError', Message: 'Error Parsing JSON' })],
  ['json_body of JSON', post('/json', 'application/json', '{"a":[1,"é"]}'), json(200, '{"json_body":{"a":[1,"\\u00e9"]}}')],
  ['a form body: raw_body as sent, json_body None', post('/form', 'application/x-www-form-urlencoded', 'a=1&b=x+y&c=%26'), json(200, { raw_body: 'a=1&b=x+y&c=%26', json_body: null })],
  ['a binary answer to Accept: image/png', get('/image', { accept: 'image/png' }), { status: 200, headers: ['content-type: image/png'], body: 'hex:89504e470d0a1a0a00ff' }],
  ["a binary answer to Accept: application/json: Chalice's 400", get('/image', { accept: 'application/json' }), json(400, { Code: 'BadRequest', Message: 'Request did not specify an Accept header with image/png, The response has a Content-Type of image/png. If a response has a binary Content-Type then the request must specify an Accept header that matches.' })],
  ["a CORS route's headers, and the app's own", get('/cors'), json(200, { cors: true }, [...CORS, 'x-total: 3'])],
  ['NotFoundError', get('/missing'), json(404, { Code: 'NotFoundError', Message: 'no such thing' })],
  ['ChaliceViewError', get('/broken'), json(500, { Code: 'ChaliceViewError', Message: 'it broke' })],
];

const MISSING_TOKEN = json(403, '{"message":"Missing Authentication Token"}', ['x-amzn-errortype: MissingAuthenticationTokenException']);

/** [what, request, chalice.test.Client's answer, pylambda dev's answer]: pylambda answers as the deployed REST API. */
const DIFFERENT: Array<[string, WireRequest, Answer | { error: string }, Answer]> = [
  // The test client adds no Content-Type; API Gateway gives a proxy answer without one application/json.
  ['a dict from a view: no Content-Type in the test client', get('/'), { status: 200, headers: [], body: '{"hello":"world"}' }, json(200, { hello: 'world' })],
  // LocalGateway's 403 (chalice/local.py), its body spaced by json.dumps, its error type, and a request id of its own
  // (dropped here); API Gateway's is MissingAuthenticationTokenException (docs/chalice.md).
  ['an unknown route: the error type', get('/nowhere'), { status: 403, headers: ['x-amzn-errortype: UnauthorizedException'], body: '{"message": "Missing Authentication Token"}' }, MISSING_TOKEN],
  // The test client dispatches to the route and the app answers 405 with Allow; a deployed REST API has no DELETE
  // method on the resource, and answers a method it lacks as an unknown route (API Gateway's 403).
  ['a method the route lacks: the app\'s 405, or API Gateway\'s 403', { method: 'DELETE', path: '/users/a/files/b' },
    { status: 405, headers: ['allow: GET, PUT'], body: '{"Code":"MethodNotAllowedError","Message":"Unsupported method: DELETE"}' }, MISSING_TOKEN],
  // The preflight chalice deploy adds is an API Gateway MOCK method with no body; LocalGateway hands the test client
  // its body None, which HTTPResponse.create_from_dict cannot encode (chalice/test.py): the test client raises.
  ['a CORS preflight: the test client raises', { method: 'OPTIONS', path: '/cors', headers: { origin: 'https://example.com', 'access-control-request-method': 'PUT' } },
    { error: "AttributeError: 'NoneType' object has no attribute 'encode'" }, json(200, '', [...CORS, 'access-control-allow-methods: GET,PUT,OPTIONS'])],
];

describe('chalice.test.Client and pylambda dev on one app', () => {
  let fromTestClient: Array<Answer | { error: string }>;
  beforeAll(async () => {
    fromTestClient = (await testClient([...SAME.map(([, r]) => r), ...DIFFERENT.map(([, r]) => r)])).map(dropped);
  }, 30_000);

  it.each(SAME.map((row, i) => [...row, i] as const))('%s: the same status, body and headers', async (_, request, expected, i) => {
    expect(answer(await sendRaw(devUrl, request))).toEqual(expected);
    expect(withGatewayType(fromTestClient[i] as Answer)).toEqual(expected);
  });

  it.each(DIFFERENT.map((row, i) => [...row, SAME.length + i] as const))('%s', async (_, request, testClientAnswer, pylambda, i) => {
    expect(answer(await sendRaw(devUrl, request))).toEqual(pylambda);
    expect(fromTestClient[i]).toEqual(testClientAnswer);
  });
});

/** `pylambda events generate <args>` fed to `pylambda invoke <fn>` in the app's directory: what the handler returned. */
async function pylambdaInvoke(dir: string, fn: string, args: readonly string[]): Promise<unknown> {
  const cli = join(ROOT, 'bin', 'pylambda.js');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'eu-west-1' };
  const event = join(dir, `${fn}.json`);
  writeFileSync(event, (await run(process.execPath, [cli, 'events', 'generate', ...args], { cwd: APP, env })).stdout);
  const { stdout } = await run(process.execPath, [cli, 'invoke', fn, '--event', event, '--python', testPython()], { cwd: APP, env });
  return JSON.parse(stdout);
}

/** The same handlers invoked by chalice.test.Client with the events its `events.generate_*` builds (Python expressions of `e`). */
async function chaliceInvoke(calls: ReadonlyArray<readonly [string, string]>): Promise<unknown[]> {
  return await pythonJson([
    ...IMPORT_APP,
    'with Client(app) as client:',
    '    e = client.events',
    `    print(json.dumps([${calls.map(([fn, event]) => `client.lambda_.invoke(${JSON.stringify(fn)}, ${event}).payload`).join(', ')}]))`,
  ].join('\n')) as unknown[];
}

const EVENT_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/**
 * [what, handler, `pylambda events generate` arguments, the chalice.test event, the handler's answer to pylambda's,
 * to Chalice's]. The fields the Chalice event classes read (SQSRecord.body, S3Event.bucket and .key, SNSEvent.subject
 * and .message, CloudWatchEvent.time, .detail, .detail_type and .source) are compared; the rest of each event
 * differs by design: pylambda's are AWS's samples with the project's ARNs, fresh ids and the current time, Chalice's
 * are fixed (us-west-2, 2015 and 2018 times, 'message-id').
 */
const EVENTS: Array<[string, string, string[], string, unknown, unknown]> = [
  ['an SQS message', 'on_job', ['sqs', '--queue', 'jobs', '--body', 'hello {"a": 1}'], 'e.generate_sqs_event(["hello {\\"a\\": 1}"], queue_name="jobs")', [{ body: 'hello {"a": 1}' }], [{ body: 'hello {"a": 1}' }]],
  ['an S3 object with a space in its key', 'on_upload', ['s3', '--bucket', 'pics', '--key', 'photos/my cat.jpg'], 'e.generate_s3_event("pics", "photos/my cat.jpg")', { bucket: 'pics', key: 'photos/my cat.jpg' }, { bucket: 'pics', key: 'photos/my cat.jpg' }],
  // S3 sends the key URL-encoded, a space as + (pylambda: photos/my+cat%2Bdog.jpg), and S3Event.key unquotes it
  // with unquote_plus; generate_s3_event puts the key in as given, so its handler reads a + in a key as a space.
  ['an S3 object with a + in its key: Chalice\'s event does not encode the key as S3 does', 'on_upload', ['s3', '--bucket', 'pics', '--key', 'photos/my cat+dog.jpg'], 'e.generate_s3_event("pics", "photos/my cat+dog.jpg")', { bucket: 'pics', key: 'photos/my cat+dog.jpg' }, { bucket: 'pics', key: 'photos/my cat dog.jpg' }],
  ['an SNS message with a subject', 'on_alert', ['sns', '--topic', 'alerts', '--subject', 'Alarm: é', '--body', '{"level": "high"}'], 'e.generate_sns_event(\'{"level": "high"}\', subject="Alarm: é")', { subject: 'Alarm: é', message: '{"level": "high"}' }, { subject: 'Alarm: é', message: '{"level": "high"}' }],
  // Without a subject each keeps its sample's: AWS's snsEvent.json has one, generate_sns_event an empty one.
  ['an SNS message without a subject: each sample\'s own', 'on_alert', ['sns', '--topic', 'alerts', '--body', 'm'], 'e.generate_sns_event("m")', { subject: 'Example subject', message: 'm' }, { subject: '', message: 'm' }],
  // A schedule's event is EventBridge's Scheduled Event: generate_cw_event is given its source and detail-type. The
  // time is now in pylambda's, 2015-11-11 in Chalice's: both the format EventBridge sends.
  ['a schedule', 'hourly', ['schedule', '--rule', 'hourly'], 'e.generate_cw_event("aws.events", "Scheduled Event", {}, ["arn:aws:events:eu-west-1:123456789012:rule/hourly"])',
    { time: expect.stringMatching(EVENT_TIME), detail: {}, detail_type: 'Scheduled Event', source: 'aws.events' },
    { time: '2015-11-11T21:29:54Z', detail: {}, detail_type: 'Scheduled Event', source: 'aws.events' }],
];

describe("pylambda events generate through pylambda invoke, beside chalice.test.Client's events", () => {
  let fromChalice: unknown[];
  beforeAll(async () => {
    fromChalice = await chaliceInvoke(EVENTS.map(([, fn, , event]) => [fn, event] as const));
  }, 30_000);

  it.each(EVENTS.map((row, i) => [...row, i] as const))('%s', async (_, fn, args, __, pylambda, chalice, i) => {
    expect(await pylambdaInvoke(scratchDir('chalice-event'), fn, args)).toEqual(pylambda);
    expect(fromChalice[i]).toEqual(chalice);
  }, 40_000); // two pylambda processes and a cold start of the app: 7.5 s under load
});
