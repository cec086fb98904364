import { join } from 'node:path';
import type { ProjectStyle } from '../core/model/project.js';

/**
 * Where pylambda keeps its build state in the project root (the file selection leaves both out). In a SAM
 * project that is under .aws-sam: `sam build` copies a function's whole CodeUri except a fixed list
 * (aws-lambda-builders, python_pip EXCLUDED_FILES: .aws-sam, .cache, .git, ...), so a .pylambda/ beside
 * `CodeUri: .` would ship its zips and cache inside every function sam build builds.
 */
export function stateDir(style: ProjectStyle): string {
  return style === 'sam' ? join('.aws-sam', 'pylambda') : '.pylambda';
}
