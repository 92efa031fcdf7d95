// AddPermission / RemovePermission and the Policy attribute through the real clients (JSON and
// query protocol, SQLite and PostgreSQL). The policy AWS writes is pinned by LocalStack's snapshot
// recorded against AWS (test_sqs_permission_lifecycle).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sqsE2E } from '../../helpers/matrix.js';
import { errorMessage, isSqsError } from '../../helpers/sqs-clients.js';

function sqsError(shape: string, code: string, message?: string | RegExp, status = 400) {
  return (e: any) => {
    assert.ok(isSqsError(e, shape, code), `expected ${code}, got ${e?.name} (${e?.Code ?? e?.Error?.Code}): ${errorMessage(e)}`);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(errorMessage(e), message);
    else if (message) assert.match(errorMessage(e), message);
    return true;
  };
}
const invalidParameterValue = (message?: string | RegExp) => sqsError('InvalidParameterValueException', 'InvalidParameterValue', message);

const asArray = (v: unknown) => (Array.isArray(v) ? [...v].sort() : [v]);

sqsE2E('SQS permissions', (t) => {
  const queue = async () => {
    const url = (await t().sqs.send(new (t().sdk.CreateQueueCommand)({ QueueName: t().name('perm') }))).QueueUrl!;
    const arn = (await t().sqs.send(new (t().sdk.GetQueueAttributesCommand)({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    return { url, arn };
  };
  const add = (url: string, label: string, accounts: string[], actions: string[]) =>
    t().sqs.send(new (t().sdk.AddPermissionCommand)({ QueueUrl: url, Label: label, AWSAccountIds: accounts, Actions: actions }));
  const removeLabel = (url: string, label: string) => t().sqs.send(new (t().sdk.RemovePermissionCommand)({ QueueUrl: url, Label: label }));
  /** The Policy attribute, parsed, or undefined when the queue has none. */
  const policyOf = async (url: string, names: string[] = ['Policy']) => {
    const out = await t().sqs.send(new (t().sdk.GetQueueAttributesCommand)({ QueueUrl: url, AttributeNames: names as never }));
    const raw = out.Attributes?.Policy;
    return raw === undefined ? undefined : JSON.parse(raw);
  };

  it('AddPermission writes a statement per label in the form AWS does; RemovePermission takes it out; the last one removes the Policy', async () => {
    const { url, arn } = await queue();
    await add(url, 'crossaccountpermission', ['111111111111', '668614515564'], ['ReceiveMessage']);
    const policy = await policyOf(url);
    assert.equal(policy.Version, '2008-10-17');
    assert.ok(typeof policy.Id === 'string' && policy.Id.startsWith(`${arn}/`), `Id ${policy.Id}`);
    assert.equal(policy.Statement.length, 1);
    const [s] = policy.Statement;
    assert.equal(s.Sid, 'crossaccountpermission');
    assert.equal(s.Effect, 'Allow');
    assert.deepEqual(asArray(s.Principal.AWS), ['arn:aws:iam::111111111111:root', 'arn:aws:iam::668614515564:root']);
    assert.equal(s.Action, 'SQS:ReceiveMessage');
    assert.equal(s.Resource, arn);

    await removeLabel(url, 'crossaccountpermission');
    assert.equal(await policyOf(url), undefined, 'no statement left: no Policy attribute');
    assert.equal(await policyOf(url, ['All']), undefined);

    // one account: the principal is a string, not a list [AWS-recorded]
    await add(url, 'crossaccountpermission', ['111111111111'], ['ReceiveMessage']);
    await assert.rejects(
      add(url, 'crossaccountpermission', ['668614515564'], ['ReceiveMessage']),
      invalidParameterValue('Value crossaccountpermission for parameter Label is invalid. Reason: Already exists.'),
    );
    await add(url, 'crossaccountpermission2', ['111111111111'], ['ReceiveMessage']);
    const two = await policyOf(url);
    assert.deepEqual(
      two.Statement.map((x: any) => [x.Sid, x.Principal.AWS, x.Action, x.Resource]),
      [
        ['crossaccountpermission', 'arn:aws:iam::111111111111:root', 'SQS:ReceiveMessage', arn],
        ['crossaccountpermission2', 'arn:aws:iam::111111111111:root', 'SQS:ReceiveMessage', arn],
      ],
    );
    assert.equal(two.Version, '2008-10-17');

    await removeLabel(url, 'crossaccountpermission');
    assert.deepEqual((await policyOf(url)).Statement.map((x: any) => x.Sid), ['crossaccountpermission2']);
    await removeLabel(url, 'crossaccountpermission2');
    assert.equal(await policyOf(url), undefined);
  });

  it("RemovePermission of a label the queue's policy does not have (the policy is gone) [AWS-recorded]", async () => {
    const { url } = await queue();
    await add(url, 'crossaccountpermission2', ['111111111111'], ['ReceiveMessage']);
    await removeLabel(url, 'crossaccountpermission2');
    await assert.rejects(
      removeLabel(url, 'crossaccountpermission2'),
      invalidParameterValue("Value crossaccountpermission2 for parameter Label is invalid. Reason: can't find label."),
    );
  });

  it('several actions, an unknown label while a policy exists, and the Policy in GetQueueAttributes All', async () => {
    const { url, arn } = await queue();
    await add(url, 'send-and-receive', ['123456789012'], ['SendMessage', 'ReceiveMessage', 'DeleteMessage']);
    const policy = await policyOf(url, ['All']);
    const [s] = policy.Statement;
    assert.deepEqual(asArray(s.Action), ['SQS:DeleteMessage', 'SQS:ReceiveMessage', 'SQS:SendMessage']);
    assert.equal(s.Principal.AWS, 'arn:aws:iam::123456789012:root');
    assert.equal(s.Resource, arn);
    await assert.rejects(removeLabel(url, 'no-such-label'), invalidParameterValue(/no-such-label.*Label/));
    assert.equal((await policyOf(url)).Statement.length, 1, 'the failed removal changed nothing');

    await add(url, 'everything', ['123456789012'], ['*']);
    assert.deepEqual((await policyOf(url)).Statement.map((x: any) => [x.Sid, x.Action]), [
      ['send-and-receive', s.Action],
      ['everything', 'SQS:*'],
    ]);
  });

  it('AddPermission and RemovePermission on a queue that does not exist; bad labels and actions', async () => {
    const { url } = await queue();
    const missing = url.replace(/[^/]+$/, t().name('no-such-queue'));
    const nonExistent = sqsError('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue');
    await assert.rejects(add(missing, 'label', ['111111111111'], ['SendMessage']), nonExistent);
    await assert.rejects(removeLabel(missing, 'label'), nonExistent);
    await assert.rejects(add(url, 'bad label!', ['111111111111'], ['SendMessage']), invalidParameterValue());
    await assert.rejects(add(url, 'x'.repeat(81), ['111111111111'], ['SendMessage']), invalidParameterValue());
    await assert.rejects(add(url, 'bogus-action', ['111111111111'], ['Bogus']), invalidParameterValue());
    assert.equal(await policyOf(url), undefined, 'nothing was added');
  });

  it('SetQueueAttributes Policy: stored as given, rejected when not JSON, removed when empty', async () => {
    const { sqs, sdk } = t();
    const { url, arn } = await queue();
    const given = {
      Version: '2012-10-17',
      Id: 'custom',
      Statement: [{ Sid: 'from-topic', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: arn }],
    };
    await sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: JSON.stringify(given) } }));
    assert.deepEqual(await policyOf(url), given);
    assert.deepEqual(await policyOf(url, ['All']), given);

    await assert.rejects(
      sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: '{not json' } })),
      sqsError('InvalidAttributeValue', 'InvalidAttributeValue', /Policy/),
    );
    assert.deepEqual(await policyOf(url), given, 'the rejected policy changed nothing');

    // AddPermission adds to a policy set this way
    await add(url, 'added', ['111111111111'], ['GetQueueAttributes']);
    assert.deepEqual((await policyOf(url)).Statement.map((x: any) => x.Sid), ['from-topic', 'added']);

    // [AWS-validated, LocalStack test_set_empty_queue_policy]
    await sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: '' } }));
    assert.equal(await policyOf(url, ['All']), undefined);
    await assert.rejects(
      sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name('bad-policy'), Attributes: { Policy: '[1, 2' } })),
      sqsError('InvalidAttributeValue', 'InvalidAttributeValue', /Policy/),
    );
  });
});
