import { ServiceError } from '../../shared/errors.js';
import { sqsErrors } from '../errors.js';
import { sqsModel } from '../model.js';

/** The whole-request checks every *Batch operation makes before looking at entries (AWS-WIRE §7). */
const ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
export const MAX_BATCH_ENTRIES = 10;

export function validateBatchEntries<E extends { Id?: string }>(entries: readonly E[] | undefined, entryName: string): readonly E[] {
  if (!entries || entries.length === 0) throw sqsErrors.emptyBatch(entryName);
  if (entries.length > MAX_BATCH_ENTRIES) throw sqsErrors.tooManyEntries(entries.length);
  const seen = new Set<string>();
  for (const e of entries) {
    const id = e.Id;
    if (id === undefined) throw sqsErrors.missingParameter(`${entryName}.Id`);
    if (!ENTRY_ID.test(id)) throw sqsErrors.invalidBatchEntryId();
    if (seen.has(id)) throw sqsErrors.batchIdsNotDistinct(id);
    seen.add(id);
  }
  return entries;
}

/** A per-entry failure as AWS reports it in `Failed` (HTTP 200 for the batch). */
export interface BatchFailure {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

/** Turns an error thrown while handling one entry into its `Failed` row (the query code is what AWS shows, in both protocols). */
export function batchFailure(id: string, error: unknown): BatchFailure {
  if (error instanceof ServiceError) {
    return { Id: id, SenderFault: true, Code: sqsModel.errors[error.shape]?.code ?? error.shape, Message: error.message };
  }
  throw error;
}
