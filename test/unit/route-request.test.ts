import { describe, expect, it } from 'vitest';
import { routeRequest } from '../../src/core/gateway/route-request.js';
import type { Endpoint } from '../../src/core/model/project.js';
import { compileRoutes } from '../../src/core/routing/index.js';
import { request } from './http-test-support.js';

const source = { file: 'template.yaml', path: 'Resources' };

function eventFor(endpoint: Endpoint, path: string): Record<string, unknown> {
  const step = routeRequest({ endpoint, table: compileRoutes(endpoint).table, region: 'us-east-1', accountId: '123456789012' }, request({ rawPath: path }));
  if (step.kind !== 'invoke') throw new Error(`no invocation for ${path}: ${step.reason}`);
  return JSON.parse(step.event.toString()) as Record<string, unknown>;
}

describe('routeRequest: ALB target groups', () => {
  // Two target groups of one listener may forward to the same function; each event names its own group.
  it('names the target group the rule forwards to in targetGroupArn', () => {
    const endpoint: Endpoint = {
      id: 'Listener', kind: 'alb', stage: '$default', binaryMediaTypes: [], source,
      routes: [
        { method: 'ANY', path: '/multi', functionId: 'Echo', priority: 1, multiValueHeaders: true, targetGroup: 'TGMulti', source },
        { method: 'ANY', path: '/single', functionId: 'Echo', priority: 2, multiValueHeaders: false, targetGroup: 'TGSingle', source },
        { method: 'ANY', path: '*', functionId: 'Echo', source },
      ],
    };
    const arn = (path: string) => (eventFor(endpoint, path).requestContext as { elb: { targetGroupArn: string } }).elb.targetGroupArn;
    expect(arn('/multi')).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup\/TGMulti\/[0-9a-f]{16}$/);
    expect(arn('/single')).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup\/TGSingle\/[0-9a-f]{16}$/);
    // A route read without its group (serverless.yml) is named after its function.
    expect(arn('/other')).toMatch(/targetgroup\/Echo\/[0-9a-f]{16}$/);
  });
});
