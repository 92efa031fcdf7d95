import type { PublishInput, PublishResponse } from '@aws-sdk/client-sns';
import type { RequestContext } from '../shared/service.js';
import type { SnsDeps } from './context.js';
import { recordedPayload } from './delivery/recorder.js';
import { snsErrors } from './errors.js';
import { isoTimestamp } from './domain/envelope.js';
import { preparePublication } from './domain/publication.js';
import { topicSettings } from './domain/topic-attributes.js';
import { appAddress, appDisabled, endpointDisabled, loadEndpoint, type AppDoc } from './mobile.js';
import { checkPublishPhoneNumber, numberAddress, OPTED_OUT } from './sms.js';
import type { TopicRecord } from './store.js';

/**
 * Publish straight to a phone number (PhoneNumber) or a mobile endpoint (TargetArn naming
 * `…:endpoint/…`): no topic, no outbox. What would be sent is recorded in the same request, so
 * the answer comes once it is on disk. An opted-out number is not texted by AWS; the record says
 * so (`suppressed`). A disabled endpoint or application is refused as AWS refuses it.
 */
const STANDARD = topicSettings({ attributes: {} } as unknown as TopicRecord);

export async function publishDirect(deps: SnsDeps, input: PublishInput, ctx: RequestContext): Promise<PublishResponse> {
  const sms = input.PhoneNumber !== undefined;
  const endpoint = sms ? checkPublishPhoneNumber(input.PhoneNumber) : input.TargetArn!;
  let suppressed: string | undefined;
  if (sms) {
    if (await deps.store.getDocument(numberAddress(OPTED_OUT, ctx, endpoint))) suppressed = 'the number opted out';
  } else {
    const { doc, endpoint: e } = await loadEndpoint(deps, endpoint, snsErrors.noEndpointForTarget);
    if (e.attributes.Enabled === 'false') throw endpointDisabled();
    const app = await deps.store.getDocument(appAddress(doc.parent ?? ''));
    if (app && (JSON.parse(app.data) as AppDoc).attributes.Enabled === 'false') throw appDisabled();
  }
  const now = deps.clock.now();
  const messageId = deps.ids.uuid();
  const { publication } = preparePublication(input, { topicArn: `arn:aws:sns:${ctx.region}:${ctx.accountId}:`, settings: STANDARD, messageId, now, baseUrl: ctx.baseUrl, traceHeader: ctx.traceHeader });
  const protocol = sms ? 'sms' : 'application';
  const payload = await recordedPayload(publication, protocol, endpoint, null, (sts, v, region) => deps.signer.sign(sts, v, region));
  await deps.store.recordDelivery({
    deliveryKey: `direct\n${messageId}`,
    protocol,
    endpoint,
    messageId,
    subscriptionArn: null,
    topicArn: null,
    payload: JSON.stringify({ ...payload, timestamp: isoTimestamp(now), ...(suppressed ? { suppressed } : {}) }),
    recordedAt: now,
  });
  return { MessageId: messageId };
}
