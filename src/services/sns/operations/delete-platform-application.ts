import type { DeletePlatformApplicationInput } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { appAddress } from '../mobile.js';

/** Deletes the application and its endpoints; deleting one that does not exist succeeds (AWS: idempotent). */
export const deletePlatformApplication: SnsOperation<DeletePlatformApplicationInput, void> = async (deps, input) => {
  await deps.store.deleteDocument(appAddress(input.PlatformApplicationArn ?? ''));
};
