/**
 * Amazon SNS (API 2010-03-31) input and output structures as data, in the JS v3 client's schema
 * order (required members first where the schema lists them so). `model.ts` assembles them into
 * operations; `model.test.ts` cross-checks every structure against `@aws-sdk/client-sns`.
 *
 * Query wire names: SNS lists and maps are NOT flattened, so `Tags` travels as
 * `Tags.member.1.Key=…`, `Attributes` as `Attributes.entry.1.key=…&Attributes.entry.1.value=…`
 * (lower-case key/value, the defaults) and `MessageAttributes` as
 * `MessageAttributes.entry.1.Name=…&MessageAttributes.entry.1.Value.DataType=…` (the map's own
 * Name/Value names). No member has an `xmlName`.
 *
 * Constraints are the documented ones (`dist-types/models/models_0.d.ts`, AWS-WIRE §7); the SNS
 * domain checks them itself with AWS's wording, they are recorded here as documentation.
 */
import type { BlobShape, BooleanShape, ListShape, MapShape, NumberShape, Shape, StringShape } from '../shared/shapes.js';
import { opt, req, structure } from '../shared/shapes.js';

/** `LanguageCodeString` (CreateSMSSandboxPhoneNumber), values as in `dist-es/models/enums.js`. */
export const LANGUAGE_CODES = ['de-DE', 'en-GB', 'en-US', 'es-419', 'es-ES', 'fr-CA', 'fr-FR', 'it-IT', 'ja-JP', 'kr-KR', 'pt-BR', 'zh-CN', 'zh-TW'] as const;

const string: StringShape = { type: 'string' };
const boolean: BooleanShape = { type: 'boolean' };
const blob: BlobShape = { type: 'blob' };
const timestamp: Shape = { type: 'timestamp' };
/** A phone number (the schema marks it sensitive: never logged). E.164, up to 15 digits after `+`. */
const phoneNumber: StringShape = { type: 'string', max: 20 };
const languageCode: StringShape = { type: 'string', enum: LANGUAGE_CODES };
/** ListOriginationNumbers 1–30, ListSMSSandboxPhoneNumbers 1–100. */
const maxResults30: NumberShape = { type: 'integer', min: 1, max: 30 };
const maxResults100: NumberShape = { type: 'integer', min: 1, max: 100 };

const stringList: ListShape = { type: 'list', member: string };
/** Attributes maps (topic, subscription, endpoint, platform application, SMS): `entry.N.key/value`. */
const stringMap: MapShape = { type: 'map', key: string, value: string };


// ---------------------------------------------------------------------------------------------
// Shared structures

/** Tag keys 1–128 characters, values 0–256; at most 50 tags per topic. */
const tag = structure('Tag', { Key: req({ type: 'string', min: 1, max: 128 }), Value: req({ type: 'string', max: 256 }) });
const tagList: ListShape = { type: 'list', member: tag };

/** `DataType` String, String.Array, Number or Binary (each optionally `.label`); one value field. */
const messageAttributeValue = structure('MessageAttributeValue', {
  DataType: req(string),
  StringValue: opt(string),
  BinaryValue: opt(blob),
});
/** `MessageAttributes.entry.N.Name` / `.Value.DataType` …; at most 10 reach a raw SQS delivery. */
const messageAttributeMap: MapShape = { type: 'map', key: string, value: messageAttributeValue, keyName: 'Name', valueName: 'Value' };

