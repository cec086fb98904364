// A project whose only function is a container image (the SAM hello-img template): it is a Python function
// with an Api event, so "defines no Python function" and "the project has no API" were both untrue.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir, startDev } from '../helpers.js';
import { cli } from './package-helpers.js';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Img:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
      Events:
        Get: { Type: Api, Properties: { Path: /hello, Method: get } }
`;

describe('a project whose only function is a container image', () => {
  it('invoke says no function can run, after the warning that says why', async () => {
    const dir = scratchDir('image-only');
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    const run = await cli(['invoke'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe([
      'warning: Resources.Img: is a container image function (PackageType: Image), which sam local runs in Docker; pylambda runs no containers, only zip functions in local Python, so it is skipped',
      'error: template.yaml defines no function pylambda can run (see the warnings above)',
      '',
    ].join('\n'));
  });

  it("dev's ready event names it as skipped, which the banner's line says", async () => {
    const dir = scratchDir('image-only-dev');
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    const dev = await startDev(dir);
    try {
      expect(dev.events.find((e) => e.type === 'ready')).toMatchObject({ endpoints: [], unserved: [], skipped: ['Img'] });
    } finally {
      await dev.session.stop();
    }
  });
});
