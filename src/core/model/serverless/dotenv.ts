/**
 * `useDotenv: true` (Serverless Framework v3, "Resolution of environment variables"): variables from
 * `.env.{stage}` when it exists, else `.env`, for `${env:...}`; ones the shell sets win, as dotenv leaves
 * them. The file format is dotenv's: `KEY=value`, `export KEY=value`, `#` comments, quoted values.
 */

/** Whether a serverless.yml asks for dotenv files (`useDotenv: true` at its top level). */
export function usesDotenv(text: string): boolean {
  return /^useDotenv:[ \t]*true[ \t]*(#.*)?$/m.test(text);
}

/**
 * `provider.stage` when it is written as a plain name: the stage the Framework picks dotenv files by
 * before any variable is resolved (`--stage`, else this, else dev).
 */
export function literalStage(text: string): string | undefined {
  return /^provider:[ \t]*\r?\n(?:[ \t]+.*\r?\n|[ \t]*\r?\n)*?[ \t]+stage:[ \t]*['"]?([\w-]+)['"]?[ \t]*(?:#.*)?\r?$/m.exec(text)?.[1];
}

/** The files to look for, in order: the first that exists is read, the others not. */
export function dotenvFiles(stage: string): string[] {
  return [`.env.${stage}`, '.env'];
}

export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.lastIndexOf(quote) > 0) {
      value = value.slice(1, value.lastIndexOf(quote));
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    out[m[1]!] = value;
  }
  return out;
}
