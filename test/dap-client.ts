import { connect, type Socket } from 'node:net';

/** A Debug Adapter Protocol message (https://microsoft.github.io/debug-adapter-protocol/), as debugpy sends it. */
export interface DapMessage {
  readonly seq: number;
  readonly type: 'request' | 'response' | 'event';
  readonly command?: string;
  readonly event?: string;
  readonly success?: boolean;
  readonly message?: string;
  readonly body?: Record<string, unknown>;
}

/**
 * A debugger client, for tests: what VS Code's "Remote Attach" does against debugpy's port (initialize, attach,
 * breakpoints, configurationDone), and the events it is sent.
 */
export class DapClient {
  private seq = 1;
  private buffer = Buffer.alloc(0);
  readonly messages: DapMessage[] = [];
  private readonly waiters: Array<{ test: (m: DapMessage) => boolean; resolve: (m: DapMessage) => void; reject: (e: Error) => void }> = [];
  /** The adapter closed the connection (it ended): nothing more is coming. */
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w.reject(this.closedError());
    });
  }

  /** Connects, retrying while nothing listens yet (the environment's debugpy starts). */
  static async connect(port: number, timeoutMs = 20_000): Promise<DapClient> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect(port, '127.0.0.1');
          s.once('connect', () => resolve(s));
          s.once('error', reject);
        });
        return new DapClient(socket);
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** initialize, attach, the breakpoints (file -> lines), configurationDone: the debuggee then runs. */
  async attach(breakpoints: Readonly<Record<string, readonly number[]>> = {}): Promise<void> {
    await this.request('initialize', { clientID: 'pylambda-test', adapterID: 'python', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
    const attached = this.request('attach', { justMyCode: false });
    await this.next((m) => m.type === 'event' && m.event === 'initialized');
    for (const [path, lines] of Object.entries(breakpoints)) {
      await this.request('setBreakpoints', { source: { path }, breakpoints: lines.map((line) => ({ line })) });
    }
    await this.request('configurationDone', {});
    await attached;
  }

  async request(command: string, args: Record<string, unknown>): Promise<DapMessage> {
    const seq = this.seq++;
    const body = Buffer.from(JSON.stringify({ seq, type: 'request', command, arguments: args }));
    this.socket.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    const response = await this.next((m) => m.type === 'response' && (m as unknown as { request_seq: number }).request_seq === seq);
    if (!response.success) throw new Error(`${command} failed: ${response.message}`);
    return response;
  }

  /** The first message (already received or to come) that passes `test`. */
  next(test: (m: DapMessage) => boolean, timeoutMs = 20_000): Promise<DapMessage> {
    const seen = this.messages.find(test);
    if (seen) {
      this.messages.splice(this.messages.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    if (this.closed) return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such DAP message in ${timeoutMs} ms; got: ${this.unclaimed()}`)), timeoutMs);
      this.waiters.push({ test, resolve: (m) => { clearTimeout(timer); resolve(m); }, reject: (e) => { clearTimeout(timer); reject(e); } });
    });
  }

  /** The messages received that nothing waited for: those before the one awaited are no sign of where it hangs. */
  private unclaimed(): string {
    return this.messages.map((m) => m.event ?? m.command).join(', ');
  }

  private closedError(): Error {
    return new Error(`the debug adapter closed the connection; unclaimed messages: ${this.unclaimed()}`);
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString()) as DapMessage;
      this.buffer = this.buffer.subarray(end + 4 + length);
      const waiter = this.waiters.find((w) => w.test(message));
      if (waiter) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      } else {
        this.messages.push(message);
      }
    }
  }
}
