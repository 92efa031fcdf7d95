// The floor under any HTTP/1.1 server in Node.js: a bare node:net socket that finds each request's
// end (head, then a Content-Length body) and answers a constant, with no HTTP library at all
// (bench/request-floor.ts, target raw-net). Prints `raw-net listening on http://…`.
import { createServer } from 'node:net';

const body = '{"QueueUrl":"http://127.0.0.1/000000000000/floor"}';
const answer = `HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
const server = createServer({ noDelay: true }, (sock) => {
  let buf;
  sock.on('data', (chunk) => {
    buf = buf === undefined ? chunk : Buffer.concat([buf, chunk]);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(buf.toString('latin1', 0, end))?.[1] ?? 0);
      if (buf.length < end + 4 + length) return;
      buf = buf.subarray(end + 4 + length);
      sock.write(answer);
    }
  });
  sock.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => console.log(`raw-net listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGINT', () => server.close(() => process.exit(0)));
