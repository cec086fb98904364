import { basename, dirname, join, relative, resolve } from 'node:path';
import { dirExists, fileExists, readBytes, readText } from '../adapters/fs.js';
import { projectPythonPath, resolvePython } from '../adapters/python.js';
import { ConfigError, UserError, hasErrors, type Diagnostic } from '../core/errors.js';
import type { FunctionModel, Project, ProjectStyle } from '../core/model/project.js';
import { deprecatedRuntimeWarnings, isoDate } from '../core/model/runtime-lifecycle.js';
import { parseEnvVars } from '../core/model/env-vars.js';
import { readSamTemplate } from '../core/model/sam/read.js';
import type { SamconfigCommand } from '../core/model/sam/samconfig.js';
import type { ParsedTemplate } from '../core/model/sam/template.js';
import { notProjectFile } from '../core/model/project-file.js';
import { SERVERLESS_CONFIG_NAMES, isCodeConfig, serverlessConfigFormat } from '../core/model/serverless/config-file.js';
import { hostRegion } from '../core/runtime/environment.js';
import { withProfile } from '../core/runtime/shared-config.js';
import { LAYOUT_KEYS } from '../core/runtime/python-path.js';
import { compileRoutes } from '../core/routing/index.js';
import { cdkTemplate, cdkTemplateOrHint } from './cdk-project.js';
import { samconfigIgnored, samconfigOptions, samProjectSettings, type SamconfigFile, type SamconfigReader } from './samconfig.js';
import { shellProfileRegion } from './shell-region.js';
import { wsgiPythonPath } from './serverless-wsgi.js';
import { readServiceFile } from './service-file.js';
import { localExecWrapper, sourceCode } from './exec-wrapper.js';
import type { LocalCode } from './local-code.js';
import { layerPythonDir, sitePackagesUnder } from './layer-view.js';
import { styleReaders } from './style-readers-module.js';

export interface LoadOptions {
  /** The project directory (default: the current directory). */
  readonly dir?: string;
  /**
   * The project directory as the user named it (dev's DIR), for the `--template` a hint suggests: --template is
   * read from the current directory, as `sam local -t` reads it, so a path inside DIR must start with DIR.
   */
  readonly shownDir?: string;
  /** An explicit configuration file: a SAM template or a serverless.yml. */
  readonly template?: string;
  /** serverless.yml and Chalice stage (SAM has no stages). */
  readonly stage?: string;
  /** serverless.yml's `${param:KEY}`s, as `sls --param KEY=VALUE` gives them (over its `params`). */
  readonly params?: Readonly<Record<string, string>>;
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  /** The day runtimes' deprecations are judged at (default: today). */
  readonly today?: Date;
  /**
   * The region the functions run in (--region), whatever the project: their AWS_REGION, serverless.yml's
   * `${opt:region}` and `${aws:region}`, a SAM template's AWS::Region. Without it: serverless.yml's
   * provider.region (else us-east-1); for SAM and Chalice, the region `env` names (hostRegion).
   */
  readonly region?: string;
  /** For `${env:...}` in serverless.yml, and the region of a SAM or Chalice project. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The Python to import a Chalice app with (default: the project's .venv, $VIRTUAL_ENV, python3). */
  readonly python?: string;
  /** An --env-vars file: a Chalice app is imported with what it gives api_handler, as that function runs with it. */
  readonly envVarsFile?: string;
  /** SAM CLI's configuration file (samconfig.toml beside the template): `--config-env`, default `default`. */
  readonly configEnv?: string;
  /** `--config-file`, instead of the samconfig file beside the template. */
  readonly configFile?: string;
  /** Which of its tables are read after `global` (default: none). */
  readonly samconfigCommand?: SamconfigCommand;
  /** Where the samconfig file is, when not beside the template: the directory of the one whose template_file named it. */
  readonly samconfigDir?: string;
  /** The command's reader of the samconfig file, which may hold the read it made for its options (SamconfigReader). */
  readonly samconfigReader?: SamconfigReader;
  /** A Chalice app's import (and a serverless.js's run): abandoned when this aborts, and said while it runs long (loadChaliceProject). */
  readonly chaliceRead?: { readonly signal?: AbortSignal; readonly onWaiting?: (seconds: number, file?: string) => void };
  /**
   * Gets each file the configuration reads or looks for (LoadedProject.configFiles) as it is read: a read that
   * fails names them too, so that dev, waiting for a fix, watches a `${file(../shared.yml)}` outside the project.
   */
  readonly readFiles?: string[];
}

