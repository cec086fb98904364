import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { fnTemplate } from '../helpers.js';

/** A function with the LoggingConfig lines given (and, if any, Globals.Function.LoggingConfig ones). */
function template(own: string[], global: string[] = []): string {
  return fnTemplate({
    sections: global.length ? ['Globals:', '  Function:', '    LoggingConfig:', ...global.map((l) => `      ${l}`)] : [],
    properties: own.length ? ['LoggingConfig:', ...own.map((l) => `  ${l}`)] : [],
  });
}

const read = (text: string) => readSamTemplate(text, { file: 'template.yaml' });
const AT = 'Resources.Fn.Properties.LoggingConfig';

describe('LoggingConfig: what Lambda takes, and what the runtime gets', () => {
  it.each<[string, string[], string[], { logFormat?: string; logLevel?: string }]>([
    ['JSON with an application level', ['LogFormat: JSON', 'ApplicationLogLevel: DEBUG', 'SystemLogLevel: WARN'], [], { logFormat: 'JSON', logLevel: 'DEBUG' }],
    ['JSON alone', ['LogFormat: JSON'], [], { logFormat: 'JSON' }],
    ['Text alone', ['LogFormat: Text'], [], { logFormat: 'Text' }],
    ['the format from Globals, the level from the function', ['ApplicationLogLevel: TRACE'], ['LogFormat: JSON'], { logFormat: 'JSON', logLevel: 'TRACE' }],
    ['a log group only', ['LogGroup: /custom/group'], [], {}],
  ])('%s', (_what, own, global, expected) => {
    const { project, diagnostics } = read(template(own, global));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const fn = project!.functions[0]!;
    expect({ ...(fn.logFormat ? { logFormat: fn.logFormat } : {}), ...(fn.logLevel ? { logLevel: fn.logLevel } : {}) }).toEqual(expected);
  });

  // Lambda refuses these when the stack deploys; pylambda ignored them, silently.
  it.each<[string, string[], string[], string[]]>([
    ['a level with the Text format', ['LogFormat: Text', 'ApplicationLogLevel: DEBUG'], [],
      [`${AT}.ApplicationLogLevel: needs LogFormat: JSON: Lambda refuses a log level with the Text format ("LogLevel is not supported when LogFormat is set to "Text"")`]],
    ['a system level with no format', ['SystemLogLevel: INFO'], [],
      [`${AT}.SystemLogLevel: needs LogFormat: JSON: Lambda refuses a log level with the default Text format ("LogLevel is not supported when LogFormat is set to "Text"")`]],
    ['a level Python has but Lambda does not', ['LogFormat: JSON', 'ApplicationLogLevel: WARNING'], [],
      [`${AT}.ApplicationLogLevel: 'WARNING' is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL`]],
    ['a system level past WARN', ['LogFormat: JSON', 'SystemLogLevel: ERROR'], [],
      [`${AT}.SystemLogLevel: 'ERROR' is not one of DEBUG, INFO, WARN`]],
    ['a lower-case format', ['LogFormat: json'], [], [`${AT}.LogFormat: 'json' is not Text or JSON`]],
    ['in Globals, said once for all functions', [], ['ApplicationLogLevel: INFO'],
      ['Globals.Function.LoggingConfig.ApplicationLogLevel: needs LogFormat: JSON: Lambda refuses a log level with the default Text format ("LogLevel is not supported when LogFormat is set to "Text"")']],
  ])('%s: an error', (_what, own, global, errors) => {
    const { diagnostics } = read(template(own, global));
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`)).toEqual(errors);
  });

  it.each<[string, string[], string[]]>([
    ['WARN', ['LogFormat: JSON', 'ApplicationLogLevel: WARN'], [`${AT}.ApplicationLogLevel: WARN drops the function's lines under it, locally as on Lambda: a print() counts as INFO, so it is not shown, and so does an EMF metrics line (Powertools' Metrics), whose metrics then never reach CloudWatch (log at WARN or lower the level to see it)`]],
    ['FATAL', ['LogFormat: JSON', 'ApplicationLogLevel: FATAL'], [`${AT}.ApplicationLogLevel: FATAL drops the function's lines under it, locally as on Lambda: a print() counts as INFO, so it is not shown, and so does an EMF metrics line (Powertools' Metrics), whose metrics then never reach CloudWatch (log at FATAL or lower the level to see it)`]],
    ['INFO', ['LogFormat: JSON', 'ApplicationLogLevel: INFO'], []],
    ['DEBUG', ['LogFormat: JSON', 'ApplicationLogLevel: DEBUG'], []],
  ])('says a level over INFO (%s) hides what the function prints, which sam local shows', (_level, own, warnings) => {
    const { diagnostics } = read(template(own));
    expect(diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.path}: ${d.message}`)).toEqual(warnings);
  });
});
