package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kinesistypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// runV2 is the scenario with aws-sdk-go-v2. Its SQS client verifies MD5OfMessageBody on
// SendMessage, SendMessageBatch and ReceiveMessage (service/sqs/cust_checksum_validation.go).
func runV2(r *run) map[string]string {
	ctx := context.Background()
	cfg := aws.Config{
		Region:           "us-east-1",
		RetryMaxAttempts: 1,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"}, nil
		}),
	}
	// capture records the Content-Type each service's requests go out with.
	capture := func(service string) func(*middleware.Stack) error {
		return func(stack *middleware.Stack) error {
			return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("compatWire", func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
				if req, ok := in.Request.(*smithyhttp.Request); ok {
					r.sawContentType(service, req.Header.Get("Content-Type"))
					r.sawUserAgent(service, req.Header.Get("User-Agent"))
				}
				return next.HandleDeserialize(ctx, in)
			}), middleware.After)
		}
	}
	sqsc := sqs.NewFromConfig(cfg, func(o *sqs.Options) {
		o.EndpointResolver = sqs.EndpointResolverFromURL(r.endpoint)
		o.APIOptions = append(o.APIOptions, capture("sqs"))
	})
	snsc := sns.NewFromConfig(cfg, func(o *sns.Options) {
		o.EndpointResolver = sns.EndpointResolverFromURL(r.endpoint)
		o.APIOptions = append(o.APIOptions, capture("sns"))
	})
	kin := kinesis.NewFromConfig(cfg, func(o *kinesis.Options) {
		o.EndpointResolver = kinesis.EndpointResolverFromURL(r.endpoint)
		o.APIOptions = append(o.APIOptions, capture("kinesis"))
	})

	attrs := map[string]sqstypes.MessageAttributeValue{}
	for n, a := range r.sc.Attributes {
		v := sqstypes.MessageAttributeValue{DataType: aws.String(a.DataType)}
		if a.BinaryValue != "" {
			v.BinaryValue = unbase64(a.BinaryValue)
		} else {
			v.StringValue = aws.String(a.StringValue)
		}
		attrs[n] = v
	}
	all := []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll}
	var queueURL, sentDigest string
	var received sqstypes.Message
	r.check("sqs.create-queue", nil, func() (string, error) {
		out, err := sqsc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(r.name("q"))})
		if err != nil {
			return "", err
		}
		queueURL = *out.QueueUrl
		return queueURL, nil
	})
	r.check("sqs.send-attributes", []string{"sqs.create-queue"}, func() (string, error) {
		out, err := sqsc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &queueURL, MessageBody: &r.sc.Body, MessageAttributes: attrs})
		if err != nil {
			return "", err
		}
		sentDigest = aws.ToString(out.MD5OfMessageAttributes)
		return *out.MessageId, nil
	})
	r.check("sqs.receive", []string{"sqs.send-attributes"}, func() (string, error) {
		out, err := sqsc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &queueURL, MessageAttributeNames: []string{"All"}, AttributeNames: all, WaitTimeSeconds: 1})
		if err != nil {
			return "", err
		}
		if len(out.Messages) != 1 {
			return "", fmt.Errorf("received %d messages", len(out.Messages))
		}
		received = out.Messages[0]
		if *received.Body != r.sc.Body {
			return "", fmt.Errorf("body %q", *received.Body)
		}
		for n, a := range r.sc.Attributes {
			got, ok := received.MessageAttributes[n]
			if !ok || *got.DataType != a.DataType || aws.ToString(got.StringValue) != a.StringValue || (a.BinaryValue != "" && string(got.BinaryValue) != string(unbase64(a.BinaryValue))) {
				return "", fmt.Errorf("attribute %s came back as %+v", n, got)
			}
		}
		return "body and 4 attributes intact", nil
	})
	r.check("sqs.md5", []string{"sqs.receive"}, func() (string, error) {
		return "body: checked by the SDK; attributes: checked here", r.expectDigests(sentDigest, aws.ToString(received.MD5OfMessageAttributes))
	})
	r.check("sqs.delete", []string{"sqs.receive"}, func() (string, error) {
		_, err := sqsc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: &queueURL, ReceiptHandle: received.ReceiptHandle})
		return "", err
	})
	r.check("sqs.batch", []string{"sqs.create-queue"}, func() (string, error) {
		var entries []sqstypes.SendMessageBatchRequestEntry
		for i, b := range r.sc.Batch {
			entries = append(entries, sqstypes.SendMessageBatchRequestEntry{Id: aws.String(fmt.Sprint("m", i)), MessageBody: aws.String(b)})
		}
		sent, err := sqsc.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: &queueURL, Entries: entries})
		if err != nil {
			return "", err
		}
		if len(sent.Successful) != len(entries) {
			return "", fmt.Errorf("sent %d of %d: %+v", len(sent.Successful), len(entries), sent.Failed)
		}
		var handles []sqstypes.DeleteMessageBatchRequestEntry
		err = poll(func() (bool, error) {
			out, err := sqsc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &queueURL, MaxNumberOfMessages: 10})
			if err != nil {
				return false, err
			}
			for _, m := range out.Messages {
				handles = append(handles, sqstypes.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint("d", len(handles))), ReceiptHandle: m.ReceiptHandle})
			}
			return len(handles) >= len(entries), nil
		})
		if err != nil {
			return "", err
		}
		deleted, err := sqsc.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: &queueURL, Entries: handles})
		if err != nil {
			return "", err
		}
		if len(deleted.Successful) != len(handles) {
			return "", fmt.Errorf("deleted %d of %d", len(deleted.Successful), len(handles))
		}
		return fmt.Sprint(len(entries), " sent, received and deleted"), nil
	})
	r.check("sqs.fifo", nil, func() (string, error) {
		q, err := sqsc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(r.name("f.fifo")), Attributes: map[string]string{"FifoQueue": "true"}})
		if err != nil {
			return "", err
		}
		for i, b := range r.sc.Fifo {
			if _, err := sqsc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String(b), MessageGroupId: aws.String("g"), MessageDeduplicationId: aws.String(fmt.Sprint("d", i))}); err != nil {
				return "", err
			}
		}
		out, err := sqsc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10, AttributeNames: all})
		if err != nil {
			return "", err
		}
		var got []string
		for _, m := range out.Messages {
			got = append(got, *m.Body)
			if m.Attributes["MessageGroupId"] != "g" || m.Attributes["SequenceNumber"] == "" {
				return "", fmt.Errorf("FIFO attributes missing: %v", m.Attributes)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(r.sc.Fifo) {
			return "", fmt.Errorf("received %v, want %v in order", got, r.sc.Fifo)
		}
		return "in order, with SequenceNumber", nil
	})
	r.check("sqs.error", nil, func() (string, error) {
		_, err := sqsc.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(r.name("missing"))})
		// The typed error is what Go code matches on; its ErrorCode() is the query code.
		var typed *sqstypes.QueueDoesNotExist
		return expectTyped(err, &typed, "*types.QueueDoesNotExist")
	})

	var topicArn, subQueueURL string
	r.check("sns.create-topic", nil, func() (string, error) {
		out, err := snsc.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(r.name("t"))})
		if err != nil {
			return "", err
		}
		topicArn = *out.TopicArn
		return topicArn, nil
	})
	r.check("sns.subscribe", []string{"sns.create-topic"}, func() (string, error) {
		q, err := sqsc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(r.name("sub"))})
		if err != nil {
			return "", err
		}
		subQueueURL = *q.QueueUrl
		a, err := sqsc.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
		if err != nil {
			return "", err
		}
		out, err := snsc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: &topicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(a.Attributes["QueueArn"]), ReturnSubscriptionArn: true})
		if err != nil {
			return "", err
		}
		return *out.SubscriptionArn, nil
	})
	r.check("sns.envelope", []string{"sns.subscribe"}, func() (string, error) {
		_, err := snsc.Publish(ctx, &sns.PublishInput{TopicArn: &topicArn, Message: &r.sc.Notification, MessageAttributes: map[string]snstypes.MessageAttributeValue{"kind": {DataType: aws.String("String"), StringValue: aws.String("compat")}}})
		if err != nil {
			return "", err
		}
		var body string
		err = poll(func() (bool, error) {
			out, err := sqsc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &subQueueURL})
			if err == nil && len(out.Messages) > 0 {
				body = *out.Messages[0].Body
			}
			return body != "", err
		})
		if err != nil {
			return "", err
		}
		return r.envelope(body, topicArn)
	})
	r.check("sns.error", []string{"sns.create-topic"}, func() (string, error) {
		_, err := snsc.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(topicArn + "-missing")})
		var typed *snstypes.NotFoundException
		return expectTyped(err, &typed, "*types.NotFoundException")
	})

	stream := r.name("s")
	r.check("kinesis.create-stream", nil, func() (string, error) {
		if _, err := kin.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: &stream, ShardCount: aws.Int32(1)}); err != nil {
			return "", err
		}
		return "ACTIVE", poll(func() (bool, error) {
			d, err := kin.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: &stream})
			return err == nil && d.StreamDescriptionSummary.StreamStatus == kinesistypes.StreamStatusActive, err
		})
	})
	r.check("kinesis.put-records", []string{"kinesis.create-stream"}, func() (string, error) {
		var entries []kinesistypes.PutRecordsRequestEntry
		for _, d := range r.sc.Records {
			entries = append(entries, kinesistypes.PutRecordsRequestEntry{Data: unbase64(d), PartitionKey: aws.String("pk")})
		}
		out, err := kin.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: &stream, Records: entries})
		if err != nil {
			return "", err
		}
		if aws.ToInt32(out.FailedRecordCount) != 0 {
			return "", fmt.Errorf("%d records failed", *out.FailedRecordCount)
		}
		return *out.Records[0].SequenceNumber, nil
	})
	r.check("kinesis.get-records", []string{"kinesis.put-records"}, func() (string, error) {
		shards, err := kin.ListShards(ctx, &kinesis.ListShardsInput{StreamName: &stream})
		if err != nil {
			return "", err
		}
		it, err := kin.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: &stream, ShardId: shards.Shards[0].ShardId, ShardIteratorType: kinesistypes.ShardIteratorTypeTrimHorizon})
		if err != nil {
			return "", err
		}
		out, err := kin.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
		if err != nil {
			return "", err
		}
		var data [][]byte
		for _, rec := range out.Records {
			data = append(data, rec.Data)
		}
		return "data intact", sameBytes(data, r.sc.Records)
	})
	r.check("kinesis.error", nil, func() (string, error) {
		_, err := kin.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(r.name("missing"))})
		var typed *kinesistypes.ResourceNotFoundException
		return expectTyped(err, &typed, "*types.ResourceNotFoundException")
	})
	stsV2(r, cfg, capture("sts"), sqsc)
	// Each service is a module of its own, with its own version: the User-Agent names it (api/sqs/1.19.12 here, api/sqs#… in later releases).
	return map[string]string{"sdk": "aws-sdk-go-v2", "version": fmt.Sprintf("%s (%s)", aws.SDKVersion, r.serviceModules())}
}

// expectTyped checks that err is the modelled error type (what v2 code matches on with errors.As)
// and returns its ErrorCode().
func expectTyped[T smithy.APIError](err error, typed *T, typeName string) (string, error) {
	if errors.As(err, typed) {
		return (*typed).ErrorCode(), nil
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		return "", fmt.Errorf("not a %s: code %q", typeName, api.ErrorCode())
	}
	return "", fmt.Errorf("expected %s, got %v", typeName, err)
}