export interface LoadedProject {
  /** The project root, absolute: where the configuration file is. */
  readonly root: string;
  /** Where the project's .venv is looked for when not in `root`: a CDK app's directory (its template is in cdk.out). */
  readonly pythonRoot?: string;
  readonly project: Project;
  /** The configuration file, absolute. */
  readonly configPath: string;
  readonly template?: ParsedTemplate;
  /** Warnings found while reading (errors throw a ConfigError instead). */
  readonly warnings: readonly Diagnostic[];
  /** The --env-vars file the functions run with, absolute: the option's, else the one a SAM project's samconfig names. */
  readonly envVarsFile?: string;
  /** Other files the configuration reads or looked for (serverless.yml's `${file()}`s, .env files, samconfig.toml), absolute. */
  readonly configFiles?: readonly string[];
  /** A SAM project's samconfig file, as read with it (dev's port and host come from this read too). */
  readonly samconfig?: SamconfigFile;
  /** The AWS profile the functions run with (samconfig.toml's `profile`, as sam local's --profile), over $AWS_PROFILE. */
  readonly profile?: string;
}

const CANDIDATES: ReadonlyArray<{ readonly name: string; readonly style: ProjectStyle }> = [
  { name: 'template.yaml', style: 'sam' },
  { name: 'template.yml', style: 'sam' },
  // SAM CLI looks for template.[yaml|yml|json]; a JSON template reads as YAML.
  { name: 'template.json', style: 'sam' },
  // serverless.yml, .yaml, .json, .js, .mjs, .cjs, .ts, in the Framework's order.
  ...SERVERLESS_CONFIG_NAMES.map((name) => ({ name, style: 'serverless' as const })),
  { name: join('.chalice', 'config.json'), style: 'chalice' },
];

/** A project's configuration file, and (`others`) those of other kinds beside it, which are not read. */
export interface FoundProject {
  readonly path: string;
  readonly style: ProjectStyle;
  /** A CDK app's directory (its cdk.json), when the template is the one `cdk synth` wrote under it. */
  readonly app?: string;
  /** `kind` names one that is no style of its own (a CDK app); `template` is what `--template` takes to read it. */
  readonly others?: readonly { readonly name: string; readonly style: ProjectStyle; readonly kind?: string; readonly template?: string }[];
}

/** Which kind of project a directory (or an explicit file) holds, and its configuration file. */
export function findProject(dir: string, explicit?: string, shownDir?: string): FoundProject {
  if (explicit) {
    const path = resolve(dir, explicit);
    if (dirExists(path)) {
      // Only `dev` takes a project directory (its DIR); the others' positional is a function's name.
      const inside = CANDIDATES.find((c) => fileExists(join(path, c.name)));
      throw new UserError(`--template ${explicit} is a directory; name the file${inside ? `: --template ${join(explicit, inside.name)}` : ' (template.yaml, serverless.yml or .chalice/config.json)'}`, { exitCode: 2 });
    }
    if (!fileExists(path)) throw new UserError(`The file ${explicit} does not exist`);
    const name = basename(path);
    const notProject = notProjectFile(name);
    if (notProject) throw new UserError(notProject.message, { ...(notProject.hint ? { hint: notProject.hint } : {}), exitCode: 2 });
    // A configuration in code is the Serverless Framework's whatever its name (sls --config infra.ts).
    const serverless = name.startsWith('serverless.') || isCodeConfig(serverlessConfigFormat(name));
    return { path, style: serverless ? 'serverless' : name === 'config.json' ? 'chalice' : 'sam' };
  }
  if (!dirExists(dir)) throw new UserError(fileExists(dir) ? `The project directory ${dir} is a file` : `The project directory ${dir} does not exist`, fileExists(dir) ? { hint: 'Pass the directory that holds it, or the file itself with --template.' } : {});
  const present = CANDIDATES.filter((c) => fileExists(join(dir, c.name)));
  const chosen = present[0];
  if (chosen) {
    const others = [
      ...present.filter((c) => c.style !== chosen.style && !present.some((p) => p.style === c.style && present.indexOf(p) < present.indexOf(c))),
      // A template.yaml beside cdk.json (`cdk synth > template.yaml`, as older SAM docs had it) may be stale.
      ...(fileExists(join(dir, 'cdk.json')) ? [{ name: 'cdk.json', style: 'sam' as const, kind: 'a CDK app', template: cdkTemplateOrHint(dir) }] : []),
    ].map((o) => (shownDir ? { ...o, template: join(shownDir, 'template' in o ? o.template : o.name) } : o));
    return { path: join(dir, chosen.name), style: chosen.style, ...(others.length > 0 ? { others } : {}) };
  }
  if (fileExists(join(dir, 'cdk.json'))) return { path: resolve(dir, cdkTemplate(dir, shownDir)), style: 'sam', app: resolve(dir) };
  const above = projectAbove(dir);
  throw new UserError(`No project found in ${dir}: expected template.yaml, template.yml or template.json (SAM), serverless.yml (or .yaml, .json, .js, .mjs, .cjs, .ts), .chalice/config.json with app.py (Chalice), or cdk.json (a CDK app)`, {
    hint: !above ? 'Pass --template FILE, or create a project with `pylambda new NAME`.'
      // dev's DIR: the way there starts from where dev runs, not from DIR, which a `cd` would leave.
      : shownDir ? `There is one in ${above.dir}: pass that directory (${join(shownDir, relative(dir, above.dir))}), or --template ${join(shownDir, relative(dir, above.file))}.`
        : `There is one in ${above.dir}: run the command there (cd ${relative(dir, above.dir)}), or pass --template ${relative(dir, above.file)}.`,
  });
}

