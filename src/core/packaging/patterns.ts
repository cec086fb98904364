/**
 * serverless.yml `package.patterns` as the Serverless Framework (v3, "Packaging") applies them: every file
 * starts included, and each pattern it matches, in order, excludes it (`!pattern`) or includes it again.
 * Globs are matched against the file's path from the service directory: `**` any depth, `*` within one
 * segment, `?` one character; a leading `./` is dropped.
 */
export function packagePatternFilter(patterns: readonly string[]): (path: string) => boolean {
  const rules = patterns.map((pattern) => {
    const exclude = pattern.startsWith('!');
    return { exclude, re: globRegExp((exclude ? pattern.slice(1) : pattern).replace(/^\.\//, '')) };
  });
  return (path) => {
    let included = true;
    for (const rule of rules) if (rule.re.test(path)) included = !rule.exclude;
    return included;
  };
}

function globRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      i++;
      // `**/` is any number of whole directories, none included; a final `**` is anything.
      if (glob[i + 1] === '/') {
        i++;
        source += '(?:.*/)?';
      } else {
        source += '.*';
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * The functions whose package the Framework would give pylambda's state directory (`.pylambda/`: its zips and
 * cache) to: it zips the service directory with its own few exclusions (.git, .serverless, the config file,
 * package-service.js defaultExcludes), so only a pattern leaves that directory out. A function built from its
 * module's directory (serverless-python-requirements' `module`) keeps only that directory's files.
 */
export function functionsShippingDir(dir: string, functions: readonly { readonly id: string; readonly codeUri: string; readonly packagePatterns?: readonly string[] }[]): string[] {
  const probe = `${dir}/package/manifest.json`;
  return functions.filter((fn) => fn.codeUri === '.' && (!fn.packagePatterns || packagePatternFilter(fn.packagePatterns)(probe))).map((fn) => fn.id);
}
