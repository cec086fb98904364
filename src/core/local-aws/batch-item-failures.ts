/**
 * A function's partial batch response (`{"batchItemFailures": [{"itemIdentifier": id}]}`), as Lambda reads it for
 * SQS and for streams alike (developer guide, "Handling errors for an SQS event source" and "Configuring partial
 * batch response with Kinesis Data Streams", success and failure conditions): the items that failed, none when the
 * answer is empty (None, {}, an empty or null list), and 'all' when Lambda cannot read it (not JSON, a list where the
 * document goes, an identifier that is null, empty or not one of the batch's, a key of another name).
 */
export function reportedFailures(payload: string, ids: ReadonlySet<string>): ReadonlySet<string> | 'all' {
  let answer: unknown;
  try {
    answer = JSON.parse(payload);
  } catch {
    return 'all';
  }
  if (answer === null || (typeof answer === 'object' && !Array.isArray(answer) && !('batchItemFailures' in answer))) return new Set();
  const failures = typeof answer === 'object' && !Array.isArray(answer) ? (answer as { batchItemFailures?: unknown }).batchItemFailures : undefined;
  if (failures === null || (Array.isArray(failures) && failures.length === 0)) return new Set();
  if (!Array.isArray(failures)) return 'all';
  const failed = new Set<string>();
  for (const f of failures) {
    const id = typeof f === 'object' && f !== null ? (f as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || !ids.has(id)) return 'all';
    failed.add(id);
  }
  return failed;
}
