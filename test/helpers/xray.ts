/**
 * Makes an AWS SDK v3 client send `X-Amzn-Trace-Id: trace` on every request, as the X-Ray SDK's
 * instrumentation does (the SDKs' own recursion-detection middleware sends it only inside Lambda).
 */
export function sendTraceHeader<C extends { middlewareStack: { add(m: any, o: any): void } }>(client: C, trace: string): C {
  client.middlewareStack.add(
    (next: (args: any) => Promise<unknown>) => async (args: { request: { headers: Record<string, string> } }) => {
      args.request.headers['X-Amzn-Trace-Id'] = trace;
      return next(args);
    },
    { step: 'build', name: 'xrayTraceHeader' },
  );
  return client;
}

/** A trace header as X-Ray writes it. */
export const TRACE = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
