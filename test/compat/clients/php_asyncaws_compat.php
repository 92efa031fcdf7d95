<?php
// The compat scenario with AsyncAws, the PHP SDK behind Symfony Messenger's SQS transport, as Debian
// packages it (php-async-aws-sqs, php-async-aws-sns, php-async-aws-core; class maps under
// /usr/share/php/AsyncAws/<Service>/autoload.php, found through PHP's include_path).
// Usage: php php_asyncaws_compat.php <endpoint> <scenario.json> <name prefix>
// Prints one JSON line per check, then one naming the client. Every client speaks the query protocol
// (form-encoded requests, XML answers parsed with SimpleXML). AsyncAws verifies no SQS digest, so
// this program checks the body and attribute digests itself. There is no Kinesis client in Debian
// (async-aws/kinesis is on Packagist only), so this program runs no Kinesis check; STS is core's
// own AsyncAws\Core\Sts\StsClient.
declare(strict_types=1);

require_once 'AsyncAws/Sqs/autoload.php';
require_once 'AsyncAws/Sns/autoload.php';

use AsyncAws\Core\Credentials\ConfigurationProvider;
use AsyncAws\Core\Exception\Http\ClientException;
use AsyncAws\Core\Sts\StsClient;
use AsyncAws\Sns\Exception\NotFoundException;
use AsyncAws\Sns\SnsClient;
use AsyncAws\Sqs\Exception\QueueDoesNotExistException;
use AsyncAws\Sqs\SqsClient;
use Symfony\Component\HttpClient\HttpClient;
use Symfony\Contracts\HttpClient\HttpClientInterface;
use Symfony\Contracts\HttpClient\ResponseInterface;
use Symfony\Contracts\HttpClient\ResponseStreamInterface;

[, $endpoint, $scenarioFile, $prefix] = $argv + [null, null, null, null];
if (!$endpoint || !$scenarioFile || !$prefix) {
    fwrite(STDERR, "usage: php php_asyncaws_compat.php <endpoint> <scenario.json> <name prefix>\n");
    exit(2);
}
$sc = json_decode(file_get_contents($scenarioFile), true, 512, JSON_THROW_ON_ERROR);
// The key the server checks signatures against (it runs with --credentials set to this file).
$key = json_decode(file_get_contents(dirname($scenarioFile) . '/credentials.json'), true, 512, JSON_THROW_ON_ERROR)['accessKeys'][0];

$failed = [];
$wire = [];
$token = [];

/**
 * The HTTP client every AsyncAws client here is given: Symfony's own, without the retrying wrapper
 * AsyncAws adds by default (a failure should show at once, as max_retries 0 does for the other SDKs).
 * It notes the Content-Type of the first request per service (the wire protocol), and where the first
 * request signed with a session put its token (SigV4: the x-amz-security-token header).
 */
final class WatchingHttpClient implements HttpClientInterface
{
    private HttpClientInterface $client;

    public function __construct(private string $service, ?HttpClientInterface $client = null)
    {
        $this->client = $client ?? HttpClient::create(['timeout' => 20]);
    }

    public function request(string $method, string $url, array $options = []): ResponseInterface
    {
        global $wire, $token;
        $headers = array_change_key_case($options['headers'] ?? [], CASE_LOWER);
        $one = static fn ($v) => is_array($v) ? (string) reset($v) : (string) $v;
        if (isset($headers['content-type'])) {
            $wire[$this->service] ??= $one($headers['content-type']);
        }
        $body = is_string($options['body'] ?? null) ? $options['body'] : '';
        $where = isset($headers['x-amz-security-token']) ? 'header'
            : (preg_match('/[?&]X-Amz-Security-Token=/i', $url) ? 'query string'
            : (preg_match('/(^|&)SecurityToken=/', $body) ? 'body' : null));
        if (null !== $where) {
            $token[$this->service] ??= $where;
        }

        return $this->client->request($method, $url, $options);
    }

    public function stream($responses, ?float $timeout = null): ResponseStreamInterface
    {
        return $this->client->stream($responses, $timeout);
    }

    public function withOptions(array $options): static
    {
        return new static($this->service, $this->client->withOptions($options));
    }
}

/** A check the SDK cannot express: neither passed nor failed. */
final class Unsupported extends Exception
{
}

