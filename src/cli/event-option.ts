import { relative } from 'node:path';
import { readEventArgument } from '../api/event-input.js';
import { samconfigOptions } from '../api/samconfig-options.js';
import { SamconfigReader } from '../api/samconfig.js';
import { UserError } from '../core/errors.js';
import type { ProjectArgs } from './project-options.js';

export interface EventChoice {
  /** --event as given, else samconfig's local_invoke event (absolute), else none. */
  readonly source?: string;
  /** The samconfig file that named the event (when --event did not), for messages. */
  readonly file?: string;
  /** samconfig's debug_port and the rest, for the command's other options. */
  readonly fromFile: Awaited<ReturnType<typeof samconfigOptions>>;
  /** The read of the file these come from, for the project's settings (one read per command). */
  readonly samconfigReader: SamconfigReader;
}

/** The event sam local invoke would send: --event, else the `event` of samconfig's local_invoke table. */
export async function chooseEvent(given: string | undefined, dir: string, project: ProjectArgs): Promise<EventChoice> {
  const samconfigReader = new SamconfigReader();
  const fromFile = await samconfigOptions({ dir, ...project }, 'invoke', samconfigReader);
  if (given !== undefined) return { source: given, fromFile, samconfigReader };
  return { ...(fromFile.event ? { source: fromFile.event, file: fromFile.file } : {}), fromFile, samconfigReader };
}

/** The event's bytes; a file samconfig names that cannot be read says it came from there. */
export async function readChosenEvent(choice: EventChoice, cwd: string, readStdin: (maxBytes: number) => Promise<Buffer>): ReturnType<typeof readEventArgument> {
  try {
    return await readEventArgument(choice.source!, cwd, readStdin);
  } catch (error) {
    if (!(error instanceof UserError) || choice.file === undefined) throw error;
    const beside = choice.fromFile.eventBesideFile;
    const hint = beside
      ? `It is beside the file, at ${relative(cwd, beside)}: SAM CLI opens the file's event from where it runs, as a path given to --event, so write event = "${relative(cwd, beside)}" there`
      : error.hint;
    throw new UserError(`${error.message} (the event ${choice.file} sets, read from the current directory, as sam local invoke reads it)`, { ...(hint ? { hint } : {}), exitCode: error.exitCode });
  }
}
