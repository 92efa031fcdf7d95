/**
 * SMS and mobile-push operations through @aws-sdk/client-sns, on every engine: platform
 * applications and endpoints stored (idempotent per token, disabled endpoints refused), SMS
 * attributes, opt-out checks, the sandbox number flow (the one-time password is "texted", i.e.
 * recorded), and Publish to a phone number or an endpoint recorded at /_switchyard/sns/recorded.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CheckIfPhoneNumberIsOptedOutCommand,
  CreatePlatformApplicationCommand,
  CreatePlatformEndpointCommand,
  CreateSMSSandboxPhoneNumberCommand,
  CreateTopicCommand,
  DeleteEndpointCommand,
  DeletePlatformApplicationCommand,
  DeleteSMSSandboxPhoneNumberCommand,
  GetEndpointAttributesCommand,
  GetPlatformApplicationAttributesCommand,
  GetSMSAttributesCommand,
  GetSMSSandboxAccountStatusCommand,
  ListEndpointsByPlatformApplicationCommand,
  ListOriginationNumbersCommand,
  ListPhoneNumbersOptedOutCommand,
  ListPlatformApplicationsCommand,
  ListSMSSandboxPhoneNumbersCommand,
  OptInPhoneNumberCommand,
  PublishCommand,
  SetEndpointAttributesCommand,
  SetPlatformApplicationAttributesCommand,
  SetSMSAttributesCommand,
  SubscribeCommand,
  VerifySMSSandboxPhoneNumberCommand,
} from '@aws-sdk/client-sns';
import { snsE2E, snsError } from '../../helpers/sns.js';
import { recorded } from '../../helpers/sns-http.js';

snsE2E('SNS mobile push and SMS', (t) => {
  const rejects = async (p: Promise<unknown>, code: string, message?: string) => {
    const e = await p.then(() => assert.fail('expected an error'), snsError);
    assert.equal(e.code, code);
    if (message !== undefined) assert.equal(e.message, message);
  };

  it('platform applications and endpoints: create (idempotent per token), attributes, list, disable, delete', async () => {
    const { sns, server } = t();
    const name = t().name('app');
    const { PlatformApplicationArn } = await sns.send(new CreatePlatformApplicationCommand({ Name: name, Platform: 'GCM', Attributes: { PlatformCredential: 'server-key' } }));
    assert.equal(PlatformApplicationArn, `arn:aws:sns:us-east-1:000000000000:app/GCM/${name}`);
    const attrs = (await sns.send(new GetPlatformApplicationAttributesCommand({ PlatformApplicationArn }))).Attributes!;
    assert.equal(attrs.Enabled, 'true');
    assert.equal(attrs.PlatformCredential, undefined, 'the credential is never shown back');
    await sns.send(new SetPlatformApplicationAttributesCommand({ PlatformApplicationArn, Attributes: { SuccessFeedbackSampleRate: '50' } }));
    assert.equal((await sns.send(new GetPlatformApplicationAttributesCommand({ PlatformApplicationArn }))).Attributes!.SuccessFeedbackSampleRate, '50');
    const apps = (await sns.send(new ListPlatformApplicationsCommand({}))).PlatformApplications!;
    assert.ok(apps.some((a) => a.PlatformApplicationArn === PlatformApplicationArn));
    await rejects(sns.send(new CreatePlatformApplicationCommand({ Name: name, Platform: 'CARRIER_PIGEON', Attributes: { PlatformCredential: 'x' } })), 'InvalidParameter',
      'Invalid parameter: Platform Reason: CARRIER_PIGEON is not supported');
    // AWS's words (LocalStack's snapshots of real SNS, test_create_platform_application_invalid_name / _invalid_attributes).
    const adm = (Name: string, Attributes: Record<string, string>) => sns.send(new CreatePlatformApplicationCommand({ Name, Platform: 'ADM', Attributes }));
    await rejects(adm('', { PlatformPrincipal: 'p', PlatformCredential: 'c' }), 'InvalidParameter', 'Invalid parameter:  Reason: cannot be empty');
    await rejects(adm('a'.repeat(257), { PlatformPrincipal: 'p', PlatformCredential: 'c' }), 'InvalidParameter',
      `Invalid parameter: ${'a'.repeat(257)} Reason: must be at most 256 characters long`);
    await rejects(adm('@name', { PlatformPrincipal: 'p', PlatformCredential: 'c' }), 'InvalidParameter',
      "Invalid parameter: @name Reason: must contain only characters 'a'-'z', 'A'-'Z', '0'-'9', '_', '-', and '.'");
    await rejects(adm(name, {}), 'ValidationError', "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be null");
    await rejects(adm(name, { PlatformPrincipal: 'p' }), 'InvalidParameter', 'Invalid parameter: Attributes Reason: PlatformPrincipal attribute provided without PlatformCredential');
    await rejects(adm(name, { PlatformCredential: 'c' }), 'InvalidParameter', 'Invalid parameter: Attributes Reason: PlatformCredential attribute provided without PlatformPrincipal');
    await rejects(sns.send(new GetPlatformApplicationAttributesCommand({ PlatformApplicationArn: 'invalid-arn' })), 'InvalidParameter',
      'Invalid parameter: PlatformApplicationArn Reason: An ARN must have at least 6 elements, not 1');

    const a = await sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'device-1', CustomUserData: 'alice' }));
    assert.match(a.EndpointArn!, new RegExp(`^arn:aws:sns:us-east-1:000000000000:endpoint/GCM/${name}/[0-9a-f-]{36}$`));
    const again = await sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'device-1', CustomUserData: 'alice' }));
    assert.equal(again.EndpointArn, a.EndpointArn);
    await rejects(sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'device-1', CustomUserData: 'bob' })), 'InvalidParameter',
      `Invalid parameter: Token Reason: Endpoint ${a.EndpointArn} already exists with the same Token, but different attributes.`);
    await rejects(sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'device-3', Attributes: { PlatformPrincipal: 'x' } })), 'InvalidParameter',
      'Invalid parameter: Attributes Reason: Invalid attribute name: PlatformPrincipal');
    // CustomUserData holds at most 2,048 bytes of UTF-8, as a parameter or as the attribute.
    const tooLong = 'Invalid parameter: Attributes Reason: Invalid value for attribute: CustomUserData: must be at most 2048 bytes long in UTF-8 encoding';
    await rejects(sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'device-4', CustomUserData: 'é'.repeat(1025) })), 'InvalidParameter', tooLong);
    await rejects(sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'device-4', Attributes: { CustomUserData: 'x'.repeat(2049) } })), 'InvalidParameter', tooLong);
    const b = await sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'device-2', CustomUserData: 'é'.repeat(1024) }));
    await rejects(sns.send(new SetEndpointAttributesCommand({ EndpointArn: b.EndpointArn, Attributes: { CustomUserData: 'x'.repeat(2049) } })), 'InvalidParameter', tooLong);
    assert.deepEqual((await sns.send(new GetEndpointAttributesCommand({ EndpointArn: a.EndpointArn }))).Attributes, { Enabled: 'true', Token: 'device-1', CustomUserData: 'alice' });
    const listed = (await sns.send(new ListEndpointsByPlatformApplicationCommand({ PlatformApplicationArn }))).Endpoints!;
    assert.deepEqual(listed.map((e) => e.EndpointArn), [a.EndpointArn, b.EndpointArn]);

    // Publish to an endpoint: recorded with the platform's entry of a JSON message.
    const { MessageId } = await sns.send(new PublishCommand({ TargetArn: a.EndpointArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'd', GCM: '{"notification":{"title":"hi"}}' }) }));
    const [push] = await recorded(server.url, 'application', a.EndpointArn!, 1);
    assert.equal(push.messageId, MessageId);
    assert.equal(push.payload.platform, 'GCM');
    assert.equal(push.payload.message, '{"notification":{"title":"hi"}}');
    // A subscription of the endpoint to a topic is recorded too.
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name: t().name('push') }))).TopicArn!;
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'application', Endpoint: b.EndpointArn }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'to all devices' }));
    const [fanned] = await recorded(server.url, 'application', b.EndpointArn!, 1);
    assert.equal(fanned.payload.message, 'to all devices');

    await sns.send(new SetEndpointAttributesCommand({ EndpointArn: a.EndpointArn, Attributes: { Enabled: 'false' } }));
    await rejects(sns.send(new PublishCommand({ TargetArn: a.EndpointArn, Message: 'x' })), 'EndpointDisabled', 'Endpoint is disabled');
    await sns.send(new DeleteEndpointCommand({ EndpointArn: a.EndpointArn }));
    await sns.send(new DeleteEndpointCommand({ EndpointArn: a.EndpointArn })); // idempotent
    await rejects(sns.send(new GetEndpointAttributesCommand({ EndpointArn: a.EndpointArn })), 'NotFound', 'Endpoint does not exist');
    await rejects(sns.send(new PublishCommand({ TargetArn: a.EndpointArn, Message: 'x' })), 'InvalidParameter',
      'Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified');
    // Subscribing a deleted endpoint: AWS's words, with "arn" and the ARN run together as AWS writes them.
    await rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'application', Endpoint: a.EndpointArn })), 'InvalidParameter',
      `Invalid parameter: Endpoint Reason: Endpoint does not exist for endpoint arn${a.EndpointArn}`);
    await sns.send(new DeletePlatformApplicationCommand({ PlatformApplicationArn }));
    await rejects(sns.send(new GetPlatformApplicationAttributesCommand({ PlatformApplicationArn })), 'NotFound', 'PlatformApplication does not exist');
    await rejects(sns.send(new GetEndpointAttributesCommand({ EndpointArn: b.EndpointArn })), 'NotFound', 'Endpoint does not exist');
  });

  it('SMS: attributes, opt-out checks, direct publish recorded, the sandbox flow with its one-time password', async () => {
    const { sns, server } = t();
    await sns.send(new SetSMSAttributesCommand({ attributes: { DefaultSMSType: 'Transactional', DefaultSenderID: 'SHOP' } }));
    assert.deepEqual((await sns.send(new GetSMSAttributesCommand({ attributes: ['DefaultSMSType'] }))).attributes, { DefaultSMSType: 'Transactional' });
    assert.deepEqual((await sns.send(new GetSMSAttributesCommand({}))).attributes, { DefaultSMSType: 'Transactional', DefaultSenderID: 'SHOP' });
    await rejects(sns.send(new SetSMSAttributesCommand({ attributes: { DefaultSMSType: 'Loud' } })), 'InvalidParameter', 'DefaultSMSType is invalid');
    await rejects(sns.send(new SetSMSAttributesCommand({ attributes: { InvalidAttribute: 'x' } })), 'InvalidParameter', 'InvalidAttribute is not a valid attribute');

    const phone = '+15555550199';
    assert.equal((await sns.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: phone }))).isOptedOut, false);
    await rejects(sns.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: 'call me' })), 'InvalidParameter');
    assert.deepEqual((await sns.send(new ListPhoneNumbersOptedOutCommand({}))).phoneNumbers ?? [], []);
    await sns.send(new OptInPhoneNumberCommand({ phoneNumber: phone }));
    await rejects(sns.send(new OptInPhoneNumberCommand({ phoneNumber: 'invalid' })), 'InvalidParameter', 'Invalid parameter: PhoneNumber Reason: input incorrectly formatted');

    const { MessageId } = await sns.send(new PublishCommand({ PhoneNumber: phone, Message: 'your code is 1234' }));
    const [text] = await recorded(server.url, 'sms', phone, 1);
    assert.equal(text.messageId, MessageId);
    assert.equal(text.payload.message, 'your code is 1234');
    await rejects(sns.send(new PublishCommand({ PhoneNumber: '+1a234', Message: 'x' })), 'InvalidParameter', 'Invalid parameter: PhoneNumber Reason: +1a234 is not valid to publish to');

    assert.equal((await sns.send(new GetSMSSandboxAccountStatusCommand({}))).IsInSandbox, false);
    assert.deepEqual((await sns.send(new ListOriginationNumbersCommand({}))).PhoneNumbers, []);
    const sandbox = '+15555550111';
    await sns.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: sandbox, LanguageCode: 'en-US' }));
    assert.deepEqual((await sns.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers, [{ PhoneNumber: sandbox, Status: 'Pending' }]);
    const [otpText] = await recorded(server.url, 'sms', sandbox, 1);
    await rejects(sns.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: sandbox, OneTimePassword: '000000x' })), 'VerificationException');
    await sns.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: sandbox, OneTimePassword: otpText.payload.oneTimePassword }));
    assert.deepEqual((await sns.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers, [{ PhoneNumber: sandbox, Status: 'Verified' }]);
    await sns.send(new DeleteSMSSandboxPhoneNumberCommand({ PhoneNumber: sandbox }));
    await rejects(sns.send(new DeleteSMSSandboxPhoneNumberCommand({ PhoneNumber: sandbox })), 'ResourceNotFound');
  });

  it('MaxResults outside its range is a validation error, not a listing', async () => {
    const { sns } = t();
    const e = async (p: Promise<unknown>, message: string) => {
      const x = await p.then(() => assert.fail('expected an error'), snsError);
      assert.deepEqual([x.code, x.status, x.message], ['ValidationError', 400, message]);
    };
    const at = (v: number, c: string) => `1 validation error detected: Value '${v}' at 'maxResults' failed to satisfy constraint: Member must have value ${c}`;
    await e(sns.send(new ListSMSSandboxPhoneNumbersCommand({ MaxResults: 0 })), at(0, 'greater than or equal to 1'));
    await e(sns.send(new ListSMSSandboxPhoneNumbersCommand({ MaxResults: -1 })), at(-1, 'greater than or equal to 1'));
    await e(sns.send(new ListSMSSandboxPhoneNumbersCommand({ MaxResults: 101 })), at(101, 'less than or equal to 100'));
    await e(sns.send(new ListOriginationNumbersCommand({ MaxResults: 31 })), at(31, 'less than or equal to 30'));
    await sns.send(new ListSMSSandboxPhoneNumbersCommand({ MaxResults: 1 }));
    await sns.send(new ListOriginationNumbersCommand({ MaxResults: 30 }));
  });
});
