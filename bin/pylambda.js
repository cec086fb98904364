#!/usr/bin/env node
// --debug prints stack traces: point them at the modules (dist/), not the bundle's lines.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
const { main } = await import('../dist/bin/pylambda.js');

await main(process.argv.slice(2));
