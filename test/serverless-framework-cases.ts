// The services test/integration/serverless-framework-parity.test.ts reads with pylambda and with the Serverless
// Framework v3, with what each case expects (see that file).

export interface Case {
  readonly name: string;
  /** serverless.yml and the other files of the service (`../` for those beside it); a handler's file is written for each of `handlers`. */
  readonly files: Readonly<Record<string, string>>;
  /** Handlers as serverless.yml writes them, each under its module directory when it has one (`function1/handler.main`). */
  readonly handlers: readonly string[];
  readonly stage?: string;
  /** The shell's variables, for `${env:}`. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A handler's file, whose text names it: the code found for a handler shows where it was looked for. */
export function handlerFiles(handlers: readonly string[]): Record<string, string> {
  return Object.fromEntries(handlers.map((h) => {
    const dot = h.lastIndexOf('.');
    return [`${h.slice(0, dot).replace(/\./g, '/')}.py`, `def ${h.slice(dot + 1)}(event, context):\n    return ${JSON.stringify(h)}\n`];
  }));
}

const VARIABLES = `service: shop
frameworkVersion: '3'
params:
  default:
    domain: example.com
    tableSuffix: shared
  prod:
    domain: shop.example.com
custom:
  memory: 512
  tableName: items-\${sls:stage}
  tracing: \${strToBool(\${env:TRACE, 'false'})}
  settings: \${file(./config.yml):settings}
  stageConfig: \${file(./config.\${sls:stage}.json)}
provider:
  name: aws
  runtime: python3.11
  stage: \${opt:stage, 'dev'}
  region: \${env:REGION, 'eu-west-1'}
  memorySize: \${self:custom.memory}
  timeout: \${self:custom.stageConfig.timeout}
  architecture: arm64
  environment:
    STAGE: \${sls:stage}
    PROVIDER_STAGE: \${self:provider.stage}
    REGION: \${aws:region}
    TABLE: \${self:custom.tableName}
    DOMAIN: \${param:domain}
    SUFFIX: \${param:tableSuffix}
    LOG_LEVEL: \${env:LOG_LEVEL, 'INFO'}
    TRACING: \${self:custom.tracing}
    DB_HOST: \${self:custom.settings.db.host}
    SHARED: provider
  apiGateway:
    binaryMediaTypes:
      - image/png
      - '*/*'
  httpApi:
    cors: true
functions:
  hello:
    handler: handler.hello
    environment:
      SHARED: function
      OWN: \${self:custom.stageConfig.greeting}
    events:
      - http: GET /hello
      - http:
          method: post
          path: /hello/{name}
      - http: ANY /items/{proxy+}
  api:
    handler: src/api/handler.main
    memorySize: 2048
    timeout: 20
    architecture: x86_64
    events:
      - httpApi: 'GET /users/{id}'
      - httpApi:
          method: POST
          path: /users
      - httpApi: '*'
  web:
    handler: web.handler
    url: true
`;

export const VARIABLE_FILES = {
  'serverless.yml': VARIABLES,
  'config.yml': 'settings:\n  db:\n    host: db.${sls:stage}.internal\n',
  'config.dev.json': '{"timeout": 10, "greeting": "hello dev"}',
  'config.prod.json': '{"timeout": 30, "greeting": "hello prod"}',
};

const LISTENER = 'arn:aws:elasticloadbalancing:us-west-2:123456789012:listener/app/my-lb/50dc6c495c0c9188/f2f7dc8efc522ab2';

export const CASES: readonly Case[] = [
  {
    name: "variables (opt, sls, self, env, file, strToBool, param, aws:region), the provider's environment under the function's, http, httpApi and url events",
    files: VARIABLE_FILES,
    handlers: ['handler.hello', 'src/api/handler.main', 'web.handler'],
  },
  {
    name: 'the same service with --stage prod: its params, its config file, variables from the shell (an empty one is set)',
    files: VARIABLE_FILES,
    handlers: ['handler.hello', 'src/api/handler.main', 'web.handler'],
    stage: 'prod',
    env: { TRACE: 'TRUE', LOG_LEVEL: '', REGION: 'ap-south-1' },
  },
  {
    name: 'alb events with conditions, layers (provider-level, a function\'s own list, an ARN), package.individually, a handler in a subdirectory',
    files: {
      'serverless.yml': `service: lb
provider:
  name: aws
  runtime: python3.10
  stage: staging
  region: us-west-2
  timeout: 15
  layers:
    - { Ref: DepsLambdaLayer }
  environment:
    FROM: provider
    ACCOUNT: \${aws:accountId}
package:
  individually: true
  patterns:
    - '!tests/**'
layers:
  deps:
    path: layer
    compatibleRuntimes: [python3.10]
functions:
  status:
    handler: src/dir/handler.main
    layers:
      - { Ref: DepsLambdaLayer }
      - arn:aws:lambda:us-west-2:017000801446:layer:AWSLambdaPowertoolsPythonV2:78
    events:
      - alb:
          listenerArn: ${LISTENER}
          priority: 1
          conditions:
            path: /status
            method: [GET, HEAD]
      - alb:
          listenerArn: ${LISTENER}
          priority: 2
          multiValueHeaders: true
          conditions:
            path: [/admin, /admin/*]
            host: [admin.example.com]
            header:
              name: X-Team
              values: [ops]
            query:
              debug: 'true'
  worker:
    handler: worker.run
    memorySize: 128
    environment:
      FROM: worker
`,
      'layer/python/shared.py': 'VALUE = 1\n',
    },
    handlers: ['src/dir/handler.main', 'worker.run'],
  },
  {
    name: "serverless-python-requirements' module with package.individually: the module directory is the root of the function's code",
    files: {
      'serverless.yml': `service: modules
plugins:
  - serverless-python-requirements
package:
  individually: true
provider:
  name: aws
  runtime: python3.11
functions:
  one:
    handler: handler.main
    module: function1
  two:
    handler: lib/handler.main
    module: function2
  root:
    handler: src/dir/handler.main
`,
    },
    handlers: ['function1/handler.main', 'function2/lib/handler.main', 'src/dir/handler.main'],
  },
  {
    name: 'stage params with variables, a number as the timeout from the shell, strToBool, numbers in the environment, http cors settings, a Node.js function left out',
    files: {
      'serverless.yml': `service: edge-cases
params:
  default:
    memory: 256
    domain: \${sls:stage}.example.com
  prod:
    memory: 1536
provider:
  name: aws
  runtime: python3.11
  memorySize: \${param:memory}
  timeout: \${env:FN_TIMEOUT, '12'}
  environment:
    DOMAIN: \${param:domain}
    SERVICE: \${self:service}
    DEBUG: \${strToBool(\${env:DEBUG, 'False'})}
    ONE: \${strToBool(1)}
    NUMBER: 3.50
functions:
  get-user_v2:
    handler: users.get
    environment:
      DOMAIN: \${param:domain}-override
    events:
      - http:
          path: /
          method: GET
      - http:
          path: 'users/{id}'
          method: DELETE
          cors:
            origin: 'https://a.example.com'
            headers: [Content-Type, X-Custom]
            allowCredentials: true
            maxAge: 86400
      - http:
          path: 'users/{id}/avatar'
          method: GET
          cors:
            origins: ['*', 'https://*.example.com', 'https://*.example.*']
            maxAge: 0
            cacheControl: 'max-age=600'
      - http:
          path: 'users/{id}/photo'
          method: PUT
          cors:
            origin: 'https://x.example.com, https://y.example.com'
            headers: [X-Put]
            cacheControl: 'no-store'
      - httpApi:
          method: patch
          path: /users/{id}
  node:
    handler: index.handler
    runtime: nodejs18.x
    events:
      - httpApi: GET /node
`,
    },
    handlers: ['users.get'],
    stage: 'prod',
    env: { FN_TIMEOUT: '30', DEBUG: 'true' },
  },
  {
    name: "http and httpApi events' short and long forms (paths without a slash or with a trailing one, the root, lower-case and * methods, $default), function URLs' CORS",
    files: {
      'serverless.yml': `service: routes
provider:
  name: aws
  runtime: python3.12
  httpApi:
    cors:
      allowedOrigins: [https://a.example.com, https://b.example.com]
functions:
  a:
    handler: a.handler
    events:
      - http: 'GET hello'
      - http: 'post /a/b/'
      - http: ANY /{proxy+}
      - http: GET /
      - http:
          path: /things/{thing}
          method: '*'
      - httpApi: 'ANY /x'
      - httpApi: 'get /lower'
      - httpApi:
          path: '*'
  b:
    handler: b.handler
    events:
      - httpApi:
          method: GET
          path: /b/{proxy+}
      - httpApi: 'DELETE /b/{id}'
    url:
      cors:
        allowedOrigins: [https://app.example.com]
        allowedMethods: [GET, POST]
        allowCredentials: true
        exposedResponseHeaders: [X-Total]
        maxAge: 300
  c:
    handler: c.handler
    url:
      cors: true
  d:
    handler: d.handler
    url:
      cors:
        allowedHeaders: null
`,
    },
    handlers: ['a.handler', 'b.handler', 'c.handler', 'd.handler'],
  },
  {
    name: "${file()} of a monorepo's shared configuration above the service directory, a whole file as the environment",
    files: {
      'serverless.yml': `service: api
provider:
  name: aws
  runtime: python3.12
  region: \${file(../../shared/aws.yml):region}
  environment: \${file(../../shared/env.\${sls:stage}.yml)}
functions:
  a:
    handler: a.handler
    timeout: \${file(../../shared/aws.yml):timeouts.api}
`,
      '../../shared/aws.yml': 'region: eu-north-1\ntimeouts:\n  api: 25\n',
      '../../shared/env.dev.yml': 'TABLE: shared-dev\nREGION: ${aws:region}\n',
    },
    handlers: ['a.handler'],
  },
  {
    name: 'YAML as the Framework\'s js-yaml reads it: << merge keys, dates and times in the environment, YAML 1.1 forms YAML 1.2 reads alike',
    files: {
      'serverless.yml': `service: scalars
custom:
  defaults: &defaults
    memorySize: 256
    timeout: 9
    environment:
      FROM: defaults
provider:
  name: aws
  runtime: python3.11
functions:
  a:
    <<: *defaults
    handler: a.handler
  b:
    <<: *defaults
    handler: b.handler
    timeout: 20
    environment:
      DATE: 2024-01-01
      STAMP: 2024-01-01 10:00:00
      ZONED: 2001-12-14t21:59:43.10-05:00
      QUOTED: '2024-01-01'
      OCTAL: 0o17
      OLD_OCTAL: 017
      HEX: 0x1F
      YES: yes
      ON: on
      EXP: 1e3
      FLOAT: 1.10
      TIME: 12:30
      UPPER_TRUE: TRUE
      EMPTY: ''
`,
    },
    handlers: ['a.handler', 'b.handler'],
  },
  {
    name: "useDotenv: .env.{stage} over .env, dotenv's quotes, comments and colon form, its variables expanded, the shell's winning",
    files: {
      'serverless.yml': `service: dotenv
useDotenv: true
provider:
  name: aws
  runtime: python3.11
  stage: \${opt:stage, 'dev'}
  environment:
${['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P'].map((k) => `    ${k}: \${env:${k}, 'unset'}`).join('\n')}
functions:
  a:
    handler: a.handler
`,
      '.env': 'A=from .env, not read\n',
      '.env.dev': [
        'A=plain value # comment', 'B="double # not comment"', "C='single $NOT_SET'", 'D=`backtick`', 'E: colon-form', 'export F=exported',
        'G="line1\\nline2"', 'H="multi', 'line"', 'I=${A}-and-$B', 'J=${MISSING:-fallback}', 'K=\\$escaped', 'L=${LATER}', 'LATER=later',
        'M=${FROM_SHELL}', 'N=shell wins', 'O="${A}"', 'P=a=b=c', '',
      ].join('\n'),
    },
    handlers: ['a.handler'],
    env: { FROM_SHELL: 'from the shell', N: 'the shell' },
  },
];
