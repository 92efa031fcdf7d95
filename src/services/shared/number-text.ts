/**
 * A decimal number as text: sign, digits with an optional fraction, exponent. SQS and SNS read a
 * Number message attribute's value with it, the protocol layer a timestamp or double given as text. One place for each digit run: `\d+\.?\d*` split a run between its two
 * parts in every way, so a long run of digits ending in a non-digit took quadratic time (30,000
 * digits: 1 s; a 1 MiB SQS attribute: about 20 minutes of CPU with the event loop blocked).
 */
export const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
