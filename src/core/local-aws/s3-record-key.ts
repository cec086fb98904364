/**
 * The end of the key under which Lambda writes an invocation record to an S3 OnFailure destination, alike for
 * asynchronous invocations and event source mappings: `YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<Random UUID>`, the record's
 * time in UTC (Lambda developer guide, "Capturing records of Lambda asynchronous invocations" and the event source
 * mappings' "Example Amazon S3 invocation record").
 */
export function s3RecordKeyTail(nowMs: number, objectUuid: string): string {
  const at = new Date(nowMs).toISOString();
  return `${at.slice(0, 10).replaceAll('-', '/')}/${at.slice(0, 19).replaceAll(':', '.')}-${objectUuid}`;
}