/**
 * The nearest directory above `dir` that holds a project, and its configuration file (a Chalice app's is
 * in .chalice/, the project is the directory above): a `cd src` went one too far.
 */
function projectAbove(dir: string): { dir: string; file: string } | undefined {
  for (let child = dir, parent = dirname(dir); parent !== child; child = parent, parent = dirname(parent)) {
    const found = CANDIDATES.find((c) => fileExists(join(parent, c.name)));
    if (found) return { dir: parent, file: join(parent, found.name) };
  }
  return undefined;
}

/**
 * Finds and reads the project in a directory, or the file given; every error at once, the routes' too
 * (two functions on one route, a method no gateway has), for every command: as `sam validate` would.
 */
export async function loadProject(options: LoadOptions = {}): Promise<LoadedProject> {
  const loaded = await readProject(options);
  const diagnostics = loaded.project.endpoints.flatMap((e) => compileRoutes(e).diagnostics);
  if (hasErrors(diagnostics)) throw new ConfigError(loaded.project.configFile, diagnostics);
  const deprecated = deprecatedRuntimeWarnings(loaded.project.functions, loaded.project.configFile, isoDate(options.today ?? new Date()));
  return deprecated.length === 0 ? loaded : { ...loaded, warnings: [...loaded.warnings, ...deprecated] };
}

