// The templates test/integration/sam-translator.test.ts gives both AWS SAM's translator and pylambda, with what each
// case expects of the summaries (see that file).

const HEADER = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n";
export const APP = { 'src/app.py': 'def handler(event, context):\n    return {"statusCode": 200, "body": "ok"}\n' };

export interface Case {
  readonly name: string;
  readonly template: string;
  readonly files?: Readonly<Record<string, string>>;
  readonly parameters?: Readonly<Record<string, string>>;
  readonly region?: string;
  /** Part of the summary both must have: routes and triggers listed here must all be there. */
  readonly expect: { readonly functions?: readonly string[]; readonly routes?: readonly string[]; readonly triggers?: readonly string[] };
  /** Functions the translator deploys that pylambda leaves out, with the reason it gives: their routes are unserved ones. */
  readonly skipped?: Readonly<Record<string, string>>;
  /** Routes pylambda serves that the deployed API lacks, as sam local start-api serves them, with the warning that says so. */
  readonly localOnly?: { readonly routes: readonly string[]; readonly warning: string };
}

const GLOBALS = `${HEADER}Parameters:
  Stage: { Type: String, Default: dev, AllowedValues: [dev, prod] }
  Memory: { Type: Number, Default: 256 }
  LayerArn: { Type: String, Default: 'arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7' }
Mappings:
  StageSettings:
    dev: { Timeout: 10, LogLevel: DEBUG }
    prod: { Timeout: 30, LogLevel: INFO }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Globals:
  Function:
    Runtime: python3.12
    Handler: app.handler
    CodeUri: src/
    MemorySize: !Ref Memory
    Timeout: !FindInMap [StageSettings, !Ref Stage, Timeout]
    Architectures: [arm64]
    Layers: [!Ref LayerArn]
    Environment:
      Variables:
        STAGE: !Ref Stage
        LOG_LEVEL: !FindInMap [StageSettings, !Ref Stage, LogLevel]
        ENDPOINT: !Sub 'https://sqs.\${AWS::Region}.amazonaws.com'
  Api:
    Cors: "'*'"
  HttpApi:
    CorsConfiguration: { AllowOrigins: ['*'] }
Resources:
  Shared:
    Type: AWS::Serverless::LayerVersion
    Properties: { ContentUri: layer/ }
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      AutoPublishAlias: live
      Layers: [!Ref Shared]
      Environment:
        Variables:
          TABLE: !Ref Table
          MODE: !If [IsProd, strict, lenient]
      Events:
        List: { Type: Api, Properties: { Path: /orders, Method: get } }
        Get: { Type: Api, Properties: { Path: '/orders/{id}', Method: get } }
        Create: { Type: HttpApi, Properties: { Path: /orders, Method: post } }
        Proxy: { Type: HttpApi, Properties: { Path: '/files/{proxy+}', Method: any } }
        Warm: { Type: Schedule, Properties: { Schedule: rate(5 minutes) } }
  Worker:
    Type: AWS::Serverless::Function
    IgnoreGlobals: [Layers]
    Properties:
      MemorySize: 1024
      Timeout: !If [IsProd, 900, 60]
      Architectures: [x86_64]
      Events:
        Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn, BatchSize: 5, MaximumBatchingWindowInSeconds: 2 } }
        Uploads: { Type: S3, Properties: { Bucket: !Ref Uploads, Events: ['s3:ObjectCreated:*'], Filter: { S3Key: { Rules: [{ Name: prefix, Value: incoming/ }, { Name: suffix, Value: .csv }] } } } }
        Nightly: { Type: Schedule, Properties: { Schedule: 'cron(0 3 * * ? *)', Input: '{"full": true}' } }
        Stream: { Type: Kinesis, Properties: { Stream: !GetAtt Clicks.Arn, StartingPosition: TRIM_HORIZON, BatchSize: 50 } }
        Changes: { Type: DynamoDB, Properties: { Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST, Enabled: false } }
  Audit:
    Type: AWS::Serverless::Function
    Condition: IsProd
    Properties:
      Events:
        Trail: { Type: Api, Properties: { Path: /audit, Method: post } }
        Feed: { Type: HttpApi, Properties: { Path: /audit, Method: get } }
        Queue: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
  Jobs: { Type: AWS::SQS::Queue, Properties: { QueueName: !Sub 'jobs-\${Stage}' } }
  Uploads: { Type: AWS::S3::Bucket }
  Clicks: { Type: AWS::Kinesis::Stream, Properties: { ShardCount: 1 } }
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_IMAGE }
`;

