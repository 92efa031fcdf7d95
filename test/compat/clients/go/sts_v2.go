package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// stsV2 is the STS part of the scenario with aws-sdk-go-v2 (judged in test/compat/sts.ts): who the
// access key is, a role of another account, and what its temporary credentials act as.
// `capture` records the STS wire protocol, as runV2 does for the other services.
func stsV2(r *run, cfg aws.Config, capture func(*middleware.Stack) error, sqsc *sqs.Client) {
	ctx := context.Background()
	stsc := sts.NewFromConfig(cfg, func(o *sts.Options) {
		o.EndpointResolver = sts.EndpointResolverFromURL(r.endpoint)
		o.APIOptions = append(o.APIOptions, capture)
	})
	// watchToken records where a session-signed request put the token: the deserialize step sees it signed.
	watchToken := func(service string) func(*middleware.Stack) error {
		return func(stack *middleware.Stack) error {
			return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("compatToken", func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
				if req, ok := in.Request.(*smithyhttp.Request); ok {
					r.sawToken(service, req.Request)
				}
				return next.HandleDeserialize(ctx, in)
			}), middleware.After)
		}
	}
	asRole := cfg // a copy: its Credentials become the session's
	r.checkGot("sts.caller-identity", nil, func() (map[string]interface{}, error) {
		out, err := stsc.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			return nil, err
		}
		return callerIdentity(out.Account, out.Arn), nil
	})
	r.checkGot("sts.assume-role", nil, func() (map[string]interface{}, error) {
		out, err := stsc.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(r.sc.Sts.RoleArn), RoleSessionName: aws.String(r.prefix)})
		if err != nil {
			return nil, err
		}
		c := out.Credentials
		asRole.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: deref(c.AccessKeyId), SecretAccessKey: deref(c.SecretAccessKey), SessionToken: deref(c.SessionToken)}, nil
		})
		return assumed(c.AccessKeyId, c.SecretAccessKey, c.SessionToken, out.AssumedRoleUser.Arn), nil
	})
	r.checkGot("sts.session-identity", []string{"sts.assume-role"}, func() (map[string]interface{}, error) {
		out, err := sts.NewFromConfig(asRole, func(o *sts.Options) {
			o.EndpointResolver = sts.EndpointResolverFromURL(r.endpoint)
			o.APIOptions = append(o.APIOptions, watchToken("sts"))
		}).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			return nil, err
		}
		return callerIdentity(out.Account, out.Arn), nil
	})
	r.checkGot("sts.session-sqs", []string{"sts.assume-role"}, func() (map[string]interface{}, error) {
		sqsRole := sqs.NewFromConfig(asRole, func(o *sqs.Options) {
			o.EndpointResolver = sqs.EndpointResolverFromURL(r.endpoint)
			o.APIOptions = append(o.APIOptions, watchToken("sqs"))
		})
		queue := aws.String(r.name("role-q"))
		created, err := sqsRole.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: queue})
		if err != nil {
			return nil, err
		}
		bySession, err := sqsRole.ListQueues(ctx, &sqs.ListQueuesInput{QueueNamePrefix: queue})
		if err != nil {
			return nil, err
		}
		byKey, err := sqsc.ListQueues(ctx, &sqs.ListQueuesInput{QueueNamePrefix: queue})
		if err != nil {
			return nil, err
		}
		return map[string]interface{}{"QueueUrl": deref(created.QueueUrl), "ListedBySession": nonNil(bySession.QueueUrls), "ListedByKey": nonNil(byKey.QueueUrls)}, nil
	})
	r.checkGot("sts.session-sns", []string{"sts.assume-role"}, func() (map[string]interface{}, error) {
		out, err := sns.NewFromConfig(asRole, func(o *sns.Options) {
			o.EndpointResolver = sns.EndpointResolverFromURL(r.endpoint)
			o.APIOptions = append(o.APIOptions, watchToken("sns"))
		}).CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(r.name("role-t"))})
		if err != nil {
			return nil, err
		}
		return map[string]interface{}{"TopicArn": deref(out.TopicArn)}, nil
	})
}

// nonNil makes a missing list an empty one (JSON [] rather than null).
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
