declare module 'sns-validator' {
  class MessageValidator {
    constructor(hostPattern?: RegExp, encoding?: string);
    validate(message: string | Record<string, unknown>, cb: (error: Error | null, message?: Record<string, unknown>) => void): void;
  }
  export default MessageValidator;
}
