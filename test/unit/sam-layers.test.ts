import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';

const read = (text: string) => readSamTemplate(text, { file: 'template.yaml' });

describe('SAM layers', () => {
  it('refuses more than the five layers Lambda allows a function, counting the template\'s and ARNs alike', () => {
    const arns = [1, 2, 3, 4, 5].map((n) => `arn:aws:lambda:us-east-1:123456789012:layer:l${n}:1`);
    const template = (layers: string[]) => `
Resources:
  Shared:
    Type: AWS::Serverless::LayerVersion
    Properties: { ContentUri: layers/shared/ }
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: python3.12, Handler: app.handler, Layers: [${layers.join(', ')}] }
`;
    const errors = (layers: string[]) => read(template(layers)).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`);
    expect(errors([...arns.slice(0, 4), '!Ref Shared'])).toEqual([]);
    expect(errors([...arns, '!Ref Shared'])).toEqual(["Resources.Fn.Properties.Layers: lists 6 layers, above Lambda's maximum of 5 a function"]);
  });

  // alb-cognito-lambda of aws-samples/serverless-patterns takes its layer's ARN as a parameter without a Default:
  // the warning said "this layer is not a layer of this template" without saying which, or why.
  it('says which parameter a layer ARN without a value is', () => {
    const { project, diagnostics } = read(`
Parameters:
  LayerArn: { Type: String }
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: python3.12, Handler: app.handler, Layers: [!Ref LayerArn] }
`);
    expect(diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual([
      "warning Resources.Fn.Properties.Layers[0]: parameter LayerArn has no Default and no override (--parameter-overrides LayerArn=...): this layer's modules are not available locally",
    ]);
    expect(project!.functions[0]!.externalLayers).toEqual(['a layer whose ARN is not known here (parameter LayerArn has no Default and no override (--parameter-overrides LayerArn=...))']);
  });

  it('reads the template\'s layers with how SAM builds them, and keeps the others as written', () => {
    const { project, diagnostics } = read(`
Parameters:
  PowertoolsArn: { Type: String, Default: 'arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7' }
Globals:
  Function:
    Layers: [!Ref Shared]
Resources:
  Shared:
    Type: AWS::Serverless::LayerVersion
    Properties: { ContentUri: layers/shared/ }
    Metadata: { BuildMethod: python3.12, BuildArchitecture: arm64 }
  Plain:
    Type: AWS::Lambda::LayerVersion
    Properties: { Content: layers/plain }
  InS3:
    Type: AWS::Serverless::LayerVersion
    Properties: { ContentUri: s3://bucket/layer.zip }
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Layers: [!Ref Plain, !Ref PowertoolsArn, !Ref InS3]
`);
    expect(project!.functions[0]!.layers).toEqual([
      { id: 'Shared', contentUri: 'layers/shared/', buildMethod: 'python3.12', buildArchitecture: 'arm64', source: { file: 'template.yaml', path: 'Resources.Shared' } },
      { id: 'Plain', contentUri: 'layers/plain', source: { file: 'template.yaml', path: 'Resources.Plain' } },
    ]);
    expect(project!.functions[0]!.externalLayers).toEqual(['arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7', 'InS3 (its content is in S3)']);
    expect(diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual([
      "warning Resources.Api.Properties.Layers[2]: 'arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7' is not a layer of this template: its modules are not available locally",
      'warning Resources.Api.Properties.Layers[3]: layer InS3 has no local ContentUri: its modules are not available locally',
    ]);
  });
});
