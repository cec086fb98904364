import { describe, expect, it } from 'vitest';
import { line, read } from './serverless-helpers.js';

/** A service that lists serverless-dotenv-plugin, with `custom` (YAML flow text) and provider and function variables. */
function service(custom = '{}', fnEnv = '{ OWN: function }'): string {
  return [
    'service: s',
    'plugins: [serverless-dotenv-plugin]',
    `custom: { dotenv: ${custom} }`,
    'provider:',
    '  name: aws',
    '  runtime: python3.12',
    '  environment: { SHARED: provider, WRITTEN: provider }',
    'functions:',
    `  f: { handler: app.handler, environment: ${fnEnv} }`,
    '',
  ].join('\n');
}

interface Case {
  readonly files: Readonly<Record<string, string>>;
  readonly custom?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly stage?: string;
}

/** The function's variables and what reading says. */
function run(c: Case, fnEnv?: string): { env: Record<string, string> | undefined; said: string[]; looked: string[] } {
  const looked: string[] = [];
  const readFile = (path: string) => {
    looked.push(path);
    return c.files[path];
  };
  const { project, diagnostics } = read(service(c.custom, fnEnv), { env: c.env ?? {}, readFile, ...(c.stage ? { stage: c.stage } : {}) });
  return { env: project?.functions[0]?.environment, said: diagnostics.map(line), looked: [...new Set(looked)] };
}

// Each expected value is what serverless-dotenv-plugin 6.0.0 (with dotenv 16.6.1 and dotenv-expand 10.0.0) put in
// provider.environment for the same files, run outside the suite from /tmp with the Framework's own plugin loading.
describe('serverless-dotenv-plugin: which files, which values', () => {
  const base = { SHARED: 'provider', WRITTEN: 'provider', OWN: 'function' };
  it.each<[string, Case, Record<string, string>]>([
    ['.env alone', { files: { '.env': 'A=env' } }, { A: 'env' }],
    ['no --stage: .env.development, not provider.stage\'s', { files: { '.env': 'A=env', '.env.development': 'A=development', '.env.dev': 'A=dev' } }, { A: 'development' }],
    ['--stage picks .env.{stage}', { files: { '.env': 'A=env\nB=env', '.env.prod': 'A=prod' }, stage: 'prod' }, { A: 'prod', B: 'env' }],
    ['NODE_ENV wins over --stage', { files: { '.env.qa': 'A=qa', '.env.prod': 'A=prod' }, stage: 'prod', env: { NODE_ENV: 'qa' } }, { A: 'qa' }],
    ['an empty NODE_ENV is none', { files: { '.env.qa': 'A=qa', '.env.prod': 'A=prod' }, stage: 'prod', env: { NODE_ENV: '' } }, { A: 'prod' }],
    ['the order: .env.{stage}.local, .env.{stage}, .env.local, .env', {
      files: { '.env': 'A=1\nB=1\nC=1\nD=1', '.env.local': 'A=2\nB=2\nC=2', '.env.dev': 'A=3\nB=3', '.env.dev.local': 'A=4' }, stage: 'dev',
    }, { A: '4', B: '3', C: '2', D: '1' }],
    ['the test environment has no .env.local', { files: { '.env': 'A=env', '.env.local': 'A=local' }, stage: 'test' }, { A: 'env' }],
    ['the shell wins over the files', { files: { '.env': 'A=env\nB=env' }, env: { A: 'shell' } }, { A: 'shell', B: 'env' }],
    ['the files win over provider.environment, a function\'s own over them', { files: { '.env': 'SHARED=dotenv\nOWN=dotenv' } }, { SHARED: 'dotenv', OWN: 'function' }],
    ['variables expand, from the shell and across files', { files: { '.env': 'URL=http://$HOST:${PORT}/x', '.env.local': 'PORT=81' }, env: { HOST: 'h' } }, { URL: 'http://h:81/x', PORT: '81' }],
    // dotenv-expand reads `${self` as a variable (empty) and leaves the rest.
    ['${self:...} in a value is no serverless variable', { files: { '.env': 'A=${self:service}' } }, { A: ':service}' }],
    // dotenv-expand is not run: the files' values as written, the later file's over the earlier's.
    ['variableExpansion false: values as written, .env over .env.local', {
      files: { '.env': 'A=env $X', '.env.local': 'A=local' }, custom: '{ variableExpansion: false }', env: { A: 'shell' },
    }, { A: 'env $X' }],
    ['include', { files: { '.env': 'A=1\nB=2\nC=3' }, custom: '{ include: [A, C] }' }, { A: '1', C: '3' }],
    ['include as text keeps what it contains', { files: { '.env': 'API=1\nKEY=2\nOTHER=3' }, custom: '{ include: API_KEY }' }, { API: '1', KEY: '2' }],
    ['include []: none', { files: { '.env': 'A=1' }, custom: '{ include: [] }' }, {}],
    ['exclude', { files: { '.env': 'A=1\nB=2' }, custom: '{ exclude: [B] }' }, { A: '1' }],
    ['path: the file named, with no stage files', { files: { 'config/vars': 'A=path', '.env': 'A=env', '.env.development': 'B=dev' }, custom: '{ path: config/vars }' }, { A: 'path' }],
    ['path as a list: the first wins', { files: { a: 'A=a', b: 'A=b\nB=b' }, custom: '{ path: [a, b] }' }, { A: 'a', B: 'b' }],
    ['basePath is put before each name as written', { files: { 'config/.env': 'A=config', 'config/.env.development': 'B=dev', '.env': 'A=root' }, custom: '{ basePath: config/ }' }, { A: 'config', B: 'dev' }],
    ['no file: nothing', { files: {} }, {}],
  ])('%s', (_what, c, expected) => {
    const { env, said } = run(c);
    expect(said).toEqual([]);
    expect(env).toEqual({ ...base, ...expected });
  });

  it('looks for the stage files with --stage, and for path\'s files as named, for dev to watch', () => {
    expect(run({ files: {}, stage: 'prod' }).looked).toEqual(['.env.prod.local', '.env.prod', '.env.local', '.env']);
    expect(run({ files: {}, custom: '{ path: [x/a, b] }' }).looked).toEqual(['x/a', 'b']);
  });
});

