package main

import (
	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/request"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/sns"
	"github.com/aws/aws-sdk-go/service/sqs"
	"github.com/aws/aws-sdk-go/service/sts"
)

// stsV1 is the STS part of the scenario with aws-sdk-go v1 (judged in test/compat/sts.ts): who the
// access key is, a role of another account, and what its temporary credentials act as.
func stsV1(r *run, sess *session.Session, sqsc *sqs.SQS) {
	stsc := sts.New(sess)
	stsc.Handlers.Send.PushFront(func(req *request.Request) { r.sawContentType("sts", req.HTTPRequest.Header.Get("Content-Type")) })
	var asRole *session.Session
	r.checkGot("sts.caller-identity", nil, func() (map[string]interface{}, error) {
		out, err := stsc.GetCallerIdentity(&sts.GetCallerIdentityInput{})
		if err != nil {
			return nil, err
		}
		return callerIdentity(out.Account, out.Arn), nil
	})
	r.checkGot("sts.assume-role", nil, func() (map[string]interface{}, error) {
		out, err := stsc.AssumeRole(&sts.AssumeRoleInput{RoleArn: aws.String(r.sc.Sts.RoleArn), RoleSessionName: aws.String(r.prefix)})
		if err != nil {
			return nil, err
		}
		c := out.Credentials
		asRole = sess.Copy(&aws.Config{Credentials: credentials.NewStaticCredentials(deref(c.AccessKeyId), deref(c.SecretAccessKey), deref(c.SessionToken))})
		// Send runs after Sign: the request as it goes out.
		asRole.Handlers.Send.PushFront(func(req *request.Request) { r.sawToken(req.ClientInfo.ServiceName, req.HTTPRequest) })
		return assumed(c.AccessKeyId, c.SecretAccessKey, c.SessionToken, out.AssumedRoleUser.Arn), nil
	})
	r.checkGot("sts.session-identity", []string{"sts.assume-role"}, func() (map[string]interface{}, error) {
		out, err := sts.New(asRole).GetCallerIdentity(&sts.GetCallerIdentityInput{})
		if err != nil {
			return nil, err
		}
		return callerIdentity(out.Account, out.Arn), nil
	})
	r.checkGot("sts.session-sqs", []string{"sts.assume-role"}, func() (map[string]interface{}, error) {
		sqsRole, queue := sqs.New(asRole), aws.String(r.name("role-q"))
		created, err := sqsRole.CreateQueue(&sqs.CreateQueueInput{QueueName: queue})
		if err != nil {
			return nil, err
		}
		bySession, err := sqsRole.ListQueues(&sqs.ListQueuesInput{QueueNamePrefix: queue})
		if err != nil {
			return nil, err
		}
		byKey, err := sqsc.ListQueues(&sqs.ListQueuesInput{QueueNamePrefix: queue})
		if err != nil {
			return nil, err
		}
		return map[string]interface{}{"QueueUrl": deref(created.QueueUrl), "ListedBySession": aws.StringValueSlice(bySession.QueueUrls), "ListedByKey": aws.StringValueSlice(byKey.QueueUrls)}, nil
	})
	r.checkGot("sts.session-sns", []string{"sts.assume-role"}, func() (map[string]interface{}, error) {
		out, err := sns.New(asRole).CreateTopic(&sns.CreateTopicInput{Name: aws.String(r.name("role-t"))})
		if err != nil {
			return nil, err
		}
		return map[string]interface{}{"TopicArn": deref(out.TopicArn)}, nil
	})
}