async function readProject(options: LoadOptions): Promise<LoadedProject> {
  const dir = resolve(options.dir ?? '.');
  const found = findProject(dir, options.template, options.shownDir);
  // No --region and no region in the shell's variables: its AWS profile's, as boto3 (sam local, chalice deploy) reads it.
  const profileRegion = !options.region && options.env && found.style !== 'serverless' ? await shellProfileRegion(options.env) : undefined;
  if (found.style === 'chalice') {
    const root = dirname(dirname(found.path));
    if (!fileExists(join(root, 'app.py'))) throw new UserError(`${root} has .chalice/config.json but no app.py`);
    // The routes are in the app itself: it is imported by the project's Python, with the stage's variables.
    const env = options.env ?? {};
    const python = await resolvePython(projectPythonPath(root, env, options.python), env);
    const envVars = options.envVarsFile ? { file: options.envVarsFile, vars: parseEnvVars(await readBytes(options.envVarsFile, '--env-vars file'), options.envVarsFile, env) } : undefined;
    // Chalice deploys to the region of the shell's AWS configuration; --region names it, for app.py's import too.
    const region = options.region ?? profileRegion;
    const appEnv = region ? { ...env, AWS_REGION: region, AWS_DEFAULT_REGION: region } : env;
    // The readers of the styles a project is not (the Chalice and Serverless ones) are loaded when one is read: a
    // start compiles every module it loads, and these were a fifth of the readers' chunk.
    const { loadChaliceProject } = await styleReaders();
    const chalice = await loadChaliceProject(root, { python, env: appEnv, ...(options.stage ? { stage: options.stage } : {}), ...(envVars ? { envVars } : {}), ...options.chaliceRead });
    return {
      root, project: withRegion(chalice.project, region), configPath: found.path, warnings: [...chalice.warnings, ...samconfigIgnored(options, found.path)],
      ...(options.envVarsFile ? { envVarsFile: options.envVarsFile } : {}),
    };
  }
  const root = dirname(found.path);
  const file = relative(root, found.path) || found.path;
  const alsoHere = otherProjectsNote(file, found.others);
  const configFiles: string[] = options.readFiles ?? [];
  const settings = found.style === 'sam' ? await samProjectSettings(root, { ...samconfigOptions(options), baseDir: dir }, configFiles) : undefined;
  // As sam local: --region, else samconfig.toml's region, else the shell's (boto3's session's: its variables, then its profile's) is AWS::Region.
  // samconfig.toml's profile, as sam local's --profile: its region where no other names one, and the functions run with it (functionHostEnv).
  const env = settings?.profile && options.env ? withProfile(options.env, settings.profile) : options.env;
  const samProfileRegion = settings?.profile && env && !options.region ? await shellProfileRegion(env) : profileRegion;
  const samRegion = options.region ?? settings?.region ?? samProfileRegion ?? (env ? hostRegion(env) : undefined);
  const result: { project?: Project; template?: ParsedTemplate; diagnostics: readonly Diagnostic[] } = found.style === 'serverless'
    ? await (await styleReaders()).readServerless(root, found.path, file, options, configFiles, alsoHere)
    : readSamTemplate(await readText(found.path, 'configuration file'), {
        file,
        ...(settings?.parameterOverrides ? { parameterOverrides: settings.parameterOverrides } : {}),
        ...(settings?.parameterSource ? { parameterSource: settings.parameterSource } : {}),
        ...(settings?.parameterHints ? { parameterHints: settings.parameterHints } : {}),
        ...(samRegion ? { region: samRegion } : {}),
        ...(options.stage ? { stage: options.stage } : {}),
        // An API's DefinitionUri or AWS::Include file: SAM CLI reads it from the template's directory (reader.py).
        readFile: (path) => {
          const absolute = resolve(root, path);
          configFiles.push(absolute);
          return readServiceFile(absolute);
        },
      });
  // The project the user meant may be the other one (a Chalice app that also has a serverless.yml): its errors say so.
  if (!result.project || hasErrors(result.diagnostics)) throw new ConfigError(file, result.diagnostics, alsoHere ? { hint: alsoHere } : {});
  // SAM has no --stage (sam local has none either): a stage is a parameter, or an API's StageName. It picks the stage
  // of an API written as plain CloudFormation with several (cfn-stages.ts), whose warning says what it served: said
  // only when there is no such API.
  const stageIgnored: Diagnostic[] = found.style === 'sam' && options.stage && !result.project.endpoints.some((e) => e.stage === options.stage || e.stageChoices)
    ? [{ severity: 'warning', file, path: '', message: `--stage ${options.stage} applies to serverless.yml and Chalice projects, not to a SAM template: give a Stage parameter with --parameter-overrides Stage=${options.stage}` }]
    : [];
  const paramsIgnored: Diagnostic[] = found.style !== 'serverless' && options.params && Object.keys(options.params).length > 0
    ? [{ severity: 'warning', file, path: '', message: `--param applies to serverless.yml's \${param:...}, not to ${KIND_NAMES[found.style]}: ignored` }]
    : [];
  const envVarsFile = settings ? settings.envVarsFile : options.envVarsFile;
  return {
    root,
    ...(found.app ? { pythonRoot: found.app } : {}),
    // --region, else samconfig's region, else the profile's, is the functions' AWS_REGION (functionHostEnv), as sam local runs them there.
    project: withRegion(result.project, options.region ?? settings?.region ?? samProfileRegion),
    configPath: found.path,
    ...(result.template ? { template: result.template } : {}),
    warnings: [
      ...(settings?.diagnostics ?? []), ...result.diagnostics.filter((d) => d.severity === 'warning'), ...stageIgnored, ...paramsIgnored,
      ...(alsoHere ? [{ severity: 'warning' as const, file, path: '', message: alsoHere }] : []), ...(settings ? [] : samconfigIgnored(options, found.path)),
    ],
    ...(envVarsFile ? { envVarsFile } : {}),
    ...(configFiles.length ? { configFiles: [...new Set(configFiles)] } : {}),
    ...(settings?.samconfig ? { samconfig: settings.samconfig } : {}),
    ...(settings?.profile ? { profile: settings.profile } : {}),
  };
}

const KIND_NAMES: Readonly<Record<ProjectStyle, string>> = { sam: 'a SAM template', serverless: 'a Serverless Framework configuration', chalice: 'a Chalice app' };

