import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sqsModel } from '../services/sqs/model.js';
import { cloudTrailForm } from './audit-events.js';

describe('audit record form (cloudTrailForm)', () => {
  it('keeps a map key named __proto__ as an entry (a tag key AWS accepts; an assignment dropped it)', () => {
    const Tags = { constructor: 'c' } as Record<string, string>;
    Object.defineProperty(Tags, '__proto__', { value: 'p', enumerable: true });
    const form = cloudTrailForm('sqs', sqsModel.operations.TagQueue!.input, { QueueUrl: 'u', Tags });
    assert.equal(JSON.stringify(form), '{"queueUrl":"u","tags":{"constructor":"c","__proto__":"p"}}');
  });
});
