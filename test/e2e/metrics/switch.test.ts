/** `--metrics false`: no /metrics; the path answers as any other unknown GET does. On every engine. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';

for (const engine of E2E_ENGINES) {
  describe(`metrics switched off [${engine}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine, {}, { metrics: 'false' });
    });
    after(async () => {
      await server.close();
    });

    it('answers GET /metrics like an unknown GET', async () => {
      const answer = async (path: string) => {
        const res = await fetch(`${server.url}${path}`);
        return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
      };
      const metrics = await answer('/metrics');
      const other = await answer('/no-such-thing');
      assert.deepEqual(metrics, other);
      assert.equal(metrics.status, 400);
      assert.doesNotMatch(metrics.body, /switchyard_/);
    });
  });
}
