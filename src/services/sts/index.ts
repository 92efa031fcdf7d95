import type { Handler, ServiceDefinition, SessionIdentity } from '../shared/service.js';
import type { Clock } from '../../runtime/clock.js';
import type { Ids } from '../../runtime/ids.js';
import type { StsDeps, StsOperation } from './context.js';
import { stsErrors } from './errors.js';
import { stsModel } from './model.js';
import { SessionTokens, type Session } from './domain/session-token.js';
import { sessionIdentity } from './domain/identity.js';
import { assumeRole } from './operations/assume-role.js';
import { getAccessKeyInfo } from './operations/get-access-key-info.js';
import { getCallerIdentity } from './operations/get-caller-identity.js';
import { getSessionToken } from './operations/get-session-token.js';

/**
 * The STS subset: who am I (GetCallerIdentity, GetAccessKeyInfo) and temporary credentials
 * (GetSessionToken, AssumeRole) whose session tokens the SigV4 verifier accepts on every service
 * (domain/session-token.ts). The other operations (web identity, SAML, federation, AssumeRoot,
 * DecodeAuthorizationMessage …) are in the model with no handler: the protocol layer answers
 * them `InvalidAction` "The operation X is not implemented by Switchyard yet.", as for the other
 * services.
 */
const operations: Record<string, StsOperation<any, any>> = {
  AssumeRole: assumeRole,
  GetAccessKeyInfo: getAccessKeyInfo,
  GetCallerIdentity: getCallerIdentity,
  GetSessionToken: getSessionToken,
};

export interface StsOptions {
  /** The store's server key (server.ts): tokens open on every node and after a restart. */
  readonly serverKey: Buffer;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly enforcePolicies?: boolean;
  /** The account of a key of the credentials file, if `accessKeyId` is one. */
  readonly listedKeyAccount?: (accessKeyId: string) => string | undefined;
  readonly defaultAccountId: string;
}

/** What the SigV4 verifier needs of a session token (protocol/sigv4-verify.ts SessionResolver). */
export interface SessionCredentials {
  readonly accountId: string;
  readonly secretAccessKey: string;
  readonly expiresAt: number;
}

export interface StsService extends ServiceDefinition {
  /** The session a token carries for `accessKeyId`, with its secret; undefined when it is not one of ours. */
  session(token: string, accessKeyId: string): SessionCredentials | undefined;
  /** For tests and tools: the full session a token carries. */
  openToken(token: string, accessKeyId: string): Session | undefined;
  /** Who a token's session is, for resource policies (protocol/dispatch-context.ts SessionOpener). */
  sessionIdentity(token: string, accessKeyId: string): SessionIdentity | undefined;
}

export function createStsService(options: StsOptions): StsService {
  const tokens = new SessionTokens(options.serverKey, options.ids);
  const deps: StsDeps = {
    tokens,
    clock: options.clock,
    enforcePolicies: options.enforcePolicies ?? false,
    listedKeyAccount: options.listedKeyAccount ?? (() => undefined),
    defaultAccountId: options.defaultAccountId,
  };
  const handlers: Record<string, Handler> = {};
  for (const [name, operation] of Object.entries(operations)) handlers[name] = (input, ctx) => operation(deps, input, ctx);
  return {
    model: stsModel,
    handlers,
    inputErrors: {
      missing: (path) => stsErrors.valueNull(lowerFirst(path)),
      nullEntry: (path) => stsErrors.valueNull(lowerFirst(path)),
      invalidType: (path) => stsErrors.invalidParameter(path),
      malformed: (detail) => stsErrors.malformed(detail),
      unknownOperation: (name) => stsErrors.invalidAction(name),
    },
    session(token, accessKeyId) {
      const session = tokens.open(token, accessKeyId);
      if (session === undefined) return undefined;
      return { accountId: session.accountId, secretAccessKey: tokens.secretFor(accessKeyId), expiresAt: session.expiresAt };
    },
    openToken: (token, accessKeyId) => tokens.open(token, accessKeyId),
    sessionIdentity(token, accessKeyId) {
      const session = tokens.open(token, accessKeyId);
      return session && sessionIdentity(session);
    },
  };
}

/** `RoleArn` → `roleArn`, as AWS names members in validation messages. */
function lowerFirst(path: string): string {
  return path.charAt(0).toLowerCase() + path.slice(1);
}
