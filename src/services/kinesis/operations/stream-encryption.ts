import { resolveStream, updateDelay, type KinesisOperation, type StreamSelector, requireActive } from '../context.js';
import { couldBeKmsKeyId } from '../domain/names.js';
import { kinesisErrors } from '../errors.js';

interface Input extends StreamSelector {
  EncryptionType: 'KMS' | 'NONE';
  KeyId: string;
}

/**
 * StartStreamEncryption / StopStreamEncryption: status only. Switchyard encrypts nothing at rest
 * (README); these record what AWS would report (EncryptionType, KeyId) and, as AWS does while it
 * re-encrypts, leave the stream UPDATING for the configured delay. The stream must be ACTIVE. KMS
 * is not called, so any KeyId (key id, ARN or alias) is accepted that could name a KMS key at all
 * (printable ASCII); others are KMSNotFoundException, as KMS would have them.
 */
async function setEncryption(deps: Parameters<KinesisOperation<Input, void>>[0], input: Input, ctx: Parameters<KinesisOperation<Input, void>>[2], on: boolean) {
  const r = await resolveStream(deps, input, ctx);
  const now = requireActive(r);
  // What KMS would refuse; also keeps text PostgreSQL cannot hold (NUL) out of the store.
  if (on && !couldBeKmsKeyId(input.KeyId)) throw kinesisErrors.kmsKeyNotFound(input.KeyId);
  const ok = await deps.store.updateStream(r.stream.id, {
    settings: on ? { encryptionType: 'KMS', keyId: input.KeyId } : { encryptionType: 'NONE' },
    updatingUntil: now + updateDelay(deps.config),
  });
  if (!ok) throw kinesisErrors.streamNotFound(r.name, r.accountId);
}

export const startStreamEncryption: KinesisOperation<Input, void> = (deps, input, ctx) => setEncryption(deps, input, ctx, true);
export const stopStreamEncryption: KinesisOperation<Input, void> = (deps, input, ctx) => setEncryption(deps, input, ctx, false);
