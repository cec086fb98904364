/** Route tables for REST APIs, HTTP APIs, ALB listeners and function URLs, and request matching. */
export { compileRoutes, type CompiledRoute, type RouteTable } from './compile.js';
export { matchRoute, restResource, type RouteMatch } from './match.js';
export { httpApiPath, restSegments } from './request-paths.js';
export { DEFAULT_ROUTE, parseTemplate, type Segment } from './templates.js';
export { ALB_PATTERN_MAX_LENGTH, albPatternRegExp } from './alb-patterns.js';
