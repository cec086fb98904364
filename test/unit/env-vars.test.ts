import { describe, expect, it } from 'vitest';
import { envFileOverrides, parseEnvVars, unknownEnvVarsSections } from '../../src/core/model/env-vars.js';
import { UserError } from '../../src/core/errors.js';

function failure(text: string | Buffer): UserError {
  try {
    parseEnvVars(typeof text === 'string' ? Buffer.from(text) : text, 'env.json', {});
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('parseEnvVars', () => {
  it('reads Parameters and function sections, values as strings', () => {
    expect(parseEnvVars(Buffer.from('{"Parameters": {"A": "1", "B": 2, "C": true}, "Fn": {"A": "x"}}'), 'env.json', {})).toEqual({
      Parameters: { A: '1', B: '2', C: 'true' },
      Fn: { A: 'x' },
    });
  });

  it('passes over a __proto__ key, which sets no prototype', () => {
    const vars = parseEnvVars(Buffer.from('{"__proto__": {"A": "1"}, "Fn": {"__proto__": {"x": 1}, "B": true, "C": 2.5}}'), 'env.json', {});
    expect(vars).toEqual({ Fn: { B: 'true', C: '2.5' } });
    expect(Object.getPrototypeOf(vars)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(vars.Fn)).toBe(Object.prototype);
  });

  // SAM CLI blanks a null (samcli/local/lambdafn/env_vars.py, _stringify_value).
  it('reads null as an empty value, as sam local does', () => {
    expect(parseEnvVars(Buffer.from('{"Fn": {"A": null}}'), 'env.json', {})).toEqual({ Fn: { A: '' } });
  });

  it.each([
    ['null', 'env.json: the file is null, not an object'],
    ['[]', 'env.json: the file is a list, not an object'],
    ['{"Parameters": "A=1"}', 'env.json: Parameters is a string, not an object'],
    ['{"Fn": {"A": {"nested": 1}}}', 'env.json: Fn.A is an object, not a string, number, boolean or null'],
    ['{"Fn": {"A": 1, "B": [2]}, "Other": 5}', 'env.json: Fn.B is a list, not a string, number, boolean or null'],
    ['{"Fn": {"A": 1}, "Other": 5, "Last": {"B": {}}}', 'env.json: Other is a number, not an object'],
    ['{"Parameters": ', /^env\.json is not valid JSON: /],
    ['{\n  "Parameters": {\n    "A": "1",\n  }\n}', /^env\.json is not valid JSON \(line 4, column 3\): /],
    ['{"Fn": {"A=B": "1"}}', 'env.json: Fn.A=B is not a valid variable name (letters, digits and _, starting with a letter)'],
    ['{"Parameters": {"": "2"}}', 'env.json: Parameters."" is not a valid variable name (letters, digits and _, starting with a letter)'],
    ['{"Fn": {"A": "a\\u0000b"}}', 'env.json: Fn.A has a NUL character in its value, which no environment variable can hold'],
  ])('%s: %s', (text, message) => {
    const error = failure(text);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  it.each<[string, Buffer, string]>([
    ['UTF-16 (PowerShell 5\'s >)', Buffer.from('\uFEFF{"Fn": {"A": "1"}}', 'utf16le'), 'env.json is UTF-16 text, not UTF-8; an --env-vars file is UTF-8 (JSON, or a .env file)'],
    ['Latin-1 (a value with é)', Buffer.from('{"Fn":\n  {"A": "caf\xe9"}}', 'latin1'), 'env.json is not UTF-8 text: byte 0xE9 on line 2, column 13 (saved as Latin-1 or Windows-1252?); an --env-vars file is UTF-8 (JSON, or a .env file)'],
  ])('a file saved as %s: said so, with how to save it, not read with U+FFFD in a value', (_what, bytes, message) => {
    const error = failure(bytes);
    expect([error.message, error.hint]).toEqual([message, 'Save it as UTF-8 (in PowerShell: Set-Content -Encoding utf8, or Out-File -Encoding utf8).']);
  });

  it('names the format in the hint', () => {
    const hint = 'An --env-vars file (as in sam local) is {"Parameters": {"NAME": "value"}, "<FunctionId>": {"NAME": "value"}}, or a .env file of NAME=value lines for every function.';
    expect([failure('null').hint, failure('{"Parameters": ').hint, failure('# nothing but a comment\n').hint]).toEqual([hint, hint, hint]);
  });

  // SAM CLI 1.156 (invoke_context.py, _get_env_vars_value): JSON first, else a .env file for every function.
  it('reads a .env file, as sam local does: its variables apply to every function', () => {
    expect(parseEnvVars(Buffer.from('\uFEFF# local settings\nTABLE_NAME=todos\nexport STAGE="dev # not a comment"\nDEBUG=1 # a comment\n'), '.env', {})).toEqual({
      Parameters: { TABLE_NAME: 'todos', STAGE: 'dev # not a comment', DEBUG: '1' },
    });
  });

  // python-dotenv expands ${NAME} from the file's earlier lines, else from SAM CLI's environment: the shell's.
  it('a .env value\'s ${NAME} is the file\'s, else the shell\'s; a bare name is set to ""', () => {
    expect(parseEnvVars(Buffer.from('TABLE=${STAGE}-todos\nURL=http://${HOST:-localhost}/${TABLE}\nFLAG\n'), '.env', { STAGE: 'dev' })).toEqual({
      Parameters: { TABLE: 'dev-todos', URL: 'http://localhost/dev-todos', FLAG: '' },
    });
  });

  it.each([
    ['', 'env.json is neither JSON nor a .env file (NAME=value lines)'],
    ['# only a comment\n', 'env.json is neither JSON nor a .env file (NAME=value lines)'],
    // Broken JSON is not read as a .env file: its JSON error says where it breaks.
    ['{"Fn": {"A=B": 1,}}', /^env\.json is not valid JSON \(line 1, column 18\): /],
  ])('a file that is neither: %j', (text, message) => {
    const error = failure(text);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  it('a .env variable name Lambda would refuse: said as for JSON', () => {
    expect(failure('MY-VAR=1\n').message).toBe('env.json: Parameters.MY-VAR is not a valid variable name (letters, digits and _, starting with a letter)');
  });
});

describe('parseEnvVars with a byte order mark', () => {
  it('reads the JSON after it', () => expect(parseEnvVars(Buffer.from('\uFEFF{"Fn": {"A": 1}}'), 'env.json', {})).toEqual({ Fn: { A: '1' } }));
});

describe('envFileOverrides', () => {
  const vars = { Parameters: { A: 'all', B: 'all' }, Fn: { A: 'by id' }, 'my-fn': { B: 'by name' }, Named: {}, 'named-fn': { B: 'by name' } };
  it.each([
    [{ id: 'Other', name: 'Other', environment: { A: '', B: '' } }, { A: 'all', B: 'all' }],
    [{ id: 'Fn', name: 'Fn', environment: { A: '', B: '' } }, { A: 'by id', B: 'all' }],
    // An empty section is passed over, as sam local's `or` passes it over.
    [{ id: 'Named', name: 'named-fn', environment: { A: '', B: '' } }, { A: 'all', B: 'by name' }],
  ])('%j gets %j', (fn, expected) => expect(envFileOverrides(vars, fn, 'env.json')).toEqual({ env: expected, diagnostics: [] }));

  // sam local reads one section per function, the logical id's first (local_lambda.py, _make_env_vars): not both merged.
  it("a section by logical id and one by name: the logical id's, whole, and a warning", () => {
    expect(envFileOverrides(vars, { id: 'Fn', name: 'my-fn', environment: { A: '', B: '' } }, 'env.json')).toEqual({
      env: { A: 'by id', B: 'all' },
      diagnostics: [{ severity: 'warning', path: 'env.json', message: "Fn and my-fn both name Fn: Fn's variables apply, and my-fn's are not read, as sam local reads one section per function (its logical id's first): merge them" }],
    });
  });

  it('is empty without a file', () => expect(envFileOverrides(undefined, { id: 'Fn', name: 'Fn', environment: {} }, '')).toEqual({ env: {}, diagnostics: [] }));

  it('leaves out the names Lambda reserves, and names the ones the function does not declare', () => {
    const { env, diagnostics } = envFileOverrides({ Fn: { _HANDLER: 'x', AWS_REGION: 'eu-west-1', C: '5', B: '2', A: '1' } }, { id: 'Fn', name: 'Fn', environment: { A: 'x' } }, 'env.json');
    expect(env).toEqual({ A: '1', B: '2', C: '5' });
    expect(diagnostics).toEqual([
      { severity: 'warning', path: 'env.json', message: 'AWS_REGION, _HANDLER are reserved by Lambda, which sets them itself: not set from this file' },
      { severity: 'warning', path: 'env.json', message: 'B, C are set for Fn but not declared in its Environment: set here, missing on Lambda (and ignored by sam local)' },
    ]);
  });
});

describe('unknownEnvVarsSections', () => {
  const known = new Set(['HelloFunction', 'my-stack-hello', 'NodeFn']);
  const names = (vars: Record<string, Record<string, string>>) => unknownEnvVarsSections(vars, known, 'template.yaml', 'env.json').map((d) => d.message.split(' ')[0]);
  it.each<[Record<string, Record<string, string>>, string[]]>([
    [{ Parameters: { A: '1' }, HelloFunction: { B: '2' }, 'my-stack-hello': { C: '3' }, NodeFn: {} }, []],
    [{ HelloFuntion: { B: '2' }, Parameters: {} }, ['HelloFuntion']],
    [{ Zed: {}, Alpha: {} }, ['Alpha,']],
  ])('%j: %j', (vars, sections) => expect(names(vars)).toEqual(sections));

  it('says where their variables go', () => {
    expect(unknownEnvVarsSections({ HelloFuntion: {} }, known, 'template.yaml', 'env.json')).toEqual([{
      severity: 'warning',
      path: 'env.json',
      message: "HelloFuntion is not a function of template.yaml, so its variables go nowhere (a section is named after a function's logical id or name, or is Parameters for all)",
    }]);
  });
});
