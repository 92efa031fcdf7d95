package main

import (
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awserr"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/request"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/kinesis"
	"github.com/aws/aws-sdk-go/service/sns"
	"github.com/aws/aws-sdk-go/service/sqs"
)

// runV1 is the scenario with aws-sdk-go v1. Its SQS client verifies MD5OfMessageBody on
// SendMessage, SendMessageBatch and ReceiveMessage (service/sqs/checksums.go), not the attributes.
func runV1(r *run) map[string]string {
	sess := session.Must(session.NewSession(&aws.Config{
		Region:      aws.String("us-east-1"),
		Endpoint:    aws.String(r.endpoint),
		Credentials: credentials.NewStaticCredentials("AKIDEXAMPLE", "secret", ""),
		MaxRetries:  aws.Int(0),
	}))
	sqsc, snsc, kin := sqs.New(sess), sns.New(sess), kinesis.New(sess)
	for service, h := range map[string]*request.Handlers{"sqs": &sqsc.Handlers, "sns": &snsc.Handlers, "kinesis": &kin.Handlers} {
		service := service
		h.Send.PushFront(func(req *request.Request) { r.sawContentType(service, req.HTTPRequest.Header.Get("Content-Type")) })
	}

	attrs := map[string]*sqs.MessageAttributeValue{}
	for n, a := range r.sc.Attributes {
		v := &sqs.MessageAttributeValue{DataType: aws.String(a.DataType)}
		if a.BinaryValue != "" {
			v.BinaryValue = unbase64(a.BinaryValue)
		} else {
			v.StringValue = aws.String(a.StringValue)
		}
		attrs[n] = v
	}
	var queueURL, sentDigest string
	var received *sqs.Message
	r.check("sqs.create-queue", nil, func() (string, error) {
		out, err := sqsc.CreateQueue(&sqs.CreateQueueInput{QueueName: aws.String(r.name("q"))})
		if err != nil {
			return "", err
		}
		queueURL = *out.QueueUrl
		return queueURL, nil
	})
	r.check("sqs.send-attributes", []string{"sqs.create-queue"}, func() (string, error) {
		out, err := sqsc.SendMessage(&sqs.SendMessageInput{QueueUrl: &queueURL, MessageBody: &r.sc.Body, MessageAttributes: attrs})
		if err != nil {
			return "", err
		}
		sentDigest = aws.StringValue(out.MD5OfMessageAttributes)
		return *out.MessageId, nil
	})
	r.check("sqs.receive", []string{"sqs.send-attributes"}, func() (string, error) {
		out, err := sqsc.ReceiveMessage(&sqs.ReceiveMessageInput{QueueUrl: &queueURL, MessageAttributeNames: aws.StringSlice([]string{"All"}), AttributeNames: aws.StringSlice([]string{"All"}), WaitTimeSeconds: aws.Int64(1)})
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
			got := received.MessageAttributes[n]
			if got == nil || *got.DataType != a.DataType || aws.StringValue(got.StringValue) != a.StringValue || (a.BinaryValue != "" && string(got.BinaryValue) != string(unbase64(a.BinaryValue))) {
				return "", fmt.Errorf("attribute %s came back as %v", n, got)
			}
		}
		return "body and 4 attributes intact", nil
	})
	r.check("sqs.md5", []string{"sqs.receive"}, func() (string, error) {
		return "body: checked by the SDK; attributes: checked here", r.expectDigests(sentDigest, aws.StringValue(received.MD5OfMessageAttributes))
	})
	r.check("sqs.delete", []string{"sqs.receive"}, func() (string, error) {
		_, err := sqsc.DeleteMessage(&sqs.DeleteMessageInput{QueueUrl: &queueURL, ReceiptHandle: received.ReceiptHandle})
		return "", err
	})
	r.check("sqs.batch", []string{"sqs.create-queue"}, func() (string, error) {
		var entries []*sqs.SendMessageBatchRequestEntry
		for i, b := range r.sc.Batch {
			entries = append(entries, &sqs.SendMessageBatchRequestEntry{Id: aws.String(fmt.Sprint("m", i)), MessageBody: aws.String(b)})
		}
		sent, err := sqsc.SendMessageBatch(&sqs.SendMessageBatchInput{QueueUrl: &queueURL, Entries: entries})
		if err != nil {
			return "", err
		}
		if len(sent.Successful) != len(entries) {
			return "", fmt.Errorf("sent %d of %d: %v", len(sent.Successful), len(entries), sent.Failed)
		}
		var handles []*sqs.DeleteMessageBatchRequestEntry
		err = poll(func() (bool, error) {
			out, err := sqsc.ReceiveMessage(&sqs.ReceiveMessageInput{QueueUrl: &queueURL, MaxNumberOfMessages: aws.Int64(10)})
			for _, m := range out.Messages {
				handles = append(handles, &sqs.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint("d", len(handles))), ReceiptHandle: m.ReceiptHandle})
			}
			return len(handles) >= len(entries), err
		})
		if err != nil {
			return "", err
		}
		deleted, err := sqsc.DeleteMessageBatch(&sqs.DeleteMessageBatchInput{QueueUrl: &queueURL, Entries: handles})
		if err != nil {
			return "", err
		}
		if len(deleted.Successful) != len(handles) {
			return "", fmt.Errorf("deleted %d of %d", len(deleted.Successful), len(handles))
		}
		return fmt.Sprint(len(entries), " sent, received and deleted"), nil
	})
	r.check("sqs.fifo", nil, func() (string, error) {
		q, err := sqsc.CreateQueue(&sqs.CreateQueueInput{QueueName: aws.String(r.name("f.fifo")), Attributes: map[string]*string{"FifoQueue": aws.String("true")}})
		if err != nil {
			return "", err
		}
		for i, b := range r.sc.Fifo {
			if _, err := sqsc.SendMessage(&sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String(b), MessageGroupId: aws.String("g"), MessageDeduplicationId: aws.String(fmt.Sprint("d", i))}); err != nil {
				return "", err
			}
		}
		out, err := sqsc.ReceiveMessage(&sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: aws.Int64(10), AttributeNames: aws.StringSlice([]string{"All"})})
		if err != nil {
			return "", err
		}
		var got []string
		for _, m := range out.Messages {
			got = append(got, *m.Body)
			if aws.StringValue(m.Attributes["MessageGroupId"]) != "g" || aws.StringValue(m.Attributes["SequenceNumber"]) == "" {
				return "", fmt.Errorf("FIFO attributes missing: %v", m.Attributes)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(r.sc.Fifo) {
			return "", fmt.Errorf("received %v, want %v in order", got, r.sc.Fifo)
		}
		return "in order, with SequenceNumber", nil
	})
	r.check("sqs.error", nil, func() (string, error) {
		_, err := sqsc.GetQueueUrl(&sqs.GetQueueUrlInput{QueueName: aws.String(r.name("missing"))})
		// v1 names SQS errors by the query code; its constant for it is ErrCodeQueueDoesNotExist.
		return expectCode(err, sqs.ErrCodeQueueDoesNotExist)
	})

	var topicArn, subQueueURL string
	r.check("sns.create-topic", nil, func() (string, error) {
		out, err := snsc.CreateTopic(&sns.CreateTopicInput{Name: aws.String(r.name("t"))})
		if err != nil {
			return "", err
		}
		topicArn = *out.TopicArn
		return topicArn, nil
	})
	r.check("sns.subscribe", []string{"sns.create-topic"}, func() (string, error) {
		q, err := sqsc.CreateQueue(&sqs.CreateQueueInput{QueueName: aws.String(r.name("sub"))})
		if err != nil {
			return "", err
		}
		subQueueURL = *q.QueueUrl
		a, err := sqsc.GetQueueAttributes(&sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl, AttributeNames: aws.StringSlice([]string{"QueueArn"})})
		if err != nil {
			return "", err
		}
		out, err := snsc.Subscribe(&sns.SubscribeInput{TopicArn: &topicArn, Protocol: aws.String("sqs"), Endpoint: a.Attributes["QueueArn"], ReturnSubscriptionArn: aws.Bool(true)})
		if err != nil {
			return "", err
		}
		return *out.SubscriptionArn, nil
	})
	r.check("sns.envelope", []string{"sns.subscribe"}, func() (string, error) {
		_, err := snsc.Publish(&sns.PublishInput{TopicArn: &topicArn, Message: &r.sc.Notification, MessageAttributes: map[string]*sns.MessageAttributeValue{"kind": {DataType: aws.String("String"), StringValue: aws.String("compat")}}})
		if err != nil {
			return "", err
		}
		var body string
		err = poll(func() (bool, error) {
			out, err := sqsc.ReceiveMessage(&sqs.ReceiveMessageInput{QueueUrl: &subQueueURL})
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
		_, err := snsc.GetTopicAttributes(&sns.GetTopicAttributesInput{TopicArn: aws.String(topicArn + "-missing")})
		return expectCode(err, sns.ErrCodeNotFoundException)
	})

	stream := r.name("s")
	r.check("kinesis.create-stream", nil, func() (string, error) {
		if _, err := kin.CreateStream(&kinesis.CreateStreamInput{StreamName: &stream, ShardCount: aws.Int64(1)}); err != nil {
			return "", err
		}
		return "ACTIVE", poll(func() (bool, error) {
			d, err := kin.DescribeStreamSummary(&kinesis.DescribeStreamSummaryInput{StreamName: &stream})
			return err == nil && *d.StreamDescriptionSummary.StreamStatus == "ACTIVE", err
		})
	})
	r.check("kinesis.put-records", []string{"kinesis.create-stream"}, func() (string, error) {
		var entries []*kinesis.PutRecordsRequestEntry
		for _, d := range r.sc.Records {
			entries = append(entries, &kinesis.PutRecordsRequestEntry{Data: unbase64(d), PartitionKey: aws.String("pk")})
		}
		out, err := kin.PutRecords(&kinesis.PutRecordsInput{StreamName: &stream, Records: entries})
		if err != nil {
			return "", err
		}
		if aws.Int64Value(out.FailedRecordCount) != 0 {
			return "", fmt.Errorf("%d records failed", *out.FailedRecordCount)
		}
		return *out.Records[0].SequenceNumber, nil
	})
	r.check("kinesis.get-records", []string{"kinesis.put-records"}, func() (string, error) {
		shards, err := kin.ListShards(&kinesis.ListShardsInput{StreamName: &stream})
		if err != nil {
			return "", err
		}
		it, err := kin.GetShardIterator(&kinesis.GetShardIteratorInput{StreamName: &stream, ShardId: shards.Shards[0].ShardId, ShardIteratorType: aws.String("TRIM_HORIZON")})
		if err != nil {
			return "", err
		}
		out, err := kin.GetRecords(&kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
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
		_, err := kin.DescribeStreamSummary(&kinesis.DescribeStreamSummaryInput{StreamName: aws.String(r.name("missing"))})
		return expectCode(err, kinesis.ErrCodeResourceNotFoundException)
	})
	stsV1(r, sess, sqsc)
	return map[string]string{"sdk": "aws-sdk-go (v1)", "version": aws.SDKVersion}
}

// expectCode checks that err is the AWS error v1 code matches on (awserr.Error's Code()).
func expectCode(err error, want string) (string, error) {
	var ae awserr.Error
	if !errors.As(err, &ae) {
		return "", fmt.Errorf("expected an AWS error, got %v", err)
	}
	if ae.Code() != want {
		return "", fmt.Errorf("code %q, want %q", ae.Code(), want)
	}
	return ae.Code(), nil
}
