// The values of `${file(./x.js)}` and `${file(./x.js):a.b}` variables, as the Framework v3 gives them
// (lib/configuration/variables/sources/file.js): the file is `require`d once; its export, or the property the
// address names, is awaited, and the first plain function met on the way is called with
// `{ options, resolveVariable, resolveConfigurationProperty }` and awaited (what it gives is then walked as it is).
// The configuration's variables are resolved by pylambda, in the process that started this one: resolveVariable and
// resolveConfigurationProperty ask it (`ask`), and the addresses are given all at once, as the Framework resolves
// its variables (Promise.all), so that one may wait for another's value.

/** The Framework's `type/plain-function/is`: a function that is not a class. */
function isPlainFunction(value) {
  return typeof value === 'function' && !/^class[\s{]/.test(Function.prototype.toString.call(value));
}

function thrown(error) {
  const message = error instanceof Error ? error.message : String(error);
  return { error: 'thrown', message, ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) };
}

/** A value the configuration can hold: JSON data (the Framework's resolved configuration is serialised). */
function settle(value) {
  if (value === undefined || value === null) return { missing: true };
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return { error: 'not-json', message: `it is a ${typeof value}` };
  try {
    return { value: JSON.parse(JSON.stringify(value)) };
  } catch (error) {
    return { error: 'not-json', message: String(error && error.message) };
  }
}

/**
 * What a function is given to read the configuration with: each call asks pylambda (`ask`, which answers with the
 * value, or why there is none). A failure is remembered: a function that fails with it failed because of it, as the
 * Framework passes on a "Cannot resolve variable" error as it is.
 */
function resolvers(ask, address) {
  const failures = new Map();
  const asking = (name, check) => async (argument) => {
    check(argument);
    const answer = await ask({ name, argument, address });
    if ('value' in answer) return answer.value;
    if (answer.missing) return undefined;
    const failure = new Error(answer.unresolved ?? answer.error);
    failures.set(failure, { name, argument, ...answer });
    throw failure;
  };
  return {
    failures,
    resolveVariable: asking('resolveVariable', (argument) => {
      // The Framework's ensureString (INVALID_VARIABLE_INPUT_TYPE).
      if (typeof argument !== 'string') throw new TypeError(`resolveVariable takes a string (as 'self:custom.x'), not ${JSON.stringify(argument) ?? String(argument)}`);
    }),
    resolveConfigurationProperty: asking('resolveConfigurationProperty', (argument) => {
      if (!Array.isArray(argument) || !argument.every((key) => typeof key === 'string')) throw new TypeError(`resolveConfigurationProperty takes an array of keys (as ['custom', 'x']), not ${JSON.stringify(argument) ?? String(argument)}`);
    }),
  };
}

async function callFunction(fn, options, ask, address) {
  const { failures, resolveVariable, resolveConfigurationProperty } = resolvers(ask, address);
  try {
    return { value: await fn({ options, resolveVariable, resolveConfigurationProperty }) };
  } catch (error) {
    const failure = failures.get(error);
    if (!failure) return thrown(error);
    return failure.unresolved !== undefined
      ? { unresolved: failure.unresolved, name: failure.name, argument: failure.argument }
      : { error: 'resolve-variable', name: failure.name, argument: failure.argument, message: failure.error };
  }
}

async function awaited(value) {
  try {
    return { value: await value };
  } catch (error) {
    return thrown(error);
  }
}

async function fileVariable(exported, address, options, ask) {
  let byFunction = isPlainFunction(exported);
  let step = byFunction ? await callFunction(exported, options, ask, address) : await awaited(exported);
  if (!('value' in step)) return step;
  let result = step.value;
  for (const key of address ? address.split('.') : []) {
    if (result === undefined || result === null) return { missing: true };
    result = result[key];
    if (result === undefined || result === null) return { missing: true };
    if (byFunction) continue;
    byFunction = isPlainFunction(result);
    step = byFunction ? await callFunction(result, options, ask, address) : await awaited(result);
    if (!('value' in step)) return step;
    result = step.value;
  }
  return settle(result);
}

/**
 * One answer per address of `request.addresses` (null: the whole export), each told to `settled` as soon as it is
 * known (another address may be waiting for it); the file's own error ends it all.
 */
export async function fileVariables(requireHere, file, request, ask, settled) {
  let exported;
  try {
    exported = requireHere(file);
  } catch (error) {
    return request.addresses.map(() => ({ ...thrown(error), load: true }));
  }
  return Promise.all(request.addresses.map(async (address, index) => {
    const value = await fileVariable(exported, address, request.options, ask);
    settled(index, value);
    return value;
  }));
}
