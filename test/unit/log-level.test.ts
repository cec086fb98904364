import { describe, expect, it } from 'vitest';
import { lineLevel, passesLogLevel } from '../../src/core/runtime/log-level.js';

describe('the level Lambda gives a line of output (JSON log format)', () => {
  it.each([
    ['plain text, as print() writes it', 'hello from the handler', 'INFO'],
    ['the docs\' example', '{"level": "debug", "msg": "my debug log", "timestamp": "2024-11-02T16:51:31.587199Z"}', 'DEBUG'],
    ['the runtime\'s record of logger.error', '{"timestamp": "2026-01-01T00:00:00Z", "level": "ERROR", "message": "boom", "logger": "root", "requestId": "r1"}', 'ERROR'],
    ['Python\'s WARNING', '{"level":"WARNING","message":"careful"}', 'WARN'],
    ['Python\'s CRITICAL', '{"level":"CRITICAL","message":"down"}', 'FATAL'],
    ['any case', '{"level":"Fatal"}', 'FATAL'],
    ['TRACE', '{"level":"trace"}', 'TRACE'],
    ['an invalid level', '{"level":"verbose","message":"x"}', 'INFO'],
    ['a level that is not a string', '{"level":40}', 'INFO'],
    ['JSON without a level', '{"message":"no level"}', 'INFO'],
    ['a JSON array', '[{"level":"ERROR"}]', 'INFO'],
    ['broken JSON', '{"level":"ERROR"', 'INFO'],
    ['the level of a nested object', '{"detail":{"level":"ERROR"}}', 'INFO'],
  ])('%s -> %s', (_what, text, level) => {
    expect(lineLevel(text)).toBe(level);
  });
});

describe('ApplicationLogLevel: Lambda drops the lines under it', () => {
  const printed = 'plain print';
  const debug = '{"level":"DEBUG","message":"d"}';
  const warning = '{"level":"WARNING","message":"w"}';
  const error = '{"level":"ERROR","message":"e"}';
  it.each<[string | undefined, string, boolean]>([
    [undefined, debug, true],
    [undefined, printed, true],
    ['TRACE', debug, true],
    ['INFO', printed, true],
    ['INFO', debug, false],
    ['WARN', printed, false],
    ['WARN', warning, true],
    ['ERROR', printed, false],
    ['ERROR', warning, false],
    ['ERROR', error, true],
    ['FATAL', error, false],
  ])('level %s: %s passes: %s', (level, text, passes) => {
    expect(passesLogLevel(text, level)).toBe(passes);
  });
});
