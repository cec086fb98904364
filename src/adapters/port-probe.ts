import { createServer } from 'node:net';

/** Listens on the port for a moment and closes it: why it cannot be listened on (EADDRINUSE, a bad host), or undefined. */
export function probeListen(host: string, port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
}

/** Whether nothing listens at host:port now. Other failures (no such address) are thrown. */
export async function portFree(host: string, port: number): Promise<boolean> {
  const error = await probeListen(host, port);
  if (error && error.code !== 'EADDRINUSE') throw error;
  return error === undefined;
}