function report(string $name, bool $ok, string $detail, ?array $got = null): void
{
    global $failed;
    if (!$ok) {
        $failed[$name] = true;
    }
    $line = ['check' => $name, 'ok' => $ok, 'detail' => $detail];
    if (null !== $got) {
        $line['got'] = $got;
    }
    echo json_encode($line, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE), "\n";
}

/** Runs one check; $got: its step returns what the SDK gave back, for the test to judge (../sts.ts). */
function check(string $name, array $needs, callable $step, bool $got = false): void
{
    global $failed;
    foreach ($needs as $n) {
        if (isset($failed[$n])) {
            report($name, false, "not run: $n failed");

            return;
        }
    }
    try {
        $out = $step();
        $got ? report($name, true, '', $out) : report($name, true, (string) ($out ?? ''));
    } catch (Unsupported $e) {
        echo json_encode(['check' => $name, 'ok' => false, 'unsupported' => true, 'detail' => $e->getMessage()]), "\n";
    } catch (Throwable $e) {
        report($name, false, get_class($e) . ': ' . $e->getMessage());
    }
}

/**
 * MD5OfMessageAttributes as the Java SDK verifies it: names sorted; name, type and value each
 * length-prefixed (4 bytes big-endian), a transport byte (1 string/number, 2 binary) before the value.
 */
function md5OfAttributes(array $attrs): string
{
    ksort($attrs, SORT_STRING);
    $bytes = '';
    $prefixed = static fn (string $b) => pack('N', strlen($b)) . $b;
    foreach ($attrs as $name => $a) {
        $bytes .= $prefixed((string) $name) . $prefixed($a['DataType']);
        $bytes .= str_starts_with($a['DataType'], 'Binary')
            ? "\x02" . $prefixed(base64_decode($a['BinaryValue'], true))
            : "\x01" . $prefixed($a['StringValue']);
    }

    return md5($bytes);
}

/** Retries $fn (about 5 s in all) until it returns something other than null. */
function poll(callable $fn)
{
    for ($i = 0; $i < 50; ++$i) {
        if (null !== $v = $fn()) {
            return $v;
        }
        usleep(100000);
    }
    throw new RuntimeException('gave up waiting');
}

/** The error a call fails with, or null; an AsyncAws result throws when it is resolved. */
function failure(callable $call): ?Throwable
{
    try {
        $call()->resolve();

        return null;
    } catch (Throwable $e) {
        return $e;
    }
}

/** "Class (AwsCode)", as the other rows name the error: what code matches on, then the query code. */
function errorName(Throwable $e): string
{
    $class = substr(strrchr('\\' . get_class($e), '\\'), 1);
    $code = $e instanceof ClientException ? $e->getAwsCode() : null;

    return $code && $code !== $class ? "$class ($code)" : $class;
}

/** The installed versions: Composer's, or else Debian's package versions (without the Debian revision). */
function version(): string
{
    $parts = [];
    foreach (['sqs', 'sns', 'core'] as $c) {
        $v = null;
        if (class_exists(Composer\InstalledVersions::class, false) && Composer\InstalledVersions::isInstalled("async-aws/$c")) {
            $v = Composer\InstalledVersions::getPrettyVersion("async-aws/$c");
        } else {
            $out = shell_exec('dpkg-query -W -f \'${Version}\' php-async-aws-' . $c . ' 2>/dev/null');
            $v = $out ? preg_replace('/-[^-]*$/', '', $out) : null;
        }
        $parts[] = "$c " . ($v ?? '?');
    }

    return implode(', ', $parts);
}

$config = static fn (array $creds = []) => [
    'endpoint' => $endpoint,
    'region' => 'us-east-1',
    'accessKeyId' => $creds['accessKeyId'] ?? $key['accessKeyId'],
    'accessKeySecret' => $creds['accessKeySecret'] ?? $key['secretAccessKey'],
    'sessionToken' => $creds['sessionToken'] ?? null,
    // Nothing from the environment or ~/.aws: only the configuration above.
    'sharedCredentialsFile' => '/dev/null',
    'sharedConfigFile' => '/dev/null',
];
// ConfigurationProvider: the keys of the configuration only, no other provider of the default chain.
$client = static fn (string $class, string $service, array $creds = []) => new $class($config($creds), new ConfigurationProvider(), new WatchingHttpClient($service));
$name = static fn (string $suffix) => "$prefix-$suffix";

