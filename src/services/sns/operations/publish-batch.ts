import type { BatchResultErrorEntry, PublishBatchInput, PublishBatchResponse } from '@aws-sdk/client-sns';
import { ServiceError } from '../../shared/errors.js';
import { resolveTopic, type SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { snsModel } from '../model.js';
import { buildPublication, checkContent, checkShape, type PreparedPublication } from '../domain/publication.js';
import { sequenceNumber } from '../domain/sequence-number.js';
import { DEFAULT_MAXIMUM_MESSAGE_SIZE, topicSettings } from '../domain/topic-attributes.js';
import { recordPublications } from '../fan-out.js';

const MAX_ENTRIES = 10;
const BATCH_ID = /^[A-Za-z0-9_-]+$/;

/**
 * Up to 10 messages in one call, recorded in one outbox transaction. The batch itself (entry
 * count, ids, total size) and the FIFO fields / MessageStructure of any entry fail the whole
 * request [AWS-recorded]; an entry's own content (subject, empty message, attributes, size) fails
 * only that entry, reported in `Failed` with its wire code (AWS: "the result of publishing each
 * message is reported individually").
 */
export const publishBatch: SnsOperation<PublishBatchInput, PublishBatchResponse> = async (deps, input, ctx) => {
  const entries = input.PublishBatchRequestEntries ?? [];
  if (entries.length === 0) throw snsErrors.emptyBatch();
  if (entries.length > MAX_ENTRIES) throw snsErrors.tooManyEntries();
  const topic = await resolveTopic(deps, input.TopicArn, ctx);
  const ids = entries.map((e) => e.Id ?? '');
  if (new Set(ids).size !== ids.length) throw snsErrors.batchIdsNotDistinct();
  for (const id of ids) {
    if (id.length > 80) throw snsErrors.batchIdTooLong(id);
    if (!BATCH_ID.test(id)) throw snsErrors.batchIdBadCharacter(id);
  }
  const settings = topicSettings(topic);
  const shapes = entries.map((e) => checkShape(e, settings));
  const now = deps.clock.now();
  const accepted: { id: string; prepared: PreparedPublication }[] = [];
  const failed: BatchResultErrorEntry[] = [];
  let total = 0;
  entries.forEach((e, i) => {
    total += Buffer.byteLength(e.Message ?? '', 'utf8');
    try {
      const content = checkContent(e, settings.maximumMessageSize, i + 1);
      total += content.size - Buffer.byteLength(e.Message ?? '', 'utf8');
      const context = { topicArn: topic.arn, settings, messageId: deps.ids.uuid(), now, baseUrl: ctx.baseUrl, traceHeader: ctx.traceHeader };
      accepted.push({ id: ids[i]!, prepared: buildPublication(e, content, shapes[i]!, context) });
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      failed.push({ Id: ids[i], Code: snsModel.errors[error.shape]?.code ?? error.shape, SenderFault: true, Message: error.message });
    }
  });
  if (total > Math.max(DEFAULT_MAXIMUM_MESSAGE_SIZE, settings.maximumMessageSize)) throw snsErrors.batchTooLong();
  const results = accepted.length > 0 ? await recordPublications(deps, topic, accepted.map((a) => a.prepared), now) : [];
  return {
    Successful: accepted.map((a, i) => ({
      Id: a.id,
      MessageId: results[i]!.messageId,
      SequenceNumber: settings.fifo ? sequenceNumber(results[i]!.seq) : undefined,
    })),
    Failed: failed,
  };
};
