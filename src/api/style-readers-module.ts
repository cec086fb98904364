import { loadOwnModule } from '../adapters/own-module.js';

/** The Chalice and Serverless readers (style-readers.ts), loaded by the first project of either style. */
export const styleReaders = () => loadOwnModule(() => import('./style-readers.js'));
