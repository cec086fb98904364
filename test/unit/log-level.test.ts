import { describe, expect, it } from 'vitest';
import { lineLevel, passesLogLevel } from '../../src/core/runtime/log-level.js';

describe('the level Lambda gives a line of output (JSON log format)', () => {
  it.each([
    ['plain text, as print() writes it', 'hello from the handler', 'INFO'],
    ['the docs\' example', '{"level": "debug", "msg": "my debug log", "timestamp": "2024-11-02T16:51:31.587199Z"}', 'DEBUG'],
    ['the runtime\'s record of logger.error', '{"timestamp": "2026-01-01T00:00:00Z", "level": "ERROR", "message": "boom", "logger": "root", "requestId": "r1"}', 'ERROR'],
    ['Python\'s WARNING', '{"timestamp":"2026-01-01T00:00:00Z","level":"WARNING","message":"careful"}', 'WARN'],
    ['Python\'s CRITICAL', '{"timestamp":"2026-01-01T00:00:00Z","level":"CRITICAL","message":"down"}', 'FATAL'],
    ['any case', '{"timestamp":"2026-01-01T00:00:00Z","level":"Fatal"}', 'FATAL'],
    ['TRACE', '{"timestamp":"2026-01-01T00:00:00Z","level":"trace"}', 'TRACE'],
    ['an invalid level', '{"timestamp":"2026-01-01T00:00:00Z","level":"verbose","message":"x"}', 'INFO'],
    ['a level that is not a string', '{"timestamp":"2026-01-01T00:00:00Z","level":40}', 'INFO'],
    ['JSON without a level', '{"message":"no level"}', 'INFO'],
    ['a JSON array', '[{"level":"ERROR"}]', 'INFO'],
    ['broken JSON', '{"level":"ERROR"', 'INFO'],
    ['the level of a nested object', '{"detail":{"level":"ERROR"}}', 'INFO'],
    ['a level without a timestamp ("If you don\'t supply a valid timestamp, Lambda will assign the log the level INFO")', '{"level":"ERROR","message":"e"}', 'INFO'],
    ['an empty timestamp', '{"timestamp":"","level":"ERROR"}', 'INFO'],
    ['Powertools\' default timestamp, taken though not RFC 3339', '{"level":"ERROR","message":"e","timestamp":"2026-01-01 00:00:00,123+0000"}', 'ERROR'],
  ])('%s -> %s', (_what, text, level) => {
    expect(lineLevel(text)).toBe(level);
  });
});

describe('ApplicationLogLevel: Lambda drops the lines under it', () => {
  const printed = 'plain print';
  const debug = '{"timestamp":"2026-01-01T00:00:00Z","level":"DEBUG","message":"d"}';
  const warning = '{"timestamp":"2026-01-01T00:00:00Z","level":"WARNING","message":"w"}';
  const error = '{"timestamp":"2026-01-01T00:00:00Z","level":"ERROR","message":"e"}';
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