$sqs = $client(SqsClient::class, 'sqs');
$attributes = [];
foreach ($sc['attributes'] as $n => $a) {
    $attributes[$n] = isset($a['BinaryValue'])
        ? ['DataType' => $a['DataType'], 'BinaryValue' => base64_decode($a['BinaryValue'], true)]
        : ['DataType' => $a['DataType'], 'StringValue' => $a['StringValue']];
}

$queueUrl = null;
$sent = null;
$received = null;
check('sqs.create-queue', [], function () use ($sqs, $name, &$queueUrl) {
    return $queueUrl = $sqs->createQueue(['QueueName' => $name('q')])->getQueueUrl();
});
check('sqs.send-attributes', ['sqs.create-queue'], function () use ($sqs, $sc, $attributes, &$queueUrl, &$sent) {
    $sent = $sqs->sendMessage(['QueueUrl' => $queueUrl, 'MessageBody' => $sc['body'], 'MessageAttributes' => $attributes]);

    return $sent->getMessageId();
});
check('sqs.receive', ['sqs.send-attributes'], function () use ($sqs, $sc, $attributes, &$queueUrl, &$received) {
    $messages = $sqs->receiveMessage(['QueueUrl' => $queueUrl, 'MessageAttributeNames' => ['All'], 'AttributeNames' => ['All'], 'WaitTimeSeconds' => 1])->getMessages();
    if (1 !== count($messages)) {
        throw new RuntimeException('received ' . count($messages) . ' messages');
    }
    $received = $messages[0];
    if ($received->getBody() !== $sc['body']) {
        throw new RuntimeException('body ' . json_encode($received->getBody()));
    }
    $got = $received->getMessageAttributes();
    foreach ($attributes as $n => $a) {
        $g = $got[$n] ?? null;
        $same = $g && $g->getDataType() === $a['DataType']
            && (isset($a['BinaryValue']) ? $g->getBinaryValue() === $a['BinaryValue'] : $g->getStringValue() === $a['StringValue']);
        if (!$same) {
            throw new RuntimeException("attribute $n came back as " . ($g ? json_encode([$g->getDataType(), $g->getStringValue(), base64_encode((string) $g->getBinaryValue())]) : 'nothing'));
        }
    }

    return 'body and 4 attributes intact';
});
check('sqs.md5', ['sqs.receive'], function () use ($sc, &$sent, &$received) {
    $body = md5($sc['body']);
    $attrs = md5OfAttributes($sc['attributes']);
    $got = [
        'SendMessage MD5OfMessageBody' => [$sent->getMd5OfMessageBody(), $body],
        'ReceiveMessage MD5OfBody' => [$received->getMd5OfBody(), $body],
        'SendMessage MD5OfMessageAttributes' => [$sent->getMd5OfMessageAttributes(), $attrs],
        'ReceiveMessage MD5OfMessageAttributes' => [$received->getMd5OfMessageAttributes(), $attrs],
    ];
    foreach ($got as $what => [$have, $want]) {
        if ($have !== $want) {
            throw new RuntimeException("$what $have, computed $want");
        }
    }

    return 'body and attributes: checked here (AsyncAws checks neither)';
});
check('sqs.delete', ['sqs.receive'], function () use ($sqs, &$queueUrl, &$received) {
    $sqs->deleteMessage(['QueueUrl' => $queueUrl, 'ReceiptHandle' => $received->getReceiptHandle()])->resolve();
});
check('sqs.batch', ['sqs.create-queue'], function () use ($sqs, $sc, &$queueUrl) {
    $entries = [];
    foreach ($sc['batch'] as $i => $b) {
        $entries[] = ['Id' => "m$i", 'MessageBody' => $b];
    }
    $out = $sqs->sendMessageBatch(['QueueUrl' => $queueUrl, 'Entries' => $entries]);
    if (count($out->getSuccessful()) !== count($sc['batch'])) {
        throw new RuntimeException('sent ' . count($out->getSuccessful()) . ', failed ' . count($out->getFailed()));
    }
    $handles = [];
    poll(function () use ($sqs, $sc, &$queueUrl, &$handles) {
        foreach ($sqs->receiveMessage(['QueueUrl' => $queueUrl, 'MaxNumberOfMessages' => 10])->getMessages() as $m) {
            $handles[] = $m->getReceiptHandle();
        }

        return count($handles) >= count($sc['batch']) ? true : null;
    });
    $deletes = [];
    foreach ($handles as $i => $h) {
        $deletes[] = ['Id' => "d$i", 'ReceiptHandle' => $h];
    }
    $deleted = $sqs->deleteMessageBatch(['QueueUrl' => $queueUrl, 'Entries' => $deletes]);
    if (count($deleted->getSuccessful()) !== count($handles)) {
        throw new RuntimeException('deleted ' . count($deleted->getSuccessful()) . ' of ' . count($handles));
    }

    return count($sc['batch']) . ' sent, received and deleted';
});
check('sqs.fifo', [], function () use ($sqs, $sc, $name) {
    $url = $sqs->createQueue(['QueueName' => $name('f.fifo'), 'Attributes' => ['FifoQueue' => 'true']])->getQueueUrl();
    foreach ($sc['fifo'] as $i => $b) {
        $sqs->sendMessage(['QueueUrl' => $url, 'MessageBody' => $b, 'MessageGroupId' => 'g', 'MessageDeduplicationId' => "d$i"])->resolve();
    }
    $messages = $sqs->receiveMessage(['QueueUrl' => $url, 'MaxNumberOfMessages' => 10, 'AttributeNames' => ['All']])->getMessages();
    $bodies = array_map(static fn ($m) => $m->getBody(), $messages);
    if ($bodies !== $sc['fifo']) {
        throw new RuntimeException('received ' . json_encode($bodies) . ' in that order');
    }
    foreach ($messages as $m) {
        $a = $m->getAttributes();
        if (($a['MessageGroupId'] ?? null) !== 'g' || empty($a['SequenceNumber'])) {
            throw new RuntimeException('FIFO attributes missing: ' . json_encode($a));
        }
    }

    return 'in order, with SequenceNumber';
});
check('sqs.error', [], function () use ($sqs, $name) {
    $e = failure(fn () => $sqs->getQueueUrl(['QueueName' => $name('missing')]));
    $code = $e instanceof ClientException ? $e->getAwsCode() : null;
    if (!$e instanceof QueueDoesNotExistException || !in_array($code, ['AWS.SimpleQueueService.NonExistentQueue', 'QueueDoesNotExist'], true)) {
        throw new RuntimeException('not a QueueDoesNotExistException: ' . ($e ? get_class($e) . " $code: " . $e->getMessage() : 'no error'));
    }

    return errorName($e);
});

