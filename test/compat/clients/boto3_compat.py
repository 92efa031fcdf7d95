"""The compat scenario with boto3. Prints one JSON line per check, then one naming the client.

Usage: python3 boto3_compat.py <endpoint> <scenario.json> <name prefix>
Debian's boto3 1.26 / botocore 1.29 speaks SQS over the query protocol; botocore >= 1.31.81 speaks
AWS JSON 1.0 and names errors from the x-amzn-query-error header. botocore verifies no SQS digest
itself, so this program checks both the body and the attribute digests.
"""
import base64
import hashlib
import json
import struct
import sys
import time

import boto3
import botocore
import botocore.config

endpoint, scenario_file, prefix = sys.argv[1:4]
sc = json.load(open(scenario_file, encoding="utf-8"))
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
          config=botocore.config.Config(retries={"max_attempts": 1}))
failed = set()
wire = {}
token = {}  # per service: where requests signed with temporary credentials put the session token


def report(name, ok, detail):
    if not ok:
        failed.add(name)
    print(json.dumps({"check": name, "ok": ok, "detail": detail}), flush=True)


def check(name, needs, step):
    for n in needs:
        if n in failed:
            return report(name, False, "not run: %s failed" % n)
    try:
        report(name, True, step() or "")
    except Exception as e:  # every failure is a result to print, not a crash
        report(name, False, "%s: %s" % (type(e).__name__, e))


def check_got(name, needs, step):
    """A check the test judges (test/compat/sts.ts): step returns what the SDK gave back, printed as got."""
    for n in needs:
        if n in failed:
            return report(name, False, "not run: %s failed" % n)
    try:
        got = step()
    except Exception as e:
        return report(name, False, "%s: %s" % (type(e).__name__, e))
    print(json.dumps({"check": name, "ok": True, "detail": "", "got": got}), flush=True)


def token_in(request):
    """Where a signed request carries its session token: header, query string (presigned) or body (SigV2)."""
    if "X-Amz-Security-Token" in request.headers:
        return "header"
    if "X-Amz-Security-Token=" in request.url:
        return "query string"
    body = request.body.decode() if isinstance(request.body, bytes) else (request.body or "")
    return "body" if isinstance(body, str) and "SecurityToken=" in body else None


def client(service, session=None):
    """A client signing with the access key, or with `session` (temporary credentials)."""
    if session is None:
        c = boto3.client(service, **kw)
    else:
        c = boto3.client(service, **dict(kw, aws_access_key_id=session["AccessKeyId"], aws_secret_access_key=session["SecretAccessKey"],
                                         aws_session_token=session["SessionToken"]))

    def saw(request, **_):
        ct = request.headers.get("Content-Type") or ""
        wire.setdefault(service, ct.decode() if isinstance(ct, bytes) else ct)
        if session is not None and token_in(request):
            token.setdefault(service, token_in(request))

    c.meta.events.register("before-send.%s.*" % service, saw)
    return c


def md5_of_attributes(attrs):
    """MD5OfMessageAttributes as the Java SDK verifies it: names sorted; name, type and value each
    length-prefixed (4 bytes big-endian), a transport byte (1 string/number, 2 binary) before the value."""
    h = hashlib.md5()
    for name in sorted(attrs):
        a = attrs[name]
        for part in (name.encode(), a["DataType"].encode()):
            h.update(struct.pack(">I", len(part)) + part)
        if a["DataType"].startswith("Binary"):
            value, transport = base64.b64decode(a["BinaryValue"]), b"\x02"
        else:
            value, transport = a["StringValue"].encode(), b"\x01"
        h.update(transport + struct.pack(">I", len(value)) + value)
    return h.hexdigest()


def poll(fn):
    for _ in range(50):
        v = fn()
        if v is not None:
            return v
        time.sleep(0.1)
    raise TimeoutError("gave up waiting")


def name(suffix):
    return "%s-%s" % (prefix, suffix)


sqs = client("sqs")
attributes = {n: ({"DataType": a["DataType"], "BinaryValue": base64.b64decode(a["BinaryValue"])} if "BinaryValue" in a else a) for n, a in sc["attributes"].items()}
s = {}


def create_queue():
    s["url"] = sqs.create_queue(QueueName=name("q"))["QueueUrl"]
    return s["url"]


def send():
    out = sqs.send_message(QueueUrl=s["url"], MessageBody=sc["body"], MessageAttributes=attributes)
    s["sent"] = out
    return out["MessageId"]


