import * as z from 'zod';

/**
 * What runtime/python/pylambda_modules.py reports about a Python environment: the distribution(s)
 * behind each top-level import name, the standard library's names, and the project's own modules.
 */
const Distribution = z.object({ name: z.string(), version: z.string() });
const ModuleMapSchema = z.object({
  python: z.string(),
  packages: z.record(z.string(), z.array(Distribution)),
  stdlib: z.array(z.string()),
  local: z.array(z.string()).optional(),
  /** With --compile: what compiling those files costs, beyond loading them from .pyc (package-findings.ts). */
  compile: z.object({ files: z.number().int(), bytes: z.number().int(), ms: z.number() }).optional(),
  /** With --bytecode: the import names most of whose modules have no .pyc for this interpreter. */
  no_bytecode: z.record(z.string(), z.object({ files: z.number().int(), missing: z.number().int() })).optional(),
});

export type Distribution = z.infer<typeof Distribution>;
export type ModuleMap = z.infer<typeof ModuleMapSchema>;

/** Validates the script's JSON output; throws an Error naming the first problem. */
export function parseModuleMap(json: unknown): ModuleMap {
  const parsed = ModuleMapSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`pylambda_modules.py output: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export type OwnerKind = 'distribution' | 'stdlib' | 'local' | 'unknown';

export interface Owner {
  readonly kind: OwnerKind;
  /** The distribution's name (`simplejson`), `Python standard library`, `your code`, or the module name. */
  readonly name: string;
  readonly version?: string;
}

export const STDLIB_OWNER = 'Python standard library';
export const LOCAL_OWNER = 'your code';

/** Who provides a top-level module. The handler's own top-level package is always the user's code. */
export function ownerOf(topLevel: string, map: ModuleMap, handlerModule: string): Owner {
  const dists = map.packages[topLevel];
  if (dists && dists.length > 0) {
    const names = [...new Set(dists.map((d) => d.name))];
    const versions = [...new Set(dists.map((d) => d.version))];
    return { kind: 'distribution', name: names.join(' + '), ...(versions.length === 1 ? { version: versions[0]! } : {}) };
  }
  if (map.local?.includes(topLevel) || topLevel === handlerModule.split('.')[0]) return { kind: 'local', name: LOCAL_OWNER };
  if (map.stdlib.includes(topLevel)) return { kind: 'stdlib', name: STDLIB_OWNER };
  return { kind: 'unknown', name: topLevel };
}
