/** The HTTP integrations: one codec per front door, with the same functions, plus CORS and gateway errors. */

import type { EndpointKind } from '../../model/project.js';
import * as rest from './apigw-rest.js';
import * as http from './http-api.js';
import * as httpV1 from './http-api-v1.js';
import * as alb from './alb.js';
import * as url from './function-url.js';

export { rest, http, httpV1, alb, url };
export type { RestContext } from './apigw-rest.js';
export type { HttpApiContext } from './http-api.js';
export type { HttpApiV1Context } from './http-api-v1.js';
export type { AlbContext } from './alb.js';
export type { FunctionUrlContext } from './function-url.js';
export type { HttpCodec, HttpRequest, HttpResponse, InvokeOutput, HeaderList } from './request.js';
export { corsPreflight, withCors } from './cors.js';
export { GATEWAY_ERRORS, GATEWAY_LIMITS, checkRequestSize } from './gateway-errors.js';

/** Each endpoint kind's codec module. */
export const CODECS = { rest, http, alb, url } as const satisfies Record<EndpointKind, unknown>;