def receive():
    msgs = sqs.receive_message(QueueUrl=s["url"], MessageAttributeNames=["All"], AttributeNames=["All"], WaitTimeSeconds=1).get("Messages", [])
    if len(msgs) != 1:
        raise AssertionError("received %d messages" % len(msgs))
    m = s["received"] = msgs[0]
    if m["Body"] != sc["body"]:
        raise AssertionError("body %r" % m["Body"])
    for n, a in attributes.items():
        if m["MessageAttributes"].get(n) != a:
            raise AssertionError("attribute %s came back as %r" % (n, m["MessageAttributes"].get(n)))
    return "body and 4 attributes intact"


def digests():
    body = hashlib.md5(sc["body"].encode()).hexdigest()
    want = md5_of_attributes(sc["attributes"])
    got = {"send body": s["sent"]["MD5OfMessageBody"], "receive body": s["received"]["MD5OfBody"],
           "send attributes": s["sent"]["MD5OfMessageAttributes"], "receive attributes": s["received"]["MD5OfMessageAttributes"]}
    for what, digest in got.items():
        if digest != (body if what.endswith("body") else want):
            raise AssertionError("%s digest %s is wrong" % (what, digest))
    return "body and attributes: checked here (botocore checks neither)"


def batch():
    entries = [{"Id": "m%d" % i, "MessageBody": b} for i, b in enumerate(sc["batch"])]
    sent = sqs.send_message_batch(QueueUrl=s["url"], Entries=entries)
    if len(sent.get("Successful", [])) != len(entries):
        raise AssertionError("sent %r" % sent.get("Failed"))
    handles = []

    def more():
        handles.extend(m["ReceiptHandle"] for m in sqs.receive_message(QueueUrl=s["url"], MaxNumberOfMessages=10).get("Messages", []))
        return True if len(handles) >= len(entries) else None

    poll(more)
    deleted = sqs.delete_message_batch(QueueUrl=s["url"], Entries=[{"Id": "d%d" % i, "ReceiptHandle": h} for i, h in enumerate(handles)])
    if len(deleted.get("Successful", [])) != len(handles):
        raise AssertionError("deleted %r" % deleted)
    return "%d sent, received and deleted" % len(entries)


def fifo():
    url = sqs.create_queue(QueueName=name("f.fifo"), Attributes={"FifoQueue": "true"})["QueueUrl"]
    for i, b in enumerate(sc["fifo"]):
        sqs.send_message(QueueUrl=url, MessageBody=b, MessageGroupId="g", MessageDeduplicationId="d%d" % i)
    msgs = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"]).get("Messages", [])
    if [m["Body"] for m in msgs] != sc["fifo"]:
        raise AssertionError("received %r in that order" % [m["Body"] for m in msgs])
    if not all(m["Attributes"].get("MessageGroupId") == "g" and m["Attributes"].get("SequenceNumber") for m in msgs):
        raise AssertionError("FIFO attributes missing")
    return "in order, with SequenceNumber"


def error():
    try:
        sqs.get_queue_url(QueueName=name("missing"))
    except sqs.exceptions.QueueDoesNotExist as e:  # the modelled exception class code matches on
        code = e.response["Error"]["Code"]
        if code not in ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"):
            raise AssertionError("code %s" % code)
        return code
    raise AssertionError("no error")


check("sqs.create-queue", [], create_queue)
check("sqs.send-attributes", ["sqs.create-queue"], send)
check("sqs.receive", ["sqs.send-attributes"], receive)
check("sqs.md5", ["sqs.receive"], digests)
check("sqs.delete", ["sqs.receive"], lambda: sqs.delete_message(QueueUrl=s["url"], ReceiptHandle=s["received"]["ReceiptHandle"]) and "")
check("sqs.batch", ["sqs.create-queue"], batch)
check("sqs.fifo", [], fifo)
check("sqs.error", [], error)

sns = client("sns")


def create_topic():
    s["topic"] = sns.create_topic(Name=name("t"))["TopicArn"]
    return s["topic"]


