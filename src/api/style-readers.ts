/**
 * The readers of the Chalice and Serverless styles, imported together when a project of either style is read: a
 * SAM project's start compiles neither, and one lazily loaded module instead of two keeps the bundle's shared
 * code in fewer chunks (each chunk a start loads costs a module's resolution and load).
 */
export { loadChaliceProject } from './chalice-project.js';
export { parseServerlessYml } from '../core/model/serverless/read.js';
export { readServerless } from './serverless-read.js';
