/** The protocol layer's public surface: the handler factory plus the contracts services implement. */
export { createProtocolHandler, ProtocolError, type ProtocolHandlerOptions, type RequestObserver, type Log, type LogLevel } from './dispatch.js';
export type { RequestAuditor, AuditCaller } from './dispatch-audit.js';
export { parseCaller, accountFor, type Caller, type SignatureVerifier } from './auth.js';
export { ServiceError, isServiceError, type ServiceErrorOptions } from '../services/shared/errors.js';
export type { EventStreamOutput, Handler, InputErrors, RequestContext, ServiceDefinition, StreamEvent } from '../services/shared/service.js';
export type * from '../services/shared/shapes.js';
export type { WireHandler, WireRequest, WireResponse } from './wire.js';
export { escapeXml } from './xml.js';
export { QUIRKS, type Quirk } from './quirks/index.js';
