// The floor of any Node.js HTTP server: node:http answering every request with a constant JSON
// body once the request body is read (bench/request-floor.ts). Prints `raw listening on http://…`.
import { createServer } from 'node:http';

const body = '{"QueueUrl":"http://127.0.0.1/000000000000/floor"}';
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.setHeader('content-type', 'application/x-amz-json-1.0');
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log(`raw listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGINT', () => server.close(() => process.exit(0)));
