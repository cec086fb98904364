import { readFileSync } from 'node:fs';

/** A captured CloudFront error page (fixtures/cloudfront/README.md), as dev must give it for `status` and the answer's X-Amz-Cf-Id. */
const CAPTURED = readFileSync(new URL('./fixtures/cloudfront/error-page-400.html', import.meta.url), 'utf8');

export function cloudFrontPage(status: number, cfId: string): string {
  return CAPTURED.replace('<H1>400 ERROR</H1>', `<H1>${status} ERROR</H1>`).replace(/^Request ID: .*$/m, `Request ID: ${cfId}`);
}