describe('serverless-dotenv-plugin: what it refuses and what is said', () => {
  it.each<[string, Case, string[]]>([
    ['required.file without a file', { files: {}, custom: '{ required: { file: true } }' },
      ['error custom.dotenv.required.file: is true and there is no .env file (the plugin looks for .env.development.local, .env.development, .env.local, .env): the plugin stops the Framework with "DOTENV: Could not find .env file."']],
    ['required.env missing (empty counts as missing)', { files: { '.env': 'A=\nB=1' }, custom: '{ required: { env: [A, B, C, D] } }', env: { D: 'shell' } },
      ['error custom.dotenv.required.env: Missing the following required environment variables: A,C (set them in a .env file or in the shell)']],
    ['a reserved variable', { files: { '.env': 'AWS_REGION=us-west-1\nA=1' } },
      ['error custom.dotenv: AWS_REGION, which .env sets, is reserved by Lambda, and the deploy fails on it: add it to custom.dotenv.exclude']],
    ['include and exclude', { files: { '.env': 'A=1' }, custom: '{ include: [A], exclude: [B] }' }, ['warning custom.dotenv.exclude: is ignored when include is set (the plugin says so too)']],
    ['path and basePath', { files: { a: 'A=1' }, custom: '{ path: a, basePath: config/ }' }, ['warning custom.dotenv.basePath: is ignored when path is set (the plugin says so too)']],
    ['a custom parser', { files: { '.env': 'A=1' }, custom: '{ dotenvParser: parser.js }' },
      ["warning custom.dotenv.dotenvParser: is not run by pylambda: the files are read with dotenv and dotenv-expand's rules, as the plugin's own parser reads them"]],
    ['include that is no list', { files: { '.env': 'A=1' }, custom: '{ include: 3 }' },
      ["warning custom.dotenv.include: must be '*' or a list of names, not number 3: the plugin fails on it and sets no variable"]],
  ])('%s', (_what, c, said) => {
    expect(run(c).said).toEqual(said);
  });

  it('a required variable the shell sets is there', () => {
    expect(run({ files: {}, custom: '{ required: { env: [A] } }', env: { A: 'x' } }).said).toEqual([]);
  });
});
