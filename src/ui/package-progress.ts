/**
 * Progress of `pylambda package` on stderr. On a terminal: one live line per build, with a counter
 * for the install and a bar for compiling and zipping, redrawn at most every 80 ms. Elsewhere (CI
 * logs, pipes): one plain line per step, no bars, so logs stay readable.
 */
import type { BuildStep, PackageProgress } from '../api/package.js';
import type { Style } from './io.js';

const STEP_LABELS: Readonly<Record<BuildStep, string>> = {
  install: 'installing dependencies',
  sdist: 'building from source',
  check: 'checking shared objects',
  prune: 'pruning',
  compile: 'compiling bytecode',
  files: 'collecting the files to package',
  zip: 'zipping',
};

const REDRAW_MS = 80;
const BAR_WIDTH = 24;

export interface ProgressView {
  readonly onProgress: (event: PackageProgress) => void;
  /** Prints a line (a warning) without tearing the live line. */
  readonly print: (line: string) => void;
  /** Removes the live line for good. */
  readonly done: () => void;
}

export function bar(done: number, total: number, width = BAR_WIDTH): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/** A live line longer than the terminal wraps, and `\r` then redraws only its last row: cut it to fit. */
function fit(text: string, columns: number | undefined): string {
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  if (!columns || plain.length < columns) return text;
  return `${plain.slice(0, Math.max(0, columns - 2))}…`;
}

export function progressView(stream: { write(text: string): unknown; columns?: number }, style: Style, options: { live: boolean; quiet?: boolean; now?: () => number }): ProgressView {
  const now = options.now ?? (() => performance.now());
  let line = '';
  let lastDraw = -Infinity;
  let lastStep = '';

  const draw = (full: string, force: boolean) => {
    const text = fit(full, stream.columns);
    line = text;
    if (!force && now() - lastDraw < REDRAW_MS) return;
    lastDraw = now();
    stream.write(`\r\u001b[2K${text}`);
  };
  const clear = () => {
    if (line !== '') stream.write('\r\u001b[2K');
  };

  return {
    onProgress(event) {
      if (options.quiet) return;
      if (event.kind === 'end') {
        if (options.live) {
          clear();
          line = '';
        }
        return;
      }
      const head = `${style.cyan(event.build)} ${STEP_LABELS[event.step]}`;
      if (!options.live) {
        if (event.kind === 'step') {
          const text = `${event.build}: ${STEP_LABELS[event.step]}${event.detail ? ` (${event.detail})` : ''}`;
          if (text !== lastStep) stream.write(`${text}\n`);
          lastStep = text;
        }
        return;
      }
      if (event.kind === 'step') {
        draw(`${head}${event.detail ? style.dim(` ${event.detail}`) : ''}`, true);
        return;
      }
      const detail = event.detail ? style.dim(` ${event.detail}`) : '';
      if (event.total !== undefined && event.step !== 'install') {
        draw(`${head} ${bar(event.done, event.total)} ${event.done}/${event.total}`, event.done === event.total);
      } else {
        const count = event.total ?? event.done;
        draw(`${head} ${event.done}${event.total !== undefined ? `/${event.total}` : ''} package${count === 1 ? '' : 's'}${detail}`, false);
      }
    },
    print(text) {
      if (options.live && line !== '') {
        clear();
        stream.write(`${text}\n`);
        stream.write(line);
      } else {
        stream.write(`${text}\n`);
      }
    },
    done() {
      if (options.live) clear();
      line = '';
    },
  };
}
