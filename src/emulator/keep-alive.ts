/**
 * How long a kept-alive connection may idle between requests before dev closes it. Node's default, 5 s (closed
 * at 6 s: Node adds a second), is shorter than clients keep idle sockets (Python's urllib3 and Node's http.Agent
 * keep them until the server closes them): a client that reused one just as dev closed it got ECONNRESET, 57
 * of 240 reuses after an idle 5.993-6.001 s (bench/soak.mjs saw 1 in 10,000 requests). An ALB closes a client
 * connection after 60 s idle by default
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout);
 * API Gateway (REST and HTTP APIs) and function URLs document no idle timeout for HTTP connections (their quota
 * pages, apigateway/latest/developerguide/http-api-quotas.html and api-gateway-execution-service-limits-table.html,
 * give none), nor does Lambda's Invoke API (whose clients, boto3's urllib3 pool, keep idle sockets for good), so
 * they are assumed to keep them as long as an ALB. Node's `Keep-Alive: timeout=60` header tells clients that
 * read it (undici, fetch) to let the socket go first.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 60_000;
