// Starts kinesalite (in memory, streams ACTIVE at once) on 127.0.0.1 only, on the port given as
// argv[2] (0 = any), and prints `kinesalite listening on http://127.0.0.1:PORT`. For bench/kinesis.ts.
const kinesalite = require('kinesalite');
const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 });
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(`kinesalite listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGINT', () => server.close(() => process.exit(0)));
