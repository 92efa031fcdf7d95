/**
 * A deliberately minimal HTTP/1.1 keep-alive client for load generation: one socket, one request
 * in flight, requests written as pre-built Buffers (head + body), responses framed by
 * Content-Length only (Switchyard always sends it). No header objects, no streams, no parser
 * state machine: a few microseconds of client CPU per request, so the machine's cores go to the
 * server being measured rather than to the load generator (the AWS SDK costs ~1 ms per call).
 */
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  body: Buffer;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

/** The bytes of one JSON-protocol SQS request (`AmazonSQS.<operation>`). */
export function sqsRequest(host: string, operation: string, json: string | Buffer): Buffer {
  return jsonRequest(host, '1.0', `AmazonSQS.${operation}`, json);
}

/** The bytes of one Kinesis request (JSON 1.1, `Kinesis_20131202.<operation>`). */
export function kinesisRequest(host: string, operation: string, json: string | Buffer): Buffer {
  return jsonRequest(host, '1.1', `Kinesis_20131202.${operation}`, json);
}

function jsonRequest(host: string, version: '1.0' | '1.1', target: string, json: string | Buffer): Buffer {
  const body = typeof json === 'string' ? Buffer.from(json) : json;
  const head =
    `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-amz-json-${version}\r\n` +
    `X-Amz-Target: ${target}\r\nContent-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

export class RawConnection {
  private readonly socket: Socket;
  private readonly ready: Promise<void>;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private headLength = -1;
  private contentLength = -1;
  private status = 0;
  private waiting: { resolve: (r: RawResponse) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(port: number, host = '127.0.0.1') {
    this.socket = connect({ port, host, noDelay: true });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (e) => this.fail(e));
    this.socket.on('close', () => this.fail(new Error('connection closed')));
  }

  async request(bytes: Buffer): Promise<RawResponse> {
    await this.ready;
    if (this.failure) throw this.failure;
    if (this.waiting) throw new Error('one request at a time per connection');
    return new Promise<RawResponse>((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(bytes);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(this.failure);
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.headLength < 0) {
      const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
      this.chunks = [all];
      const end = all.indexOf(CRLFCRLF);
      if (end < 0) return;
      const head = all.toString('latin1', 0, end);
      this.status = Number(head.slice(9, 12));
      const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!m) {
        this.fail(new Error(`response without Content-Length: ${head.slice(0, 200)}`));
        this.socket.destroy();
        return;
      }
      this.headLength = end + 4;
      this.contentLength = Number(m[1]);
    }
    if (this.buffered < this.headLength + this.contentLength) return;
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    if (all.length > this.headLength + this.contentLength) {
      this.fail(new Error('unexpected bytes after the response'));
      this.socket.destroy();
      return;
    }
    const response = { status: this.status, body: all.subarray(this.headLength) };
    this.chunks = [];
    this.buffered = 0;
    this.headLength = -1;
    this.contentLength = -1;
    const w = this.waiting;
    this.waiting = undefined;
    w?.resolve(response);
  }
}
