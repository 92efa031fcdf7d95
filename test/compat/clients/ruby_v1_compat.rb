# The compat scenario with the AWS SDK for Ruby v1 (Debian's ruby-aws-sdk 1.67: the one Ruby SDK
# Debian packages with SQS, SNS and Kinesis clients; ruby-aws-sdk-core has none of them).
# Usage: ruby ruby_v1_compat.rb <endpoint> <scenario.json> <name prefix>
# Prints one JSON line per check, then one naming the client. The SDK verifies MD5OfMessageBody in
# its Queue resource (send_message, batch_send, receive_message), not in the Client, so SQS goes
# through AWS::SQS::Queue; the attribute digest is checked here.
require 'aws-sdk-v1'
require 'base64'
require 'digest'
require 'json'
require 'uri'

endpoint, scenario_file, prefix = ARGV
sc = JSON.parse(File.read(scenario_file, encoding: 'utf-8'))
uri = URI(endpoint)
AWS.config(access_key_id: 'AKIDEXAMPLE', secret_access_key: 'secret', region: 'us-east-1', use_ssl: false, max_retries: 0,
           sqs_endpoint: uri.host, sqs_port: uri.port, sns_endpoint: uri.host, sns_port: uri.port,
           kinesis_endpoint: uri.host, kinesis_port: uri.port)

$failed = {}
$wire = {}
$token = {}

# Notes the Content-Type of the first request to each service (the wire protocol in use), and
# where the first one signed with a session put its token (SigV4: the x-amz-security-token header).
module WatchWire
  def handle(request, response, &block)
    $wire[request.service_ruby_name] ||= request.headers['content-type']
    where = if request.headers['x-amz-security-token'] then 'header'
            elsif request.querystring.to_s.include?('X-Amz-Security-Token=') then 'query string'
            elsif request.body.to_s.include?('SecurityToken=') then 'body'
            end
    $token[request.service_ruby_name] ||= where if where
    super
  end
end
AWS::Core::Http::NetHttpHandler.prepend(WatchWire)

def report(name, ok, detail)
  $failed[name] = true unless ok
  puts JSON.generate({ check: name, ok: ok, detail: detail })
  $stdout.flush
end

# A check the SDK cannot express (an API newer than the SDK): neither passed nor failed.
class Unsupported < StandardError; end

def unsupported(why) = raise(Unsupported, why)

def check(name, needs = [])
  missing = needs.find { |n| $failed[n] }
  return report(name, false, "not run: #{missing} failed") if missing
  report(name, true, yield.to_s)
rescue Unsupported => e
  puts JSON.generate({ check: name, ok: false, unsupported: true, detail: e.message })
rescue StandardError => e
  report(name, false, "#{e.class}: #{e.message}")
end

# A check the test judges (test/compat/sts.ts): the block returns what the SDK gave back, printed as got.
def check_got(name, needs = [])
  missing = needs.find { |n| $failed[n] }
  return report(name, false, "not run: #{missing} failed") if missing
  puts JSON.generate({ check: name, ok: true, detail: '', got: yield })
rescue Unsupported => e
  puts JSON.generate({ check: name, ok: false, unsupported: true, detail: e.message })
rescue StandardError => e
  report(name, false, "#{e.class}: #{e.message}")
end

# MD5OfMessageAttributes as the Java SDK verifies it: names sorted; name, type and value each
# length-prefixed (4 bytes big-endian), a transport byte (1 string/number, 2 binary) before the value.
def md5_of_attributes(attrs)
  md5 = Digest::MD5.new
  prefixed = ->(bytes) { md5 << [bytes.bytesize].pack('N') << bytes }
  attrs.keys.sort.each do |name|
    a = attrs[name]
    prefixed.call(name.b)
    prefixed.call(a['DataType'].b)
    if a['DataType'].start_with?('Binary')
      md5 << "\x02".b
      prefixed.call(Base64.decode64(a['BinaryValue']))
    else
      md5 << "\x01".b
      prefixed.call(a['StringValue'].b)
    end
  end
  md5.hexdigest
end

def poll
  50.times do
    v = yield
    return v if v
    sleep 0.1
  end
  raise 'gave up waiting'
end

def name(prefix, suffix) = "#{prefix}-#{suffix}"

sqs = AWS::SQS.new
# The Queue resource keeps no attribute digest: remember the client's last raw answers.
module RememberAnswers
  attr_reader :last_send, :last_receive
  def send_message(*args) = (@last_send = super)
  def receive_message(*args) = (@last_receive = super)
