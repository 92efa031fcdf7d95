import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import type { Invocation } from './lambda-invoke-server.js';
import { until as untilShared, wait } from './until.js';

/** Kinesis → Lambda trigger tests' helpers: put once the stream is ACTIVE, the data of calls, waiting. */
export async function putUntilActive(kinesis: KinesisClient, StreamName: string, data: string, ExplicitHashKey = '1') {
  for (let i = 0; ; i++) {
    try {
      return await kinesis.send(new PutRecordCommand({ StreamName, Data: Buffer.from(data), PartitionKey: 'k', ExplicitHashKey }));
    } catch (error) {
      if (i > 100 || (error as { name?: string }).name !== 'ResourceInUseException') throw error;
      await wait(50);
    }
  }
}

export { wait };

/** The records' data, as text, of the calls in order. */
export const datas = (calls: Invocation[]): string[] => calls.flatMap((c) => c.event.Records.map((r: { kinesis: { data: string } }) => Buffer.from(r.kinesis.data, 'base64').toString()));

export const until = (what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> => untilShared(what, check, timeoutMs);
