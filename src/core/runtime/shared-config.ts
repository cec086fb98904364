/**
 * The region of the shell's AWS profile, as boto3's session reads it when no variable names one: `sam local`
 * runs the functions there (local_lambda.py, `boto3.session.Session(profile_name=...).region_name`), and
 * `sam deploy` and `chalice deploy` deploy there. A user who ran `aws configure` has it in ~/.aws/config only.
 */

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The shared config file the SDKs read: AWS_CONFIG_FILE (`~` is the home directory), else ~/.aws/config;
 * undefined without a home directory.
 */
export function sharedConfigPath(env: Env): string | undefined {
  const home = env.HOME ?? env.USERPROFILE;
  const named = env.AWS_CONFIG_FILE;
  if (named !== undefined && named !== '') return home !== undefined ? named.replace(/^~(?=$|[/\\])/, home) : named;
  return home === undefined ? undefined : `${home}/.aws/config`;
}

/**
 * The environment as a named profile runs in: sam local's --profile (or samconfig.toml's `profile`) makes boto3's
 * session use that profile explicitly, which drops the credentials in AWS_ACCESS_KEY_ID and the like (botocore
 * credentials.py create_credential_resolver: "An explicitly provided profile will negate an EnvProvider"), and sam
 * local hands the function that profile's credentials. Here boto3 in the function reads the profile itself.
 */
export function withProfile(env: Env, profile: string): Env {
  const { AWS_ACCESS_KEY_ID: _key, AWS_SECRET_ACCESS_KEY: _secret, AWS_SESSION_TOKEN: _token, AWS_DEFAULT_PROFILE: _older, ...rest } = env;
  return { ...rest, AWS_PROFILE: profile };
}

/** The profile boto3 uses: AWS_PROFILE, else the older AWS_DEFAULT_PROFILE, else `default`. */
export function profileName(env: Env): string {
  return env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default';
}

/**
 * The `region` of a profile in a shared config file's text: its section is `[profile NAME]`, and `[default]`
 * for the default one (`[profile default]` too), as botocore's configloader reads them; comments start with `#`
 * or `;`. Undefined when the profile or its region is not there.
 */
export function profileRegion(text: string, profile: string): string | undefined {
  let inProfile = false;
  let region: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (section) {
      const name = section[1]!.replace(/^profile\s+/, '');
      inProfile = name === profile && (profile === 'default' || section[1] !== profile);
      continue;
    }
    // A nested setting (`s3 =` followed by indented lines) starts with whitespace: not the profile's own region.
    if (!inProfile || /^\s/.test(raw)) continue;
    const setting = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (setting && setting[1] === 'region' && setting[2] !== '') region = setting[2];
  }
  return region;
}
