import { describe, expect, it } from 'vitest';
import { profileName, profileRegion, sharedConfigPath } from '../../src/core/runtime/shared-config.js';

const CONFIG = `# written by aws configure
[default]
region = eu-west-1
output = json

[profile work]
region=ap-southeast-2
s3 =
  region = us-west-1

[staging]
region = sa-east-1

[profile empty]
output = text
`;

describe("the region of the shell's AWS profile, as boto3 reads ~/.aws/config", () => {
  it.each<[string, string, string | undefined]>([
    ['the default profile', 'default', 'eu-west-1'],
    ['a named profile, and not a nested setting of it', 'work', 'ap-southeast-2'],
    ['a section without "profile " is not a profile in the config file', 'staging', undefined],
    ['a profile without a region', 'empty', undefined],
    ['a profile that is not there', 'other', undefined],
  ])('%s', (_, profile, region) => expect(profileRegion(CONFIG, profile)).toBe(region));

  it('reads [profile default] as the default profile', () => {
    expect(profileRegion('[profile default]\nregion = us-east-2\n', 'default')).toBe('us-east-2');
  });

  it.each<[Record<string, string>, string]>([
    [{ AWS_PROFILE: 'work', AWS_DEFAULT_PROFILE: 'old' }, 'work'],
    [{ AWS_DEFAULT_PROFILE: 'old' }, 'old'],
    [{}, 'default'],
  ])('the profile of %j is %s', (env, name) => expect(profileName(env)).toBe(name));

  it.each<[Record<string, string>, string | undefined]>([
    [{ HOME: '/home/ann' }, '/home/ann/.aws/config'],
    [{ HOME: '/home/ann', AWS_CONFIG_FILE: '~/work/aws-config' }, '/home/ann/work/aws-config'],
    [{ HOME: '/home/ann', AWS_CONFIG_FILE: '/etc/aws/config' }, '/etc/aws/config'],
    [{}, undefined],
  ])('the config file of %j is %s', (env, path) => expect(sharedConfigPath(env)).toBe(path));
});
