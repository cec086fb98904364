import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventFile, fnTemplate, scratchDir } from '../helpers.js';
import { cli } from './invoke-cli.js';

describe('pylambda invoke: LoggingConfig as Lambda applies it', () => {
  it('writes the platform lines as Telemetry API records, and the logs as JSON, for LogFormat: JSON', async () => {
    const dir = scratchDir('invoke-json-logs');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['Timeout: 1', 'MemorySize: 256', 'LoggingConfig: { LogFormat: JSON }'] }));
    writeFileSync(join(dir, 'app.py'), 'import logging, time\n\ndef handler(event, context):\n    logging.getLogger().warning("hi")\n    if event.get("sleep"):\n        time.sleep(5)\n    if event.get("raise"):\n        raise ValueError("no")\n    return "ok"\n');
    const { code, stderr } = await cli(['invoke', '--event', eventFile('{}')], { cwd: dir });
    expect(code).toBe(0);
    const lines = stderr.trimEnd().split('\n').map((l) => JSON.parse(l) as { type?: string; level?: string; record?: Record<string, unknown> });
    expect(lines.map((l) => l.type ?? l.level)).toEqual(['platform.start', 'WARNING', 'platform.runtimeDone', 'platform.report']);
    const requestId = lines[0]!.record!.requestId;
    expect(lines[0]!.record).toEqual({ requestId, functionArn: expect.stringMatching(/^arn:aws:lambda:us-east-1:123456789012:function:/), version: '$LATEST' });
    expect(lines[2]!.record).toEqual({ requestId, status: 'success', metrics: { durationMs: expect.any(Number), producedBytes: 4 } });
    expect(lines[3]!.record).toEqual({
      requestId, status: 'success',
      metrics: { durationMs: expect.any(Number), billedDurationMs: expect.any(Number), memorySizeMB: 256, maxMemoryUsedMB: expect.any(Number), initDurationMs: expect.any(Number) },
    });

    const timedOut = await cli(['invoke', '--event', eventFile('{"sleep": true}')], { cwd: dir });
    expect(timedOut.code).toBe(1);
    const records = timedOut.stderr.split('\n').filter((l) => l.startsWith('{"time"')).map((l) => JSON.parse(l) as { type: string; record: Record<string, unknown> });
    expect(records.map((r) => [r.type, r.record.status])).toEqual([['platform.start', undefined], ['platform.runtimeDone', 'timeout'], ['platform.report', 'timeout']]);
    expect(records[1]!.record.metrics).toEqual({ durationMs: expect.any(Number), producedBytes: 0 });

    // A handler that raised: the runtime answered (its /error), so RAPID's runtimeDone and the report say success.
    const raised = await cli(['invoke', '--event', eventFile('{"raise": true}')], { cwd: dir });
    expect(raised.code).toBe(1);
    const done = raised.stderr.split('\n').filter((l) => l.startsWith('{"time"')).map((l) => JSON.parse(l) as { type: string; record: Record<string, unknown> });
    expect(done.map((r) => [r.type, r.record.status, r.record.errorType])).toEqual([
      ['platform.start', undefined, undefined], ['platform.runtimeDone', 'success', undefined], ['platform.report', 'success', undefined],
    ]);
  });

  it('drops the output under ApplicationLogLevel as Lambda does: plain prints are INFO, JSON lines have their "level"', async () => {
    const dir = scratchDir('invoke-log-level');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['LoggingConfig: { LogFormat: JSON, ApplicationLogLevel: WARN }'] }));
    writeFileSync(join(dir, 'app.py'), [
      'import json, logging',
      'chatty = logging.getLogger("chatty")',
      'chatty.setLevel(logging.DEBUG)',
      '',
      'def handler(event, context):',
      '    print("plain text")',
      '    print(json.dumps({"level": "debug", "msg": "printed debug"}))',
      '    print(json.dumps({"level": "error", "msg": "printed error", "timestamp": "2026-01-01T00:00:00Z"}))',
      '    print(json.dumps({"level": "error", "msg": "no timestamp: INFO"}))',
      '    chatty.debug("a logger of its own at DEBUG")',
      '    logging.getLogger().warning("a warning")',
      '    return "ok"',
      '',
    ].join('\n'));
    const { code, stderr } = await cli(['invoke', '--event', eventFile('{}')], { cwd: dir });
    expect(code).toBe(0);
    const [warning, ...rest] = stderr.trimEnd().split('\n');
    expect(warning).toBe("warning: Resources.Fn.Properties.LoggingConfig.ApplicationLogLevel: WARN drops the function's lines under it, locally as on Lambda: a print() counts as INFO, so it is not shown, and so does an EMF metrics line (Powertools' Metrics), whose metrics then never reach CloudWatch (log at WARN or lower the level to see it)");
    const lines = rest.map((l) => JSON.parse(l) as { type?: string; level?: string; msg?: string; message?: string });
    expect(lines.map((l) => l.type ?? `${l.level} ${l.msg ?? l.message}`)).toEqual([
      'platform.start', 'error printed error', 'WARNING a warning', 'platform.runtimeDone', 'platform.report',
    ]);
  });
});
