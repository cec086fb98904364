// The bare baseline for bench/dev: a Node HTTP server that hands each request to one persistent Python
// process per in-flight request (JSON lines over a pipe) and answers with the handler's statusCode and
// body. No gateway rules, no Runtime API: the least an HTTP front for Python handlers can do.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { BENCH, lineClient } from '../lib.mjs';

const [port, python, taskRoot, handler] = process.argv.slice(2);
const idle = [];
const runner = join(BENCH, 'baseline', 'jsonlines_runner.py');

createServer({ noDelay: true }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const worker = idle.pop() ?? lineClient([python, runner, taskRoot, handler]);
    const event = JSON.stringify({ rawPath: req.url, requestContext: { http: { method: req.method } }, body: Buffer.concat(chunks).toString() });
    const result = JSON.parse(await worker.send(event));
    idle.push(worker);
    res.writeHead(result.statusCode ?? 200, { 'content-type': 'application/json' });
    res.end(result.body ?? '');
  });
}).listen(Number(port), '127.0.0.1');
