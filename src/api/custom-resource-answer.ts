/**
 * `pylambda invoke` of a custom resource's function: the request's ResponseURL becomes a local one, so that what the
 * function answers CloudFormation (cfnresponse.send, crhelper, Powertools) is shown and checked rather than sent to a
 * pre-signed S3 URL that goes nowhere, or to a real stack's.
 */
import { createServer, type Server } from 'node:http';
import { customResourceRequest, readCustomResourceAnswer, tooLarge, type CustomResourceAnswer, type CustomResourceRequest } from '../core/events/custom-resource-response.js';

/** What the function did with its ResponseURL. */
export interface CustomResourceOutcome {
  readonly requestType: CustomResourceRequest['RequestType'];
  /** The first answer, as CloudFormation reads it; absent when the function sent none. */
  readonly answer?: CustomResourceAnswer;
  /** How many answers arrived: CloudFormation takes the first one only. */
  readonly answers: number;
  /** The event's own ResponseURL, which the answer did not go to, unless it was a sample's placeholder. */
  readonly replacedUrl?: string;
}

export interface ResponseUrlCatcher {
  /** The event to send instead, its ResponseURL the catcher's. */
  readonly payload: Buffer;
  /** What arrived so far (the function's PUT has been answered before the function returns). */
  outcome(): CustomResourceOutcome;
  close(): Promise<void>;
}

/** The ResponseURL of AWS's example request, which `sam local generate-event` and pylambda's samples send too. */
const PLACEHOLDER_URL = 'http://pre-signed-S3-url-for-response';

/** An answer bigger than this is not kept: CloudFormation refuses anything over 4 KB anyway. */
const KEEP_BYTES = 1024 * 1024;

/**
 * For a custom resource request, a local ResponseURL that catches the answer; undefined for any other event. An event's
 * own URL is replaced too: one copied from a real request is a real stack's, which a local run must not answer.
 */
export async function catchResponseUrl(payload: Buffer): Promise<ResponseUrlCatcher | undefined> {
  let event: unknown;
  try {
    event = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  const request = customResourceRequest(event);
  if (!request) return undefined;
  const bodies: Array<{ readonly body: Buffer; readonly size: number }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= KEEP_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      // S3 answers a pre-signed PUT with 200 and no body; the size check is CloudFormation's, said with the answer.
      bodies.push({ body: Buffer.concat(chunks), size });
      res.writeHead(200, { 'content-length': '0' }).end();
    });
  });
  await listen(server);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the ResponseURL server has no TCP address');
  // A pre-signed URL's shape (a path and a query), so code that parses it as S3's finds what it looks for.
  const url = `http://127.0.0.1:${address.port}/cloudformation-custom-resource-response/${encodeURIComponent(request.RequestId)}?X-Amz-Signature=local`;
  return {
    payload: Buffer.from(JSON.stringify({ ...(event as Record<string, unknown>), ResponseURL: url })),
    outcome: () => ({
      requestType: request.RequestType,
      ...(bodies[0] ? { answer: bodies[0].size <= KEEP_BYTES ? readCustomResourceAnswer(bodies[0].body, request) : { problems: [tooLarge(bodies[0].size)], notes: [] } } : {}),
      answers: bodies.length,
      ...(request.ResponseURL === PLACEHOLDER_URL ? {} : { replacedUrl: request.ResponseURL }),
    }),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}