const batchResultErrorEntry = structure('BatchResultErrorEntry', {
  Id: req(string),
  Code: req(string),
  SenderFault: req(boolean),
  Message: opt(string),
});
const endpoint = structure('Endpoint', { EndpointArn: opt(string), Attributes: opt(stringMap) });
const phoneNumberInformation = structure('PhoneNumberInformation', {
  CreatedAt: opt(timestamp),
  PhoneNumber: opt(phoneNumber),
  Status: opt(string),
  Iso2CountryCode: opt(string),
  /** Transactional | Promotional | Premium (RouteType). */
  RouteType: opt(string),
  /** SMS | MMS | VOICE (NumberCapability). */
  NumberCapabilities: opt(stringList),
});
const platformApplication = structure('PlatformApplication', { PlatformApplicationArn: opt(string), Attributes: opt(stringMap) });
const smsSandboxPhoneNumber = structure('SMSSandboxPhoneNumber', { PhoneNumber: opt(phoneNumber), Status: opt(string) });
const subscription = structure('Subscription', {
  SubscriptionArn: opt(string),
  Owner: opt(string),
  Protocol: opt(string),
  Endpoint: opt(string),
  TopicArn: opt(string),
});
const topic = structure('Topic', { TopicArn: opt(string) });
/** Batch entry `Id`: up to 80 characters of alphanumerics, `-` and `_`, unique within the request. */
const publishBatchRequestEntry = structure('PublishBatchRequestEntry', {
  Id: req({ type: 'string', max: 80 }),
  Message: req(string),
  Subject: opt(string),
  MessageStructure: opt(string),
  MessageAttributes: opt(messageAttributeMap),
  MessageDeduplicationId: opt(string),
  MessageGroupId: opt(string),
});
const publishBatchResultEntry = structure('PublishBatchResultEntry', { Id: opt(string), MessageId: opt(string), SequenceNumber: opt(string) });

const subscriptionsList: ListShape = { type: 'list', member: subscription };

// ---------------------------------------------------------------------------------------------
// Operation inputs and outputs (alphabetical by operation)

