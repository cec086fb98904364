import { MAX_MINIMUM_COMPRESSION_SIZE, isMinimumCompressionSize } from '../../events/http/compression.js';
import type { FieldReader } from '../fields.js';

/**
 * A REST API's `MinimumCompressionSize` (SAM `AWS::Serverless::Api` and `Globals.Api`, `AWS::ApiGateway::RestApi`):
 * the answers the function gives from that many bytes on are compressed for a client that asks for gzip or deflate.
 * API Gateway takes 0 to 10485760 (RestApi MinimumCompressionSize, CloudFormation reference) and refuses others.
 */
export function minimumCompressionSize(value: unknown, path: string, r: FieldReader): { minimumCompressionSize?: number } {
  const size = r.integer(value, path);
  if (size === undefined) return {};
  if (!isMinimumCompressionSize(size)) {
    r.error(path, `must be between 0 and ${MAX_MINIMUM_COMPRESSION_SIZE} bytes, as API Gateway takes it, not ${size}`);
    return {};
  }
  return { minimumCompressionSize: size };
}
