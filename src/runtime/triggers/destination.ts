import type { Handler, RequestContext } from '../../services/shared/service.js';
import { parseDestinationArn } from './destination-arn.js';

/**
 * Sends an invocation record (destination-record.ts) to a stream mapping's on-failure destination,
 * in-process, through the SQS service's SendMessage or the SNS service's Publish handler (what
 * Lambda calls with the function's execution role: sqs:SendMessage, sns:Publish). The call is made
 * as the mapping's account. Resolves once the service accepted the record; throws what it refused
 * with (a queue or topic that does not exist, a policy that denies …).
 */
export interface DestinationServices {
  readonly sqs?: { readonly handlers: Readonly<Record<string, Handler>> };
  readonly sns?: { readonly handlers: Readonly<Record<string, Handler>> };
}

export type SendToDestination = (destinationArn: string, record: object, signal: AbortSignal) => Promise<void>;

export function destinationSender(services: DestinationServices, caller: { readonly accountId: string }): SendToDestination {
  let requests = 0;
  return async (destinationArn, record, signal) => {
    const d = parseDestinationArn(destinationArn);
    if (d === undefined) throw new Error(`${destinationArn} is not an SQS queue or SNS topic ARN`);
    const context: RequestContext = { requestId: `trigger-destination-${++requests}`, accountId: caller.accountId, region: d.region, baseUrl: `https://${d.service}.${d.region}.amazonaws.com`, signal };
    const body = JSON.stringify(record);
    const service = services[d.service];
    if (service === undefined) throw new Error(`no ${d.service.toUpperCase()} service to deliver to ${destinationArn}`);
    if (d.service === 'sqs') {
      await service.handlers.SendMessage!({ QueueUrl: `https://sqs.${d.region}.amazonaws.com/${d.accountId}/${d.name}`, MessageBody: body }, context);
    } else {
      await service.handlers.Publish!({ TopicArn: d.arn, Message: body }, context);
    }
  };
}
