"""boto3 against Switchyard: SQS, SNS and Kinesis basics. Prints one JSON object of results.

Usage: python3 boto3_smoke.py <endpoint-url>
Debian's boto3 1.26 / botocore 1.29 speaks the SQS *query* protocol; newer ones speak JSON.
"""
import json
import sys

import boto3
import botocore

endpoint = sys.argv[1]
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")
out = {"botocore": botocore.__version__}

sqs = boto3.client("sqs", **kw)
url = sqs.create_queue(QueueName="boto3-q", Attributes={"VisibilityTimeout": "5"})["QueueUrl"]
sent = sqs.send_message(
    QueueUrl=url,
    MessageBody="hello from boto3 \r\n \u00fc",
    MessageAttributes={"n": {"DataType": "Number", "StringValue": "7"}, "b": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xff"}},
)
got = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"], AttributeNames=["All"], WaitTimeSeconds=1)["Messages"][0]
out["sqs"] = {
    "md5_sent": sent["MD5OfMessageBody"],
    "md5_attrs_sent": sent["MD5OfMessageAttributes"],
    "body": got["Body"],
    "md5_attrs_received": got["MD5OfMessageAttributes"],
    "binary": list(got["MessageAttributes"]["b"]["BinaryValue"]),
    "receive_count": got["Attributes"]["ApproximateReceiveCount"],
}
sqs.delete_message(QueueUrl=url, ReceiptHandle=got["ReceiptHandle"])
try:
    sqs.get_queue_url(QueueName="no-such-queue")
except sqs.exceptions.QueueDoesNotExist as e:
    out["sqs"]["error"] = e.response["Error"]["Code"]

sns = boto3.client("sns", **kw)
topic = sns.create_topic(Name="boto3-topic")["TopicArn"]
qarn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=qarn, Attributes={"RawMessageDelivery": "true"})
sns.publish(TopicArn=topic, Message="fan-out", MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}})
delivered = []
for _ in range(20):
    r = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1, MessageAttributeNames=["All"])
    delivered += [m["Body"] for m in r.get("Messages", [])]
    if delivered:
        break
out["sns"] = {"topic": topic, "delivered": delivered}
try:
    sns.get_topic_attributes(TopicArn=topic + "-missing")
except sns.exceptions.NotFoundException as e:
    out["sns"]["error"] = e.response["Error"]["Code"]

kinesis = boto3.client("kinesis", **kw)
kinesis.create_stream(StreamName="boto3-stream", ShardCount=1)
kinesis.get_waiter("stream_exists").wait(StreamName="boto3-stream", WaiterConfig={"Delay": 1, "MaxAttempts": 20})
put = kinesis.put_record(StreamName="boto3-stream", Data=b"record-1", PartitionKey="pk")
shard = kinesis.list_shards(StreamName="boto3-stream")["Shards"][0]["ShardId"]
it = kinesis.get_shard_iterator(StreamName="boto3-stream", ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
records = kinesis.get_records(ShardIterator=it)["Records"]
out["kinesis"] = {"sequence": put["SequenceNumber"], "data": [r["Data"].decode() for r in records], "seqs": [r["SequenceNumber"] for r in records]}
print(json.dumps(out))
