import { describe, expect, it } from 'vitest';
import { stackTreeResources } from '../../src/core/local-aws/nested-stacks.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';

/** A project of templates by path from the top-level one's directory, read as loadProject reads it. */
function tree(files: Record<string, string>) {
  const { template, diagnostics } = readSamTemplate(files['template.yaml']!, { file: 'template.yaml', readFile: (path) => files[path.replace(/^\.\//, '')] });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return stackTreeResources(template!, 'template.yaml');
}

const FUNCTION = `
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: python3.12, Handler: app.handler, CodeUri: src/ }`;

describe('stackTreeResources', () => {
  it("creates a nested stack's resources beside its parent's, named by the parameters the parent passes", () => {
    const { spec, diagnostics } = tree({
      'template.yaml': `
Transform: AWS::Serverless-2016-10-31
Resources:${FUNCTION}
  Sessions:
    Type: AWS::Serverless::SimpleTable
  Orders:
    Type: AWS::Serverless::Application
    Properties:
      Location: orders/template.yaml
      Parameters: { Stage: prod }
`,
      'orders/template.yaml': `
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: { Type: String }
Resources:${FUNCTION}
  Table:
    Type: AWS::Serverless::SimpleTable
    Properties: { TableName: !Sub 'orders-\${Stage}' }
  Jobs:
    Type: AWS::SQS::Queue
  Audit:
    Type: AWS::CloudFormation::Stack
    Properties: { TemplateURL: audit.yaml }
`,
      'orders/audit.yaml': `
Resources:
  Trail:
    Type: AWS::S3::Bucket
`,
    });
    expect(diagnostics).toEqual([]);
    expect(spec.tables.map((t) => [t.id, t.TableName])).toEqual([['Sessions', 'Sessions'], ['Table', 'orders-prod']]);
    expect(spec.queues.map((q) => [q.id, q.name])).toEqual([['Jobs', 'Jobs']]);
    expect(spec.buckets).toEqual([{ id: 'Trail', name: 'trail' }]);
  });

  it("makes one resource of a parent's and a child's that have the same local name, and says so", () => {
    const { spec, diagnostics } = tree({
      'template.yaml': `
Transform: AWS::Serverless-2016-10-31
Resources:${FUNCTION}
  Table:
    Type: AWS::Serverless::SimpleTable
  Child:
    Type: AWS::Serverless::Application
    Properties: { Location: child.yaml }
`,
      'child.yaml': `
Transform: AWS::Serverless-2016-10-31
Resources:${FUNCTION}
  Table:
    Type: AWS::Serverless::SimpleTable
    Properties: { PrimaryKey: { Name: pk, Type: String } }
`,
    });
    expect(spec.tables).toEqual([{ id: 'Table', TableName: 'Table', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] }]);
    expect(diagnostics).toEqual([{
      severity: 'warning', file: 'child.yaml', path: 'Resources.Table',
      message: "is the table Table locally, as another stack's is: the local AWS endpoint has one for both (deployed, each stack has its own unless it is named)",
    }]);
  });

  it('is the template\'s own resources when it has no nested stack', () => {
    const { spec } = tree({ 'template.yaml': `Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n` });
    expect(spec.queues.map((q) => q.name)).toEqual(['Jobs']);
    expect(spec.tables).toEqual([]);
  });
});
