import { readServerlessYml, type ServerlessOptions } from '../../src/core/model/serverless/read.js';

/** A diagnostic as one line: `error functions.a.handler: ...`. */
export const line = (d: { severity: string; path: string; message: string }) => `${d.severity} ${d.path}: ${d.message}`;

/** A serverless.yml's text, read as pylambda reads it (no environment unless given). */
export const read = (text: string, options: Partial<ServerlessOptions> = {}) => readServerlessYml(text, { file: 'serverless.yml', env: {}, ...options });

/** What reading it says, a line each. */
export const problems = (text: string, options: Partial<ServerlessOptions> = {}) => read(text, options).diagnostics.map(line);