$sns = $client(SnsClient::class, 'sns');
$topicArn = null;
$subQueueUrl = null;
check('sns.create-topic', [], function () use ($sns, $name, &$topicArn) {
    return $topicArn = $sns->createTopic(['Name' => $name('t')])->getTopicArn();
});
check('sns.subscribe', ['sns.create-topic'], function () use ($sqs, $sns, $name, &$topicArn, &$subQueueUrl) {
    $subQueueUrl = $sqs->createQueue(['QueueName' => $name('sub')])->getQueueUrl();
    $arn = $sqs->getQueueAttributes(['QueueUrl' => $subQueueUrl, 'AttributeNames' => ['QueueArn']])->getAttributes()['QueueArn'];

    return $sns->subscribe(['TopicArn' => $topicArn, 'Protocol' => 'sqs', 'Endpoint' => $arn, 'ReturnSubscriptionArn' => true])->getSubscriptionArn();
});
check('sns.envelope', ['sns.subscribe'], function () use ($sqs, $sns, $sc, &$topicArn, &$subQueueUrl) {
    $sns->publish(['TopicArn' => $topicArn, 'Message' => $sc['notification'], 'MessageAttributes' => ['kind' => ['DataType' => 'String', 'StringValue' => 'compat']]])->resolve();
    $body = poll(fn () => ($sqs->receiveMessage(['QueueUrl' => $subQueueUrl])->getMessages()[0] ?? null)?->getBody());
    $env = json_decode($body, true, 512, JSON_THROW_ON_ERROR);
    if (($env['Type'] ?? null) !== 'Notification' || ($env['TopicArn'] ?? null) !== $topicArn || ($env['Message'] ?? null) !== $sc['notification']) {
        throw new RuntimeException("unexpected envelope $body");
    }
    foreach (['MessageId', 'Timestamp', 'Signature', 'SigningCertURL', 'UnsubscribeURL'] as $f) {
        if (empty($env[$f])) {
            throw new RuntimeException("envelope lacks $f: $body");
        }
    }
    if (($env['MessageAttributes']['kind'] ?? null) !== ['Type' => 'String', 'Value' => 'compat']) {
        throw new RuntimeException("envelope attribute kind: $body");
    }

    return "Type Notification, SignatureVersion {$env['SignatureVersion']}";
});
// SnsClient 1.4.1 has no GetTopicAttributes (the operation the other rows use): Publish to the
// missing topic is the call that names the same error (NotFound) here.
check('sns.error', ['sns.create-topic'], function () use ($sns, &$topicArn) {
    $e = failure(fn () => $sns->publish(['TopicArn' => "$topicArn-missing", 'Message' => 'x']));
    $code = $e instanceof ClientException ? $e->getAwsCode() : null;
    if (!$e instanceof NotFoundException || !in_array($code, ['NotFound', 'NotFoundException'], true)) {
        throw new RuntimeException('not a NotFoundException: ' . ($e ? get_class($e) . " $code: " . $e->getMessage() : 'no error'));
    }

    return errorName($e) . ' from Publish';
});

