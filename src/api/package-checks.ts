/** The shared-object check, for installed dependencies and the project's own (vendored) files alike. */
import { readElfInfo } from '../adapters/elf-reader.js';
import { UserError } from '../core/errors.js';
import { manylinuxTags, type PackageTarget } from '../core/packaging/platform.js';
import { checkSharedObject, isSharedObjectPath } from '../core/packaging/shared-objects.js';

export interface CheckedFile {
  /** The path in the package, used in messages. */
  readonly path: string;
  /** Where to read it. */
  readonly source: string;
}

/** Fails naming every `.so` that cannot load on the target; returns how many were checked. */
export function checkSharedObjects(files: readonly CheckedFile[], target: PackageTarget, where: string): number {
  const problems: string[] = [];
  let checked = 0;
  let failed = 0;
  for (const file of files) {
    if (!isSharedObjectPath(file.path)) continue;
    checked++;
    const elf = readElfInfo(file.source);
    const found = elf.ok ? checkSharedObject(file.path, elf.info, target) : [`${file.path} is not a shared object Lambda can load (${elf.error})`];
    if (found.length > 0) failed++;
    problems.push(...found);
  }
  if (problems.length > 0) {
    const count = failed === 1 ? 'A shared object' : `${failed} shared objects`;
    throw new UserError(`${count} in ${where} cannot load on ${target.runtime} (${target.architecture}):\n${problems.map((p) => `  ${p}`).join('\n')}`, {
      hint: [
        `Lambda loads only Linux ${target.machine} libraries built for glibc up to the runtime's (${manylinuxTags(target)[0]} wheels or older).`,
        '- pin a version of the package that publishes such a wheel, or replace the package',
        '- for a file of your own (vendor/, a copied .so): rebuild it in the public.ecr.aws/lambda/python image, or remove it',
      ].join('\n'),
    });
  }
  return checked;
}
