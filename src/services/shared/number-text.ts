/**
 * A Number message attribute's value as SQS and SNS read it: sign, digits with an optional
 * fraction, exponent. One place for each digit run: `\d+\.?\d*` split a run between its two
 * parts in every way, so a long run of digits ending in a non-digit took quadratic time (30,000
 * digits: 1 s; a 1 MiB SQS attribute: about 20 minutes of CPU with the event loop blocked).
 */
export const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
