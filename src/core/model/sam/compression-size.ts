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

/**
 * A REST API's size when its property and its OpenAPI definition's `x-amazon-apigateway-minimum-compression-size`
 * may both say one: the definition's wins, as CloudFormation imports the definition over the API it made from the
 * properties (AWS::ApiGateway::RestApi `Mode`: "the new API definition takes precedence", only container types
 * such as binary media types being merged). The property is checked all the same, and a different value said.
 */
export function apiCompressionSize(value: unknown, path: string, fromDefinition: number | undefined, r: FieldReader): { minimumCompressionSize?: number } {
  const own = minimumCompressionSize(value, path, r);
  if (fromDefinition === undefined) return own;
  if (own.minimumCompressionSize !== undefined && own.minimumCompressionSize !== fromDefinition) {
    r.warn(path, `is ${own.minimumCompressionSize}, but the API's OpenAPI definition says x-amazon-apigateway-minimum-compression-size: ${fromDefinition}, which API Gateway takes (the definition is imported over the properties)`, 'dev');
  }
  return { minimumCompressionSize: fromDefinition };
}
