/**
 * Options of `sam local start-api`, `sam local invoke` and `sam build` that a SAM user types here, and what to write
 * instead (CommandDefinition.peerOptions): most are about the Docker container pylambda does not run.
 */
const NO_DOCKER = "pylambda runs no container: the functions run in the project's Python (.venv, or --python PATH)";

const DOCKER_OPTIONS = ['--skip-pull-image', '--docker-network', '--docker-volume-basedir', '--container-host', '--container-host-interface', '--add-host', '--invoke-image', '--layer-cache-basedir', '--force-image-build', '--mount-symlinks', '--no-memory-limit'];

// SAM CLI's template option is -t, --template and --template-file alike (samcli/commands/_utils/options.py).
const TEMPLATE_FILE = "it is --template FILE (-t) here (sam's --template-file)";

/** What `sam local start-api` and `sam local invoke` take that both commands here answer alike. */
function samLocal(command: 'dev' | 'invoke'): Readonly<Record<string, string>> {
  return {
    ...Object.fromEntries(DOCKER_OPTIONS.map((option) => [option, `${NO_DOCKER} (sam local's ${option})`])),
    '--container-env-vars': `${NO_DOCKER}; --env-vars FILE sets the functions' variables (sam local's --container-env-vars)`,
    '--warm-containers': "not needed: an environment is kept warm and reused, and replaced after a code change, as Lambda does (sam local's --warm-containers)",
    // SAM CLI's --profile picks the credentials and region the functions get; here they come from the shell, as boto3 reads it.
    '--profile': `the functions get your shell's AWS credentials and its profile's region: AWS_PROFILE=NAME pylambda ${command}, or profile = "NAME" in samconfig.toml (sam local's --profile)`,
    '--log-file': `the functions' logs go to ${command === 'dev' ? 'stdout' : 'stderr'}: pylambda ${command} ${command === 'dev' ? '>' : '2>'} FILE (sam local's --log-file)`,
    '--debug-args': "debugpy's address is --debug-port PORT, on 127.0.0.1 (sam local's --debug-args)",
    '--debugger-path': "debugpy comes from the project's Python: pip install debugpy there, then --debug-port PORT (sam local's --debugger-path)",
    '--hook-name': 'pylambda reads SAM and CloudFormation templates (CDK output too), serverless.yml and Chalice apps, not Terraform (sam local\'s --hook-name)',
    '--template-file': TEMPLATE_FILE,
    // SAM CLI 1.160+ expands Fn::ForEach, Fn::Length and FindInMap's DefaultValue locally only when asked (cfn_language_extensions/sam_integration.py).
    '--language-extensions': "not needed: AWS::LanguageExtensions (Fn::ForEach, Fn::Length, !FindInMap's DefaultValue) is always expanded here, as CloudFormation expands it (sam local's --language-extensions)",
    // Without this, --runtime python3.11 was answered "did you mean --runtime-client?", which picks the runtime client.
    '--runtime': `the function runs on the project's Python (.venv, or --python PATH), whatever its Runtime: pylambda ${command} --python python3.11 runs it on 3.11`,
  };
}

export const SAM_LOCAL_START_API_OPTIONS: Readonly<Record<string, string>> = {
  ...samLocal('dev'),
  '-d': "the debugger's port is --debug-port PORT here (sam local start-api's -d)",
  '--static-dir': 'dev serves no static files (sam local start-api\'s --static-dir): serve them from another server, python3 -m http.server for one',
  '-s': 'dev serves no static files (sam local start-api\'s -s, --static-dir): serve them from another server, python3 -m http.server for one',
  '--ssl-cert-file': "dev serves HTTP, not HTTPS (sam local start-api's --ssl-cert-file)",
  '--ssl-key-file': "dev serves HTTP, not HTTPS (sam local start-api's --ssl-key-file)",
  '--disable-authorizer': "dev runs the routes' authorizers as API Gateway does, always (sam local start-api's --disable-authorizer)",
};

export const SAM_LOCAL_INVOKE_OPTIONS: Readonly<Record<string, string>> = samLocal('invoke');

export const SAM_BUILD_OPTIONS: Readonly<Record<string, string>> = {
  '--use-container': "not needed: package installs manylinux wheels for each function's runtime and architecture, without Docker (sam build's --use-container)",
  '-u': "not needed: package installs manylinux wheels for each function's runtime and architecture, without Docker (sam build's -u, --use-container)",
  '--build-dir': "it is --out DIR here (sam build's --build-dir)",
  '-b': "it is --out DIR here (sam build's -b, --build-dir)",
  '--cached': "package caches the dependencies already; --no-cache installs them again (sam build's --cached)",
  '--manifest': "package installs the requirements.txt in each function's code directory (sam build's --manifest)",
  '--template-file': TEMPLATE_FILE,
  ...Object.fromEntries(['--build-image', '--container-env-var', '--skip-pull-image', '--docker-network', '--mount-symlinks'].map((option) => [option, `package runs no container (sam build's ${option})`])),
};
