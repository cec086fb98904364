import { UserError } from '../../errors.js';
import { isoTime, type GenerateContext } from './context.js';
import { arnOf } from '../../partition.js';

export interface SesOptions {
  /** The sender: an address, or `Name <address>` as a From header writes it. */
  readonly from?: string;
  /** The recipient the receipt rule matched. */
  readonly to?: string;
  readonly subject?: string;
  /** The function the rule's Lambda action invokes. */
  readonly functionName?: string;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

/** The address in `Name <address>` or a bare address; a UserError naming the flag otherwise. */
function address(flag: string, given: string): string {
  const bare = /<([^<>]+)>\s*$/.exec(given)?.[1] ?? given;
  if (!ADDRESS.test(bare)) throw new UserError(`${flag} must be an email address, or Name <address>, not '${given}'`, { exitCode: 2 });
  return bare;
}

/** RFC 5322's date, as a mail's Date header has it: `Wed, 31 Jan 2024 12:00:00 +0000`. */
const mailDate = (ms: number): string => new Date(ms).toUTCString().replace(/GMT$/, '+0000');

/**
 * An email SES receives, as a receipt rule's Lambda action hands it over (SES developer guide, "Invoke Lambda
 * function action", example event; sample: powertools sesEvent.json): the mail's headers and the receipt's
 * verdicts, never its body (a rule that needs it stores the mail in S3 first). Every verdict passes, so the receipt
 * has no dmarcPolicy: SES adds it only to a message that fails DMARC (developer guide, "Contents of notifications
 * for Amazon SES email receiving"), though Powertools' sample has both.
 */
export function sesEvent(ctx: GenerateContext, options: SesOptions = {}) {
  const from = options.from ?? 'Jane Doe <sender@example.com>';
  const source = address('--from', from);
  const to = address('--to', options.to ?? 'recipient@example.com');
  const subject = options.subject ?? 'Hello from SES!';
  // SES's message ids (the S3 object key of a stored mail) are 40 lowercase letters and digits.
  const sesMessageId = `${ctx.newId()}${ctx.newId()}`.replaceAll('-', '').slice(0, 40);
  const messageId = `<${ctx.newId()}@${source.split('@')[1]}>`;
  const date = mailDate(ctx.nowMs);
  const pass = { status: 'PASS' };
  return {
    Records: [
      {
        eventVersion: '1.0',
        ses: {
          mail: {
            commonHeaders: { from: [from], to: [to], returnPath: source, messageId, date, subject },
            source,
            timestamp: isoTime(ctx.nowMs),
            destination: [to],
            headers: [
              { name: 'Return-Path', value: `<${source}>` },
              { name: 'From', value: from },
              { name: 'Date', value: date },
              { name: 'Message-ID', value: messageId },
              { name: 'Subject', value: subject },
              { name: 'To', value: to },
              { name: 'MIME-Version', value: '1.0' },
              { name: 'Content-Type', value: 'text/plain; charset=UTF-8' },
            ],
            headersTruncated: false,
            messageId: sesMessageId,
          },
          receipt: {
            recipients: [to],
            timestamp: isoTime(ctx.nowMs + 500),
            spamVerdict: pass,
            dkimVerdict: pass,
            processingTimeMillis: 500,
            action: { type: 'Lambda', invocationType: 'Event', functionArn: arnOf({ service: 'lambda', region: ctx.region, accountId: ctx.accountId, resource: `function:${options.functionName ?? 'my-function'}` }) },
            dmarcVerdict: pass,
            spfVerdict: pass,
            virusVerdict: pass,
          },
        },
        eventSource: 'aws:ses',
      },
    ],
  };
}