export const CASES: readonly Case[] = [
  {
    name: 'Globals, parameter defaults, FindInMap, Sub with AWS::Region, AutoPublishAlias and the implicit APIs',
    template: GLOBALS,
    files: { ...APP, 'layer/python/shared.py': '' },
    region: 'eu-west-1',
    expect: {
      functions: ['Orders', 'Worker'],
      routes: [
        'rest ServerlessRestApi Prod GET /orders Orders:live',
        'rest ServerlessRestApi Prod GET /orders/{id} Orders:live',
        'http ServerlessHttpApi $default POST /orders Orders:live',
        'http ServerlessHttpApi $default ANY /files/{proxy+} Orders:live',
      ],
      triggers: ['sqs Worker jobs-dev batch=5 start=- window=2 enabled=-', 'schedule Worker cron(0 3 * * ? *) input={"full": true}'],
    },
  },
  {
    name: '--parameter-overrides turn a condition on',
    template: GLOBALS,
    files: { ...APP, 'layer/python/shared.py': '' },
    parameters: { Stage: 'prod', Memory: '512' },
    expect: {
      functions: ['Audit', 'Orders', 'Worker'],
      routes: ['rest ServerlessRestApi Prod POST /audit Audit', 'http ServerlessHttpApi $default GET /audit Audit'],
      triggers: ['sqs Worker jobs-prod batch=5 start=- window=2 enabled=-', 'sqs Audit jobs-prod batch=- start=- window=- enabled=-'],
    },
  },
  {
    name: 'explicit APIs: RestApiId and ApiId, stage names from a parameter, an OpenAPI DefinitionBody with its own integrations',
    template: `${HEADER}Parameters:
  Stage: { Type: String, Default: v1 }
Globals:
  Function: { Runtime: python3.11, Handler: app.handler, CodeUri: src/ }
  Api:
    OpenApiVersion: '3.0.1'
Resources:
  PublicApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
  AdminApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: admin
      DefinitionBody:
        openapi: '3.0.1'
        info: { title: admin, version: '1' }
        paths:
          /users:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Users.Arn}/invocations'
          /users/{id}:
            x-amazon-apigateway-any-method:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Users.Arn}:live/invocations'
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      StageName: !Sub '\${Stage}-http'
  Users:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        List: { Type: Api, Properties: { RestApiId: !Ref PublicApi, Path: /users, Method: get } }
        Put: { Type: Api, Properties: { RestApiId: !Ref PublicApi, Path: '/users/{id}', Method: put } }
        Feed: { Type: HttpApi, Properties: { ApiId: !Ref Http, Path: /feed, Method: get } }
        Default: { Type: HttpApi, Properties: { ApiId: !Ref Http, PayloadFormatVersion: '1.0' } }
`,
    files: APP,
    expect: {
      functions: ['Users'],
      routes: [
        'rest PublicApi v1 GET /users Users',
        'rest PublicApi v1 PUT /users/{id} Users',
        'rest AdminApi admin GET /users Users',
        'rest AdminApi admin ANY /users/{id} Users:live',
        'http Http v1-http GET /feed Users',
        'http Http v1-http ANY $default Users payload 1.0',
      ],
    },
  },
  {
    name: 'Fn::Transform AWS::Include in an OpenAPI DefinitionBody, a DefinitionUri beside the template',
    template: `${HEADER}Globals:
  Function: { Runtime: python3.12, Handler: app.handler, CodeUri: src/ }
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters: { Location: api/rest.yaml }
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: api/http.yaml
  Books:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Put: { Type: Api, Properties: { RestApiId: !Ref Api, Path: '/books/{id}', Method: put } }
`,
    files: {
      ...APP,
      'api/rest.yaml': `openapi: '3.0.1'
info: { title: books, version: '1' }
paths:
  /books:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Books.Arn}/invocations'
`,
      'api/http.yaml': `openapi: '3.0.1'
info: { title: books-http, version: '1' }
paths:
  /books:
    post:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        payloadFormatVersion: '2.0'
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:Books/invocations
`,
    },
    expect: {
      functions: ['Books'],
      routes: ['rest Api prod GET /books Books', 'http Http $default POST /books Books'],
    },
    localOnly: {
      routes: ['rest Api prod PUT /books/{id} Books'],
      warning: "Resources.Books.Properties.Events.Put: Api's api/rest.yaml has no PUT /books/{id}: on AWS an event adds no route to an API with its own definition (SAM writes events into a DefinitionBody only with MergeDefinitions: true); pylambda serves the event's route, as sam local start-api does",
    },
  },
  {
    name: 'AWS::Lambda::Function with Code.ZipFile, with Code in S3 and with a local Code; InlineCode, an image and a zip CodeUri',
    template: `${HEADER}Resources:
  Inline:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/lambda
      MemorySize: 512
      Code:
        ZipFile: |
          def handler(event, context):
              return "inline"
  FromS3:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/lambda
      Code: { S3Bucket: artifacts, S3Key: app.zip }
  Local:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/lambda
      Timeout: 20
      Code: src/
      Environment: { Variables: { MODE: plain } }
  LocalQueue:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Local
      EventSourceArn: !GetAtt Queue.Arn
      BatchSize: 3
  Queue: { Type: AWS::SQS::Queue }
  SamInline:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: |
        def handler(event, context):
            return {"statusCode": 200, "body": "inline"}
      Events:
        Get: { Type: Api, Properties: { Path: /inline, Method: get } }
  Image:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
      ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest
      Events:
        Get: { Type: Api, Properties: { Path: /image, Method: get } }
  Zipped:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: dist/app.zip
      Events:
        Get: { Type: HttpApi, Properties: { Path: /zipped, Method: get } }
`,
    files: { ...APP, 'dist/app.zip': '' },
    expect: {
      functions: ['Inline', 'Local', 'SamInline', 'Zipped'],
      routes: ['rest ServerlessRestApi Prod GET /inline SamInline', 'http ServerlessHttpApi $default GET /zipped Zipped'],
      triggers: ['sqs Local Queue batch=3 start=- window=- enabled=-'],
    },
    skipped: {
      FromS3: 'its Code is in S3 (s3://artifacts/app.zip); pylambda builds and runs code from a local directory only',
      Image: 'it is a container image function (PackageType: Image), which sam local runs in Docker; pylambda runs no containers, only zip functions in local Python',
    },
  },
  {
    name: 'Fn::If in events, a function and its events whose Condition is false',
    template: `${HEADER}Parameters:
  Env: { Type: String, Default: staging }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
Resources:
  Poller:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Events:
        Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn, BatchSize: !If [IsProd, 100, 1], Enabled: !If [IsProd, true, false] } }
        Tick: { Type: Schedule, Properties: { Schedule: !If [IsProd, rate(1 minute), rate(1 hour)] } }
        Get: { Type: Api, Properties: { Path: /poll, Method: get } }
  ProdReport:
    Type: AWS::Serverless::Function
    Condition: IsProd
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Events:
        Get: { Type: Api, Properties: { Path: /report, Method: get } }
        Stream: { Type: DynamoDB, Properties: { Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST } }
  StagingOnly:
    Type: AWS::Serverless::Function
    Condition: NotProd
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Events:
        Get: { Type: HttpApi, Properties: { Path: /debug, Method: get } }
  Jobs: { Type: AWS::SQS::Queue }
  Table:
    Type: AWS::DynamoDB::Table
    Condition: IsProd
    Properties:
      TableName: reports
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_IMAGE }
`,
    files: APP,
    expect: {
      functions: ['Poller', 'StagingOnly'],
      routes: ['rest ServerlessRestApi Prod GET /poll Poller', 'http ServerlessHttpApi $default GET /debug StagingOnly'],
      triggers: ['sqs Poller Jobs batch=1 start=- window=- enabled=False', 'schedule Poller rate(1 hour) input=-'],
    },
  },
];
