// The values of `${file(./x.js)}` and `${file(./x.js):a.b}` variables, as the Framework v3 gives them
// (lib/configuration/variables/sources/file.js): the file is `require`d once; its export, or the property the
// address names, is awaited, and the first plain function met on the way is called with
// `{ options, resolveVariable, resolveConfigurationProperty }` and awaited (what it gives is then walked as it is).
// pylambda resolves the configuration's variables apart from this process, so resolveVariable and
// resolveConfigurationProperty refuse: the answer says which was called, with what.

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

async function callFunction(fn, options) {
  let refused;
  const refuse = (name) => (argument) => {
    refused ??= { error: 'resolve-variable', name, argument: String(argument) };
    return Promise.reject(new Error(`pylambda does not support ${name}() in a \${file()} function`));
  };
  try {
    const value = await fn({ options, resolveVariable: refuse('resolveVariable'), resolveConfigurationProperty: refuse('resolveConfigurationProperty') });
    return refused ?? { value };
  } catch (error) {
    return refused ?? thrown(error);
  }
}

async function awaited(value) {
  try {
    return { value: await value };
  } catch (error) {
    return thrown(error);
  }
}

async function fileVariable(exported, address, options) {
  let byFunction = isPlainFunction(exported);
  let step = byFunction ? await callFunction(exported, options) : await awaited(exported);
  if (step.error) return step;
  let result = step.value;
  for (const key of address ? address.split('.') : []) {
    if (result === undefined || result === null) return { missing: true };
    result = result[key];
    if (result === undefined || result === null) return { missing: true };
    if (byFunction) continue;
    byFunction = isPlainFunction(result);
    step = byFunction ? await callFunction(result, options) : await awaited(result);
    if (step.error) return step;
    result = step.value;
  }
  return settle(result);
}

/** One answer per address of `request.addresses` (null: the whole export); the file's own error ends it all. */
export async function fileVariables(requireHere, file, request) {
  let exported;
  try {
    exported = requireHere(file);
  } catch (error) {
    return request.addresses.map(() => ({ ...thrown(error), load: true }));
  }
  const values = [];
  for (const address of request.addresses) values.push(await fileVariable(exported, address, request.options));
  return values;
}
