import type { WireHandler, WireResponse } from '../protocol/wire.js';
import type { SnsService } from '../services/sns/index.js';

/**
 * Non-AWS routes served on the AWS port, in front of the protocol handler (they are no AWS
 * operation, so they stay out of protocol/):
 *
 *   GET <any prefix>/SimpleNotificationService-<32 hex>.pem   the SNS signing certificate named by
 *       SigningCertURL (a cert base URL with a path, or a TLS proxy in front, still resolves).
 *
 * Everything else goes to the protocol handler unchanged.
 */
const CERT_PATH = /\/SimpleNotificationService-([0-9a-f]{32})\.pem$/;

export function withAdminRoutes(handler: WireHandler, services: { readonly sns: SnsService }): WireHandler {
  return async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return handler(req);
    const cert = CERT_PATH.exec(req.path);
    if (cert) return certificate(services.sns, cert[1]!);
    return handler(req);
  };
}

async function certificate(sns: SnsService, id: string): Promise<WireResponse> {
  const pem = await sns.certificatePem(id);
  if (pem === undefined) return json(404, { error: 'no such certificate' });
  return { status: 200, headers: { 'content-type': 'application/x-pem-file', 'cache-control': 'max-age=86400' }, body: pem };
}

function json(status: number, body: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}