def subscribe():
    s["sub"] = sqs.create_queue(QueueName=name("sub"))["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=s["sub"], AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return sns.subscribe(TopicArn=s["topic"], Protocol="sqs", Endpoint=arn, ReturnSubscriptionArn=True)["SubscriptionArn"]


def envelope():
    sns.publish(TopicArn=s["topic"], Message=sc["notification"], MessageAttributes={"kind": {"DataType": "String", "StringValue": "compat"}})
    body = poll(lambda: next((m["Body"] for m in sqs.receive_message(QueueUrl=s["sub"]).get("Messages", [])), None))
    env = json.loads(body)
    if env["Type"] != "Notification" or env["TopicArn"] != s["topic"] or env["Message"] != sc["notification"]:
        raise AssertionError("unexpected envelope %s" % body)
    for field in ("MessageId", "Timestamp", "Signature", "SigningCertURL", "UnsubscribeURL"):
        if not env.get(field):
            raise AssertionError("envelope lacks %s: %s" % (field, body))
    if env.get("MessageAttributes", {}).get("kind") != {"Type": "String", "Value": "compat"}:
        raise AssertionError("envelope attribute kind: %s" % body)
    return "Type Notification, SignatureVersion %s" % env["SignatureVersion"]


def sns_error():
    try:
        sns.get_topic_attributes(TopicArn=s["topic"] + "-missing")
    except sns.exceptions.NotFoundException as e:
        code = e.response["Error"]["Code"]
        if code not in ("NotFound", "NotFoundException"):
            raise AssertionError("code %s" % code)
        return code
    raise AssertionError("no error")


check("sns.create-topic", [], create_topic)
check("sns.subscribe", ["sns.create-topic"], subscribe)
check("sns.envelope", ["sns.subscribe"], envelope)
check("sns.error", ["sns.create-topic"], sns_error)

kinesis = client("kinesis")
stream = name("s")


def create_stream():
    kinesis.create_stream(StreamName=stream, ShardCount=1)
    poll(lambda: True if kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE" else None)
    return "ACTIVE"


def put_records():
    out = kinesis.put_records(StreamName=stream, Records=[{"Data": base64.b64decode(r), "PartitionKey": "pk"} for r in sc["records"]])
    if out["FailedRecordCount"]:
        raise AssertionError("%d records failed" % out["FailedRecordCount"])
    return out["Records"][0]["SequenceNumber"]


def get_records():
    shard = kinesis.list_shards(StreamName=stream)["Shards"][0]["ShardId"]
    it = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    data = [r["Data"] for r in kinesis.get_records(ShardIterator=it)["Records"]]
    if data != [base64.b64decode(r) for r in sc["records"]]:
        raise AssertionError("records %r" % data)
    return "data intact"


check("kinesis.create-stream", [], create_stream)
check("kinesis.put-records", ["kinesis.create-stream"], put_records)
def kinesis_error():
    try:
        kinesis.describe_stream_summary(StreamName=name("missing"))
    except kinesis.exceptions.ResourceNotFoundException as e:
        return e.response["Error"]["Code"]
    raise AssertionError("no error")


check("kinesis.get-records", ["kinesis.put-records"], get_records)
check("kinesis.error", [], kinesis_error)

# STS: who the access key is, a role of another account, and what its temporary credentials act as
# (judged in ../sts.ts).
sts = client("sts")
session = {}


def caller(c):
    out = c.get_caller_identity()
    return {"Account": out["Account"], "Arn": out["Arn"]}


def assume_role():
    out = sts.assume_role(RoleArn=sc["sts"]["roleArn"], RoleSessionName=prefix)
    session.update(out["Credentials"])
    return {"AccessKeyId": session["AccessKeyId"], "SecretAccessKey": bool(session["SecretAccessKey"]), "SessionToken": bool(session["SessionToken"]),
            "AssumedRoleArn": out["AssumedRoleUser"]["Arn"]}


def session_sqs():
    sqs_role = client("sqs", session)
    queue = name("role-q")
    url = sqs_role.create_queue(QueueName=queue)["QueueUrl"]
    return {"QueueUrl": url, "ListedBySession": sqs_role.list_queues(QueueNamePrefix=queue).get("QueueUrls", []),
            "ListedByKey": sqs.list_queues(QueueNamePrefix=queue).get("QueueUrls", [])}


check_got("sts.caller-identity", [], lambda: caller(sts))
check_got("sts.assume-role", [], assume_role)
check_got("sts.session-identity", ["sts.assume-role"], lambda: caller(client("sts", session)))
check_got("sts.session-sqs", ["sts.assume-role"], session_sqs)
check_got("sts.session-sns", ["sts.assume-role"], lambda: {"TopicArn": client("sns", session).create_topic(Name=name("role-t"))["TopicArn"]})

print(json.dumps({"client": {"sdk": "boto3", "version": "%s (botocore %s)" % (boto3.__version__, botocore.__version__), "wire": wire, "transport": {},
                             "token": token}}))
