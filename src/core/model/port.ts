/**
 * A port number as a setting or an option gives it: a number, or a string of digits (Number() alone reads '' as 0,
 * and '0x50' and '1e3' as numbers); `least` is 1 where 0 (pick a free one) makes no sense. Undefined when it is none.
 */
export function portNumber(value: unknown, least = 0): number | undefined {
  const port = typeof value === 'string' ? (/^\d{1,5}$/.test(value) ? Number(value) : NaN) : value;
  return typeof port === 'number' && Number.isInteger(port) && port >= least && port <= 65535 ? port : undefined;
}
