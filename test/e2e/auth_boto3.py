"""boto3 against a Switchyard that verifies signatures (--credentials). Prints one JSON object.

Usage: python3 auth_boto3.py <endpoint-url> <alice-key> <alice-secret> <bob-key> <bob-secret>
"""
import json
import sys
import urllib.error
import urllib.request

import boto3
import botocore
from botocore.exceptions import ClientError

endpoint, alice_key, alice_secret, bob_key, bob_secret = sys.argv[1:6]


def client(service, key, secret):
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret,
                        config=botocore.config.Config(retries={"max_attempts": 0}))


def error(call):
    try:
        call()
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"], "message": e.response["Error"]["Message"]}
    return None


def call(url, method):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)) as r:
            return {"status": r.status, "body": r.read().decode()}
    except urllib.error.HTTPError as e:
        return {"status": e.code, "body": e.read().decode()}


out = {"botocore": botocore.__version__}
alice_sqs = client("sqs", alice_key, alice_secret)
out["queue_url"] = alice_sqs.create_queue(QueueName="boto3-auth")["QueueUrl"]
out["bob_queues"] = client("sqs", bob_key, bob_secret).list_queues().get("QueueUrls", [])
out["sqs_wrong_secret"] = error(lambda: client("sqs", alice_key, "wrong").list_queues())
out["sqs_unknown_key"] = error(lambda: client("sqs", "AKIANOBODY0000000000", "x").list_queues())
out["sns_topic"] = client("sns", bob_key, bob_secret).create_topic(Name="boto3-auth")["TopicArn"]
out["sns_wrong_secret"] = error(lambda: client("sns", bob_key, "wrong").list_topics())
out["kinesis_streams"] = client("kinesis", alice_key, alice_secret).list_streams()["StreamNames"]
out["kinesis_wrong_secret"] = error(lambda: client("kinesis", alice_key, "wrong").list_streams())
out["kinesis_unknown_key"] = error(lambda: client("kinesis", "AKIANOBODY0000000000", "x").list_streams())
# botocore's query-string signing (SigV4QueryAuth) of a query-protocol call: it signs the
# operation's own method, POST (a GET of that URL fails on AWS too: the method is signed).
url = alice_sqs.generate_presigned_url("list_queues", Params={}, ExpiresIn=60)
out["presigned"] = call(url, "POST")
out["presigned_as_get"] = call(url, "GET")
out["presigned_tampered"] = call(url.replace("Action=ListQueues", "Action=ListQueues&QueueNamePrefix=x"), "POST")
print(json.dumps(out))