end
sqs.client.singleton_class.prepend(RememberAnswers)

attributes = sc['attributes'].to_h do |n, a|
  [n, a['BinaryValue'] ? { data_type: a['DataType'], binary_value: Base64.decode64(a['BinaryValue']) } : { data_type: a['DataType'], string_value: a['StringValue'] }]
end
queue = nil
received = nil
check('sqs.create-queue') { (queue = sqs.queues.create(name(prefix, 'q'))).url }
check('sqs.send-attributes', ['sqs.create-queue']) { queue.send_message(sc['body'], message_attributes: attributes).message_id }
check('sqs.receive', ['sqs.send-attributes']) do
  received = queue.receive_message(message_attribute_names: ['All'], attribute_names: ['All'], wait_time_seconds: 1)
  raise 'no message' unless received
  raise "body #{received.body.inspect}" unless received.body == sc['body']
  attributes.each do |n, a|
    got = received.message_attributes[n] || {}
    same = got[:data_type] == a[:data_type] && (a[:binary_value] ? got[:binary_value].b == a[:binary_value].b : got[:string_value] == a[:string_value])
    raise "attribute #{n} came back as #{got.inspect}" unless same
  end
  'body and 4 attributes intact'
end
check('sqs.md5', ['sqs.receive']) do
  want = md5_of_attributes(sc['attributes'])
  sent = sqs.client.last_send[:md5_of_message_attributes]
  got = sqs.client.last_receive[:messages][0][:md5_of_message_attributes]
  raise "SendMessage MD5OfMessageAttributes #{sent}, computed #{want}" unless sent == want
  raise "ReceiveMessage MD5OfMessageAttributes #{got}, computed #{want}" unless got == want
  'body: checked by the SDK; attributes: checked here'
end
check('sqs.delete', ['sqs.receive']) { received.delete && '' }
check('sqs.batch', ['sqs.create-queue']) do
  queue.batch_send(*sc['batch'])
  handles = []
  poll do
    handles.concat(Array(queue.receive_message(limit: 10)))
    handles.size >= sc['batch'].size
  end
  queue.batch_delete(*handles)
  "#{sc['batch'].size} sent, received and deleted"
end
check('sqs.fifo') do
  fifo = sqs.queues.create(name(prefix, 'f.fifo'), fifo_queue: 'true')
  begin
    sc['fifo'].each_with_index { |b, i| fifo.send_message(b, message_group_id: 'g', message_deduplication_id: "d#{i}") }
  rescue ArgumentError => e
    # 1.67 (2015) predates FIFO queues (2016): its model has no MessageGroupId to send.
    raise unless e.message.include?('unexpected option message_group_id')
    unsupported("the SDK predates FIFO queues: #{e.message}")
  end
  msgs = Array(fifo.receive_message(limit: 10, attribute_names: ['All']))
  raise "received #{msgs.map(&:body).inspect} in that order" unless msgs.map(&:body) == sc['fifo']
  raise 'FIFO attributes missing' unless msgs.all? { |m| m.attributes['MessageGroupId'] == 'g' && m.attributes['SequenceNumber'] }
  'in order, with SequenceNumber'
end
check('sqs.error') do
  begin
    sqs.client.get_queue_url(queue_name: name(prefix, 'missing'))
    raise 'no error'
  rescue AWS::SQS::Errors::NonExistentQueue => e # v1 makes an error class of the query code
    e.code
  end
end

sns = AWS::SNS::Client.new
topic = nil
sub_queue = nil
check('sns.create-topic') { topic = sns.create_topic(name: name(prefix, 't'))[:topic_arn] }
check('sns.subscribe', ['sns.create-topic']) do
  sub_queue = sqs.queues.create(name(prefix, 'sub'))
  sns.subscribe(topic_arn: topic, protocol: 'sqs', endpoint: sub_queue.arn)[:subscription_arn]
end
check('sns.envelope', ['sns.subscribe']) do
  sns.publish(topic_arn: topic, message: sc['notification'], message_attributes: { 'kind' => { data_type: 'String', string_value: 'compat' } })
  body = poll { sub_queue.receive_message&.body }
  env = JSON.parse(body)
  raise "unexpected envelope #{body}" unless env['Type'] == 'Notification' && env['TopicArn'] == topic && env['Message'] == sc['notification']
  %w[MessageId Timestamp Signature SigningCertURL UnsubscribeURL].each { |f| raise "envelope lacks #{f}: #{body}" if env[f].to_s.empty? }
  raise "envelope attribute kind: #{body}" unless env.dig('MessageAttributes', 'kind') == { 'Type' => 'String', 'Value' => 'compat' }
  "Type Notification, SignatureVersion #{env['SignatureVersion']}"
