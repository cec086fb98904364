import type { ColdstartProgress } from '../api/coldstart.js';
import { fmtMs } from './coldstart-report.js';
import type { Style } from './io.js';

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * Progress of `pylambda coldstart` on stderr: a terminal gets one line rewritten in place, a log (CI)
 * one line per step. `finish` clears the terminal's line before the report is printed.
 */
export function coldstartProgress(stream: ProgressStream, style: Style): { update: (p: ColdstartProgress) => void; finish: () => void } {
  const tty = stream.isTTY === true;
  let shown = false;
  const show = (text: string, final: boolean) => {
    if (tty) {
      stream.write(`\r\u001b[K${style.dim(text)}`);
      shown = true;
    } else if (final) {
      stream.write(`${text}\n`);
    }
  };
  return {
    update(p) {
      if (p.step === 'run') {
        const done = p.result ? `: Init Duration ${fmtMs(p.result.initDurationMs)}` : '';
        show(`cold start ${p.run}/${p.runs}${done}`, p.result !== undefined);
      } else if (p.step === 'profile') {
        show(`profiling the imports of ${p.runs} more cold start${p.runs === 1 ? '' : 's'} (-X importtime)`, true);
      } else {
        show('reviewing the code and the package', true);
      }
    },
    finish() {
      if (tty && shown) stream.write('\r\u001b[K');
    },
  };
}