export const shapes = {
  addPermissionInput: structure('AddPermissionInput', {
    TopicArn: req(string),
    /** The statement id (`Sid`) in the topic policy; unique within it. */
    Label: req(string),
    AWSAccountId: req(stringList),
    ActionName: req(stringList),
  }),
  checkIfPhoneNumberIsOptedOutInput: structure('CheckIfPhoneNumberIsOptedOutInput', { phoneNumber: req(phoneNumber) }),
  checkIfPhoneNumberIsOptedOutResponse: structure('CheckIfPhoneNumberIsOptedOutResponse', { isOptedOut: opt(boolean) }),
  confirmSubscriptionInput: structure('ConfirmSubscriptionInput', {
    TopicArn: req(string),
    Token: req(string),
    AuthenticateOnUnsubscribe: opt(string),
  }),
  confirmSubscriptionResponse: structure('ConfirmSubscriptionResponse', { SubscriptionArn: opt(string) }),
  createPlatformApplicationInput: structure('CreatePlatformApplicationInput', {
    Name: req(string),
    Platform: req(string),
    Attributes: req(stringMap),
  }),
  createPlatformApplicationResponse: structure('CreatePlatformApplicationResponse', { PlatformApplicationArn: opt(string) }),
  createPlatformEndpointInput: structure('CreatePlatformEndpointInput', {
    PlatformApplicationArn: req(string),
    Token: req(string),
    CustomUserData: opt(string),
    Attributes: opt(stringMap),
  }),
  createEndpointResponse: structure('CreateEndpointResponse', { EndpointArn: opt(string) }),
  createSMSSandboxPhoneNumberInput: structure('CreateSMSSandboxPhoneNumberInput', {
    PhoneNumber: req(phoneNumber),
    LanguageCode: opt(languageCode),
  }),
  createSMSSandboxPhoneNumberResult: structure('CreateSMSSandboxPhoneNumberResult', {}),
  createTopicInput: structure('CreateTopicInput', {
    /** 1–256 characters of `[A-Za-z0-9_-]`; a FIFO topic's name ends in `.fifo`. */
    Name: req(string),
    Attributes: opt(stringMap),
    Tags: opt(tagList),
    DataProtectionPolicy: opt(string),
  }),
  createTopicResponse: structure('CreateTopicResponse', { TopicArn: opt(string) }),
  deleteEndpointInput: structure('DeleteEndpointInput', { EndpointArn: req(string) }),
  deletePlatformApplicationInput: structure('DeletePlatformApplicationInput', { PlatformApplicationArn: req(string) }),
  deleteSMSSandboxPhoneNumberInput: structure('DeleteSMSSandboxPhoneNumberInput', { PhoneNumber: req(phoneNumber) }),
  deleteSMSSandboxPhoneNumberResult: structure('DeleteSMSSandboxPhoneNumberResult', {}),
  deleteTopicInput: structure('DeleteTopicInput', { TopicArn: req(string) }),
  getDataProtectionPolicyInput: structure('GetDataProtectionPolicyInput', { ResourceArn: req(string) }),
  getDataProtectionPolicyResponse: structure('GetDataProtectionPolicyResponse', { DataProtectionPolicy: opt(string) }),
  getEndpointAttributesInput: structure('GetEndpointAttributesInput', { EndpointArn: req(string) }),
  getEndpointAttributesResponse: structure('GetEndpointAttributesResponse', { Attributes: opt(stringMap) }),
  getPlatformApplicationAttributesInput: structure('GetPlatformApplicationAttributesInput', { PlatformApplicationArn: req(string) }),
  getPlatformApplicationAttributesResponse: structure('GetPlatformApplicationAttributesResponse', { Attributes: opt(stringMap) }),
  getSMSAttributesInput: structure('GetSMSAttributesInput', { attributes: opt(stringList) }),
  getSMSAttributesResponse: structure('GetSMSAttributesResponse', { attributes: opt(stringMap) }),
  getSMSSandboxAccountStatusInput: structure('GetSMSSandboxAccountStatusInput', {}),
  getSMSSandboxAccountStatusResult: structure('GetSMSSandboxAccountStatusResult', { IsInSandbox: req(boolean) }),
  getSubscriptionAttributesInput: structure('GetSubscriptionAttributesInput', { SubscriptionArn: req(string) }),
  getSubscriptionAttributesResponse: structure('GetSubscriptionAttributesResponse', { Attributes: opt(stringMap) }),
  getTopicAttributesInput: structure('GetTopicAttributesInput', { TopicArn: req(string) }),
  getTopicAttributesResponse: structure('GetTopicAttributesResponse', { Attributes: opt(stringMap) }),
  listEndpointsByPlatformApplicationInput: structure('ListEndpointsByPlatformApplicationInput', {
    PlatformApplicationArn: req(string),
    NextToken: opt(string),
  }),
  listEndpointsByPlatformApplicationResponse: structure('ListEndpointsByPlatformApplicationResponse', {
    Endpoints: opt({ type: 'list', member: endpoint }),
    NextToken: opt(string),
  }),
  listOriginationNumbersRequest: structure('ListOriginationNumbersRequest', { NextToken: opt(string), MaxResults: opt(maxResults30) }),
  listOriginationNumbersResult: structure('ListOriginationNumbersResult', {
    NextToken: opt(string),
    PhoneNumbers: opt({ type: 'list', member: phoneNumberInformation }),
  }),
  listPhoneNumbersOptedOutInput: structure('ListPhoneNumbersOptedOutInput', { nextToken: opt(string) }),
  listPhoneNumbersOptedOutResponse: structure('ListPhoneNumbersOptedOutResponse', {
    phoneNumbers: opt({ type: 'list', member: phoneNumber }),
    nextToken: opt(string),
  }),
  listPlatformApplicationsInput: structure('ListPlatformApplicationsInput', { NextToken: opt(string) }),
  listPlatformApplicationsResponse: structure('ListPlatformApplicationsResponse', {
    PlatformApplications: opt({ type: 'list', member: platformApplication }),
    NextToken: opt(string),
  }),
  listSMSSandboxPhoneNumbersInput: structure('ListSMSSandboxPhoneNumbersInput', { NextToken: opt(string), MaxResults: opt(maxResults100) }),
  listSMSSandboxPhoneNumbersResult: structure('ListSMSSandboxPhoneNumbersResult', {
    PhoneNumbers: req({ type: 'list', member: smsSandboxPhoneNumber }),
    NextToken: opt(string),
  }),
  listSubscriptionsInput: structure('ListSubscriptionsInput', { NextToken: opt(string) }),
  listSubscriptionsResponse: structure('ListSubscriptionsResponse', { Subscriptions: opt(subscriptionsList), NextToken: opt(string) }),
  listSubscriptionsByTopicInput: structure('ListSubscriptionsByTopicInput', { TopicArn: req(string), NextToken: opt(string) }),
  listSubscriptionsByTopicResponse: structure('ListSubscriptionsByTopicResponse', {
    Subscriptions: opt(subscriptionsList),
    NextToken: opt(string),
  }),
  listTagsForResourceRequest: structure('ListTagsForResourceRequest', { ResourceArn: req(string) }),
  listTagsForResourceResponse: structure('ListTagsForResourceResponse', { Tags: opt(tagList) }),
  listTopicsInput: structure('ListTopicsInput', { NextToken: opt(string) }),
  listTopicsResponse: structure('ListTopicsResponse', { Topics: opt({ type: 'list', member: topic }), NextToken: opt(string) }),
  optInPhoneNumberInput: structure('OptInPhoneNumberInput', { phoneNumber: req(phoneNumber) }),
  optInPhoneNumberResponse: structure('OptInPhoneNumberResponse', {}),
  publishInput: structure('PublishInput', {
    /** At most the topic's MaximumMessageSize (default 256 KiB) in UTF-8 bytes, attributes included. */
    Message: req(string),
    TopicArn: opt(string),
    TargetArn: opt(string),
    PhoneNumber: opt(phoneNumber),
    /** Under 100 characters, printable ASCII and no line breaks; never empty. */
    Subject: opt({ type: 'string', max: 99 }),
    /** Only `json` is valid. */
    MessageStructure: opt(string),
    MessageAttributes: opt(messageAttributeMap),
    /** FIFO: 1–128 characters of alphanumerics and punctuation. */
    MessageDeduplicationId: opt({ type: 'string', max: 128 }),
    MessageGroupId: opt({ type: 'string', max: 128 }),
  }),
  publishResponse: structure('PublishResponse', { MessageId: opt(string), SequenceNumber: opt(string) }),
  publishBatchInput: structure('PublishBatchInput', {
    TopicArn: req(string),
    /** 1–10 entries. */
    PublishBatchRequestEntries: req({ type: 'list', member: publishBatchRequestEntry }),
  }),
  publishBatchResponse: structure('PublishBatchResponse', {
    Successful: opt({ type: 'list', member: publishBatchResultEntry }),
    Failed: opt({ type: 'list', member: batchResultErrorEntry }),
  }),
  putDataProtectionPolicyInput: structure('PutDataProtectionPolicyInput', { ResourceArn: req(string), DataProtectionPolicy: req(string) }),
  removePermissionInput: structure('RemovePermissionInput', { TopicArn: req(string), Label: req(string) }),
  setEndpointAttributesInput: structure('SetEndpointAttributesInput', { EndpointArn: req(string), Attributes: req(stringMap) }),
  setPlatformApplicationAttributesInput: structure('SetPlatformApplicationAttributesInput', {
    PlatformApplicationArn: req(string),
    Attributes: req(stringMap),
  }),
  setSMSAttributesInput: structure('SetSMSAttributesInput', { attributes: req(stringMap) }),
  setSMSAttributesResponse: structure('SetSMSAttributesResponse', {}),
  setSubscriptionAttributesInput: structure('SetSubscriptionAttributesInput', {
    SubscriptionArn: req(string),
    AttributeName: req(string),
    AttributeValue: opt(string),
  }),
  setTopicAttributesInput: structure('SetTopicAttributesInput', {
    TopicArn: req(string),
    AttributeName: req(string),
    AttributeValue: opt(string),
  }),
  subscribeInput: structure('SubscribeInput', {
    TopicArn: req(string),
    Protocol: req(string),
    Endpoint: opt(string),
    Attributes: opt(stringMap),
    ReturnSubscriptionArn: opt(boolean),
  }),
  subscribeResponse: structure('SubscribeResponse', { SubscriptionArn: opt(string) }),
  tagResourceRequest: structure('TagResourceRequest', { ResourceArn: req(string), Tags: req(tagList) }),
  tagResourceResponse: structure('TagResourceResponse', {}),
  unsubscribeInput: structure('UnsubscribeInput', { SubscriptionArn: req(string) }),
  untagResourceRequest: structure('UntagResourceRequest', { ResourceArn: req(string), TagKeys: req(stringList) }),
  untagResourceResponse: structure('UntagResourceResponse', {}),
  verifySMSSandboxPhoneNumberInput: structure('VerifySMSSandboxPhoneNumberInput', {
    PhoneNumber: req(phoneNumber),
    /** 5–8 characters. */
    OneTimePassword: req({ type: 'string', min: 5, max: 8 }),
  }),
  verifySMSSandboxPhoneNumberResult: structure('VerifySMSSandboxPhoneNumberResult', {}),
} as const;
