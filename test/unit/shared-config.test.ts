import { describe, expect, it } from 'vitest';
import { profileName, profileRegion, sharedConfigPath, withProfile } from '../../src/core/runtime/shared-config.js';

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

describe('withProfile: the environment as sam local --profile NAME runs the function', () => {
  it.each<[string, Record<string, string | undefined>, Record<string, string | undefined>]>([
    ['the profile named, over the shell\'s', { AWS_PROFILE: 'shell', HOME: '/h' }, { AWS_PROFILE: 'dev', HOME: '/h' }],
    ["the shell's keys dropped: an explicit profile negates botocore's EnvProvider", { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't', AWS_REGION: 'eu-west-1' }, { AWS_PROFILE: 'dev', AWS_REGION: 'eu-west-1' }],
    ['the older AWS_DEFAULT_PROFILE dropped', { AWS_DEFAULT_PROFILE: 'old' }, { AWS_PROFILE: 'dev' }],
  ])('%s', (_what, env, expected) => {
    expect(withProfile(env, 'dev')).toEqual(expected);
  });
});