// STS: who the access key is, a role of another account, and what its temporary credentials act as
// (judged in ../sts.ts), with core's StsClient on the same http endpoint.
$sts = $client(StsClient::class, 'sts');
check('sts.caller-identity', [], function () use ($sts) {
    $out = $sts->getCallerIdentity();

    return ['Account' => $out->getAccount(), 'Arn' => $out->getArn()];
}, true);
$asRole = null;
check('sts.assume-role', [], function () use ($sts, $sc, $prefix, &$asRole) {
    $out = $sts->assumeRole(['RoleArn' => $sc['sts']['roleArn'], 'RoleSessionName' => $prefix]);
    $c = $out->getCredentials();
    $asRole = ['accessKeyId' => $c->getAccessKeyId(), 'accessKeySecret' => $c->getSecretAccessKey(), 'sessionToken' => $c->getSessionToken()];

    return ['AccessKeyId' => $c->getAccessKeyId(), 'SecretAccessKey' => '' !== $c->getSecretAccessKey(), 'SessionToken' => '' !== $c->getSessionToken(),
        'AssumedRoleArn' => $out->getAssumedRoleUser()?->getArn()];
}, true);
check('sts.session-identity', ['sts.assume-role'], function () use ($client, &$asRole) {
    $out = $client(StsClient::class, 'sts', $asRole)->getCallerIdentity();

    return ['Account' => $out->getAccount(), 'Arn' => $out->getArn()];
}, true);
check('sts.session-sqs', ['sts.assume-role'], function () use ($client, $sqs, $name, &$asRole) {
    $sqsRole = $client(SqsClient::class, 'sqs', $asRole);
    $queue = $name('role-q');
    $url = $sqsRole->createQueue(['QueueName' => $queue])->getQueueUrl();

    return ['QueueUrl' => $url,
        'ListedBySession' => iterator_to_array($sqsRole->listQueues(['QueueNamePrefix' => $queue])->getQueueUrls(), false),
        'ListedByKey' => iterator_to_array($sqs->listQueues(['QueueNamePrefix' => $queue])->getQueueUrls(), false)];
}, true);
check('sts.session-sns', ['sts.assume-role'], function () use ($client, $name, &$asRole) {
    return ['TopicArn' => $client(SnsClient::class, 'sns', $asRole)->createTopic(['Name' => $name('role-t')])->getTopicArn()];
}, true);

echo json_encode(['client' => ['sdk' => 'AsyncAws (PHP)', 'version' => version(), 'wire' => (object) $wire, 'transport' => (object) [], 'token' => (object) $token]], JSON_UNESCAPED_SLASHES), "\n";
