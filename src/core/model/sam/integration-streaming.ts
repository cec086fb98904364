import type { FieldReader } from '../fields.js';

/**
 * A REST integration that streams the function's answer (`responseTransferMode: STREAM`, with Lambda's
 * response-streaming-invocations), which dev sends whole once the function has finished (the
 * apigw-rest-api-lambda-python-response-streaming pattern of aws-samples/serverless-patterns).
 */
export function warnStreaming(value: unknown, path: string, r: FieldReader): void {
  if (typeof value === 'string' && value.toUpperCase() === 'STREAM') r.warn(path, 'is STREAM; pylambda sends the whole response at once, when the function has finished', 'dev');
}
