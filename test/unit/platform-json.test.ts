import { describe, expect, it } from 'vitest';
import { initReportRecord, platformLines, reportRecord, runtimeDoneRecord, startRecord } from '../../src/core/runtime/platform-json.js';
import type { Report } from '../../src/core/runtime/report.js';

const NOW = Date.UTC(2026, 10, 27, 12, 30, 45, 123);
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:shop-dev';
const warm: Report = { requestId: 'r1', durationMs: 18.59312, memorySizeMb: 2048, maxMemoryUsedMb: 246 };

describe('platform lines in the JSON log format (Telemetry API records)', () => {
  it('writes platform.start with the function ARN and version', () => {
    expect(startRecord(NOW, 'r1', ARN)).toBe(
      '{"time":"2026-11-27T12:30:45.123Z","type":"platform.start","record":{"requestId":"r1","functionArn":"arn:aws:lambda:us-east-1:123456789012:function:shop-dev","version":"$LATEST"}}',
    );
  });

  it.each<[string, Report, number, string]>([
    ['a response', warm, 50, '{"requestId":"r1","status":"success","metrics":{"durationMs":18.593,"producedBytes":50}}'],
    // A handler that raised is the function's error, not the platform's: RAPID's runtimeDone is `success` once
    // the runtime answered, /error included (RIE internal/lambda/rapid/handlers.go).
    ['a handler that raised', warm, 120, '{"requestId":"r1","status":"success","metrics":{"durationMs":18.593,"producedBytes":120}}'],
    ['a timeout', { ...warm, durationMs: 5001.1824, status: 'timeout' }, 0, '{"requestId":"r1","status":"timeout","metrics":{"durationMs":5001.182,"producedBytes":0}}'],
    ['a crash', { ...warm, durationMs: 3, status: 'error', errorType: 'Runtime.ExitError' }, 0, '{"requestId":"r1","status":"error","errorType":"Runtime.ExitError","metrics":{"durationMs":3,"producedBytes":0}}'],
  ])('writes platform.runtimeDone where the text format writes END: %s', (_, report, produced, record) => {
    expect(JSON.parse(runtimeDoneRecord(NOW, report, produced))).toEqual({ time: '2026-11-27T12:30:45.123Z', type: 'platform.runtimeDone', record: JSON.parse(record) });
    expect(runtimeDoneRecord(NOW, report, produced)).toContain(`"record":${record}}`);
  });

  it.each<[string, Report, string]>([
    ['warm', warm, '{"requestId":"r1","metrics":{"durationMs":18.593,"billedDurationMs":19,"memorySizeMB":2048,"maxMemoryUsedMB":246},"status":"success"}'],
    ['cold, the init billed', { ...warm, durationMs: 1233.96, memorySizeMb: 256, maxMemoryUsedMb: 123, initDurationMs: 463.5121 },
      '{"requestId":"r1","metrics":{"durationMs":1233.96,"billedDurationMs":1698,"memorySizeMB":256,"maxMemoryUsedMB":123,"initDurationMs":463.512},"status":"success"}'],
    ['timed out', { ...warm, durationMs: 3000.4, memorySizeMb: 128, maxMemoryUsedMb: 94, status: 'timeout' },
      '{"requestId":"r1","metrics":{"durationMs":3000.4,"billedDurationMs":3001,"memorySizeMB":128,"maxMemoryUsedMB":94},"status":"timeout"}'],
    ['out of memory', { ...warm, durationMs: 10, memorySizeMb: 128, maxMemoryUsedMb: 128, status: 'error', errorType: 'Runtime.OutOfMemory' },
      '{"requestId":"r1","metrics":{"durationMs":10,"billedDurationMs":10,"memorySizeMB":128,"maxMemoryUsedMB":128},"status":"error","errorType":"Runtime.OutOfMemory"}'],
  ])('writes platform.report: %s', (_, report, record) => {
    expect(reportRecord(NOW, report)).toBe(`{"time":"2026-11-27T12:30:45.123Z","type":"platform.report","record":${record}}`);
  });

  it.each<[Parameters<typeof initReportRecord>, string]>([
    [[NOW, 310.3844, 'init', 'error', 'Runtime.ImportModuleError'], '{"initializationType":"on-demand","phase":"init","status":"error","errorType":"Runtime.ImportModuleError","metrics":{"durationMs":310.384}}'],
    [[NOW, 10000.0041, 'init', 'timeout'], '{"initializationType":"on-demand","phase":"init","status":"timeout","metrics":{"durationMs":10000.004}}'],
    [[NOW, 80.49, 'invoke', 'error', 'Runtime.ExitError'], '{"initializationType":"on-demand","phase":"invoke","status":"error","errorType":"Runtime.ExitError","metrics":{"durationMs":80.49}}'],
  ])('writes platform.initReport where the text format writes INIT_REPORT: %j', (args, record) => {
    expect(initReportRecord(...args)).toBe(`{"time":"2026-11-27T12:30:45.123Z","type":"platform.initReport","record":${record}}`);
  });

  it('keeps the text lines for the Text format and for no format at all', () => {
    for (const format of ['Text', undefined] as const) {
      const lines = platformLines(format, ARN, () => NOW);
      expect(lines.start('r1')).toBe('START RequestId: r1 Version: $LATEST');
      expect(lines.end(warm, 50)).toBe('END RequestId: r1');
      expect(lines.report(warm)).toBe('REPORT RequestId: r1\tDuration: 18.59 ms\tBilled Duration: 19 ms\tMemory Size: 2048 MB\tMax Memory Used: 246 MB\t');
      expect(lines.initReport(310.384, 'init', 'error', 'Runtime.ImportModuleError')).toBe('INIT_REPORT Init Duration: 310.38 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError');
    }
  });

  it('writes records, stamped by the clock it is given, for the JSON format', () => {
    let now = NOW;
    const lines = platformLines('JSON', ARN, () => now);
    expect(JSON.parse(lines.start('r1')).type).toBe('platform.start');
    now += 1000;
    expect(JSON.parse(lines.end(warm, 7))).toMatchObject({ time: '2026-11-27T12:30:46.123Z', type: 'platform.runtimeDone', record: { metrics: { producedBytes: 7 } } });
    expect(JSON.parse(lines.report(warm)).type).toBe('platform.report');
    expect(JSON.parse(lines.initReport(1, 'init', 'timeout')).type).toBe('platform.initReport');
  });
});