end
check('sns.error', ['sns.create-topic']) do
  sns.get_topic_attributes(topic_arn: "#{topic}-missing")
  raise 'no error'
rescue AWS::SNS::Errors::NotFound => e
  e.code
end

kinesis = AWS::Kinesis::Client.new
stream = name(prefix, 's')
check('kinesis.create-stream') do
  kinesis.create_stream(stream_name: stream, shard_count: 1)
  poll { kinesis.describe_stream(stream_name: stream)[:stream_description][:stream_status] == 'ACTIVE' }
  'ACTIVE'
end
check('kinesis.put-records', ['kinesis.create-stream']) do
  out = kinesis.put_records(stream_name: stream, records: sc['records'].map { |r| { data: Base64.decode64(r), partition_key: 'pk' } })
  raise "#{out[:failed_record_count]} records failed" unless out[:failed_record_count].zero?
  out[:records][0][:sequence_number]
end
check('kinesis.get-records', ['kinesis.put-records']) do
  shard = kinesis.describe_stream(stream_name: stream)[:stream_description][:shards][0][:shard_id]
  it = kinesis.get_shard_iterator(stream_name: stream, shard_id: shard, shard_iterator_type: 'TRIM_HORIZON')[:shard_iterator]
  data = kinesis.get_records(shard_iterator: it)[:records].map { |r| r[:data].b }
  raise "records #{data.inspect}" unless data == sc['records'].map { |r| Base64.decode64(r) }
  'data intact'
end
check('kinesis.error') do
  kinesis.describe_stream(stream_name: name(prefix, 'missing'))
  raise 'no error'
rescue AWS::Kinesis::Errors::ResourceNotFoundException => e
  e.code
end

# STS: who the access key is, a role of another account, and what its temporary credentials act as
# (judged in ../sts.ts). AWS::STS::Client refuses use_ssl: false ("requires ssl"), so STS goes to the
# server's https port (the same port, a self-signed certificate: COMPAT_CA_FILE); SQS and SNS stay on http.
sts = AWS::STS.new(use_ssl: true, sts_endpoint: uri.host, sts_port: uri.port, ssl_ca_file: ENV.fetch('COMPAT_CA_FILE'))
no_caller_identity = 'the SDK predates GetCallerIdentity (2016): AWS::STS::Client has no get_caller_identity'
check_got('sts.caller-identity') do
  unsupported(no_caller_identity) unless sts.client.respond_to?(:get_caller_identity)
  sts.client.get_caller_identity.data.then { |c| { Account: c[:account], Arn: c[:arn] } }
end
as_role = nil
check_got('sts.assume-role') do
  out = sts.assume_role(role_arn: sc['sts']['roleArn'], role_session_name: prefix)
  c = out[:credentials]
  as_role = { access_key_id: c[:access_key_id], secret_access_key: c[:secret_access_key], session_token: c[:session_token] }
  { AccessKeyId: c[:access_key_id], SecretAccessKey: !c[:secret_access_key].to_s.empty?, SessionToken: !c[:session_token].to_s.empty?,
    AssumedRoleArn: out[:assumed_role_user][:arn] }
end
check_got('sts.session-identity', ['sts.assume-role']) do
  unsupported(no_caller_identity) unless sts.client.respond_to?(:get_caller_identity)
end
check_got('sts.session-sqs', ['sts.assume-role']) do
  sqs_role = AWS::SQS::Client.new(as_role)
  queue = name(prefix, 'role-q')
  url = sqs_role.create_queue(queue_name: queue)[:queue_url]
  { QueueUrl: url, ListedBySession: sqs_role.list_queues(queue_name_prefix: queue)[:queue_urls],
    ListedByKey: sqs.client.list_queues(queue_name_prefix: queue)[:queue_urls] }
end
check_got('sts.session-sns', ['sts.assume-role']) do
  { TopicArn: AWS::SNS::Client.new(as_role).create_topic(name: name(prefix, 'role-t'))[:topic_arn] }
end

puts JSON.generate({ client: { sdk: 'AWS SDK for Ruby v1', version: AWS::VERSION, wire: $wire, transport: {}, token: $token } })
