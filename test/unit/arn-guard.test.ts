import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arnOf } from '../../src/core/partition.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');

// An ARN built from a region anywhere but arnOf can miss its partition (arn:aws: in China): none may be written.
// A template literal whose ARN is `arn:${...}`, or `arn:aws...:` with a placeholder after it, is one.
const BUILT_ARN = /arn:(?:\$\{|aws[\w-]*:[^`'\n]*\$\{)/;
const isComment = (line: string) => /^\s*(?:\*|\/\/|\/\*)/.test(line);

function builtArns(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && file !== join('core', 'partition.ts'))
    .flatMap((file) => readFileSync(join(dir, file), 'utf8').split('\n')
      .flatMap((line, i) => (!isComment(line) && BUILT_ARN.test(line) ? [`${file}:${i + 1}`] : [])));
}

describe('an ARN is built in one place, in its region\'s partition', () => {
  it('no file of src builds an ARN itself', () => {
    expect(builtArns(SRC)).toEqual([]);
  });

  it.each([
    ['`arn:${partitionOf(r)}:sqs:${r}:${a}:${q}`', true],
    ['`arn:aws:sqs:${region}:1:q`', true],
    ['`User: arn:aws-cn:iam::${account}:root`', true],
    ['`--cluster \'${given}\' is not an ARN like arn:aws:kafka:us-east-1:1:cluster/c`', false],
    ["'arn:aws:sqs:us-east-1:123456789012:my-queue'", false],
  ])('the guard on %s: %s', (line, caught) => {
    expect(BUILT_ARN.test(line)).toBe(caught);
  });

  it.each([
    [{ service: 'sqs', region: 'cn-north-1', accountId: '1', resource: 'q' }, 'arn:aws-cn:sqs:cn-north-1:1:q'],
    [{ service: 'iam', region: 'us-gov-west-1', accountId: '1', resource: 'root', regionless: true }, 'arn:aws-us-gov:iam::1:root'],
    [{ service: 's3', region: 'cn-northwest-1', accountId: '', resource: 'b', regionless: true }, 'arn:aws-cn:s3:::b'],
    [{ service: 'lambda', region: 'eu-west-1', accountId: '1', resource: 'function:f' }, 'arn:aws:lambda:eu-west-1:1:function:f'],
  ])('arnOf %j', (parts, expected) => expect(arnOf(parts)).toBe(expected));
});