/**
 * A directory with projects of several kinds (a Chalice app with a serverless.yml beside it) is read as
 * the first found, as `sam` and `sls` each read their own: which one, and how to read another.
 */
function otherProjectsNote(chosen: string, others: FoundProject['others']): string | undefined {
  if (!others?.length) return undefined;
  const listed = others.map((o) => `${o.name} (${o.kind ?? KIND_NAMES[o.style]})`).join(' and ');
  return `this directory also holds ${listed}: pylambda reads ${chosen}, the first it finds of template.yaml, serverless.yml, .chalice/config.json and cdk.json; `
    + `to read ${others.length === 1 ? 'the other' : 'another'} instead, pass ${others.map((o) => `--template ${o.template ?? o.name}`).join(' or ')}`;
}

/** --region, when given, is where the functions run (functionHostEnv), whatever the configuration says. */
function withRegion(project: Project, region: string | undefined): Project {
  return region ? { ...project, region } : project;
}

/**
 * Variables a function needs locally that Lambda's package layout provides: serverless-wsgi's handler and
 * a Chalice app's `vendor/` are at the package root, and a layer's `python/` (and
 * `python/lib/pythonX.Y/site-packages`) is on sys.path from /opt, a later layer's files shadowing an earlier one's.
 * `layerDirs`: where a zip layer is unzipped (local-code.ts), by id.
 */
export function localPackageEnvironment(loaded: LoadedProject, fn?: FunctionModel, code?: LocalCode): Record<string, string> {
  const layerDirs = code?.layerDirs ?? new Map<string, string>();
  // At the code directory's root on Lambda: on the path whatever the function's PYTHONPATH (python-path.ts).
  const codePaths: string[] = fn ? wsgiPythonPath(loaded.root, code?.codeDir ?? resolve(loaded.root, fn.codeUri), fn) : [];
  const paths: string[] = [];
  // A layer's bin/ and lib/ are on PATH and LD_LIBRARY_PATH from /opt on Lambda (packaging-layers.html: "bin
  // (PATH), lib (LD_LIBRARY_PATH)"), after the system's: an ffmpeg layer's program is found by name.
  const bins: string[] = [];
  const libs: string[] = [];
  const vendor = join(loaded.root, 'vendor');
  if (loaded.project.style === 'chalice' && dirExists(vendor)) codePaths.push(vendor);
  const version = fn?.runtime.replace('python', '');
  // Layers that share a name under /opt/python are on the path as one merged view, as Lambda extracts them.
  const view = code?.layerView;
  for (const python of view ? [join(view, 'python')] : []) paths.push(...[sitePackagesUnder(python, version ?? ''), python].filter(dirExists));
  for (const layer of [...(fn?.layers ?? [])].reverse()) {
    const dir = layerDirs.get(layer.id) ?? resolve(loaded.root, layer.contentUri);
    if (dirExists(join(dir, 'bin'))) bins.push(join(dir, 'bin'));
    if (dirExists(join(dir, 'lib'))) libs.push(join(dir, 'lib'));
    // A layer with a Python BuildMethod is /opt/python itself, and a python/ inside it is not on the path (pylambda package says so).
    if (!view) paths.push(...[sitePackagesUnder(layerPythonDir(dir, layer), version ?? ''), layerPythonDir(dir, layer)].filter(dirExists));
  }
  const wrapper = fn ? localExecWrapper(loaded, fn, code ?? sourceCode(loaded, fn)).path : undefined;
  const list = (key: string, dirs: string[]): Record<string, string> => (dirs.length > 0 ? { [key]: dirs.join(':') } : {});
  return {
    ...list('PYTHONPATH', paths), ...list(LAYOUT_KEYS.codePaths, codePaths), ...list(LAYOUT_KEYS.layerBins, bins), ...list(LAYOUT_KEYS.layerLibs, libs),
    ...(wrapper ? { AWS_LAMBDA_EXEC_WRAPPER: wrapper } : {}),
  };
}

/**
 * The host environment a project's functions start from: a region the configuration names
 * (serverless.yml provider.region, a SAM project's samconfig.toml region) is their AWS_REGION, as it is once deployed there.
 */
export function functionHostEnv(loaded: LoadedProject, hostEnv: Readonly<Record<string, string | undefined>>): Readonly<Record<string, string | undefined>> {
  const env = loaded.profile ? withProfile(hostEnv, loaded.profile) : hostEnv;
  return loaded.project.region ? { ...env, AWS_REGION: loaded.project.region } : env;
}
