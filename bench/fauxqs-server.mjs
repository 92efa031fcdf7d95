// Starts fauxqs (all state in memory, no request log) on 127.0.0.1 only, any port, and prints
// `fauxqs listening on http://127.0.0.1:PORT`. Run with Node >= 22.5 and FAUXQS_APP set to the
// path of fauxqs's dist/app.js (see bench/sns.ts). Its own CLI binds 0.0.0.0, hence this wrapper.
const { buildApp } = await import(process.env.FAUXQS_APP);
const app = buildApp({ logger: false });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`fauxqs listening on ${address}`);
process.on('SIGINT', () => app.close().then(() => process.exit(0)));
