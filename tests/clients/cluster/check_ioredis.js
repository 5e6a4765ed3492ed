#!/usr/bin/env node
'use strict';
// Cluster checks through ioredis 6 Redis.Cluster (topology from CLUSTER SLOTS, follows MOVED), against a 3-node cluster.
// Usage: node check_ioredis.js HOST PORT1,PORT2,PORT3      env: CALL_TIMEOUT, DEADLINE
const path = require('node:path');
const Redis = require(path.join(__dirname, '..', 'node_modules', 'ioredis'));
const { makeRunner, assert } = require('../lib/checks');

const CLIENT = 'ioredis-cluster';
const HOST = process.argv[2] || '127.0.0.1';
const PORTS = (process.argv[3] || '7001,7002,7003').split(',').map(Number);
const PREFIX = `bsc:ioc:${process.pid}:`;
const KEYS = 1000;
const run = makeRunner(CLIENT);
const T = Number(process.env.CALL_TIMEOUT || 5) * 1000;

async function main() {
  // Only the first node is given: the others come from CLUSTER SLOTS.
  const cluster = new Redis.Cluster([{ host: HOST, port: PORTS[0] }], {
    lazyConnect: true,
    enableReadyCheck: true,
    slotsRefreshTimeout: T,
    clusterRetryStrategy: () => null,
    redisOptions: { connectTimeout: T, commandTimeout: T, maxRetriesPerRequest: 1 },
  });
  cluster.on('error', () => {});
  try {
    await run.check('Cluster connects through one node (CLUSTER SLOTS, ready check)', async () => {
      await cluster.connect();
      assert.equal(cluster.status, 'ready');
    });
    await run.check('discovers 3 masters at the advertised addresses', async () => {
      const masters = cluster.nodes('master').map((n) => `${n.options.host}:${n.options.port}`).sort();
      assert.deepEqual(masters, PORTS.map((p) => `${HOST}:${p}`).sort());
    });
    await run.check(`SET then GET ${KEYS} keys (pipelined per node by ioredis)`, async () => {
      const keys = Array.from({ length: KEYS }, (_, i) => `${PREFIX}${i}`);
      const sets = await Promise.all(keys.map((k) => cluster.set(k, `v:${k}`)));
      assert.ok(sets.every((r) => r === 'OK'), 'a SET did not answer OK');
      const gets = await Promise.all(keys.map((k) => cluster.get(k)));
      keys.forEach((k, i) => assert.equal(gets[i], `v:${k}`, `GET ${k}`));
    });
    await run.check('the keys are spread over all 3 nodes (DBSIZE > 0 on each master)', async () => {
      const sizes = await Promise.all(cluster.nodes('master').map((n) => n.dbsize()));
      assert.ok(sizes.every((s) => s > 0), `DBSIZE per master: ${sizes}`);
    });
    await run.check('MSET/MGET in one slot (hash tag)', async () => {
      assert.equal(await cluster.mset(`{${PREFIX}}a`, '1', `{${PREFIX}}b`, '2'), 'OK');
      assert.deepEqual(await cluster.mget(`{${PREFIX}}a`, `{${PREFIX}}b`), ['1', '2']);
    });
    await run.check('HSET/HGET', async () => {
      await cluster.hset(`${PREFIX}h`, 'f', 'v');
      assert.equal(await cluster.hget(`${PREFIX}h`, 'f'), 'v');
    });
    await run.check('CLUSTER INFO cluster_state:ok on every master', async () => {
      for (const n of cluster.nodes('master')) {
        const info = await n.cluster('INFO');
        assert.match(info, /^cluster_state:ok\r$/m, `${n.options.port}: ${info.slice(0, 40)}`);
      }
    });
    await run.check('a plain client on the wrong node gets MOVED <slot> <owner>', async () => {
      // foo is slot 12182 (third node); the first node redirects.
      const plain = new Redis({ host: HOST, port: PORTS[0], lazyConnect: true, connectTimeout: T, commandTimeout: T,
        maxRetriesPerRequest: 0, retryStrategy: () => null });
      plain.on('error', () => {});
      try {
        await plain.connect();
        await assert.rejects(plain.get('foo'), (e) => e.message === `MOVED 12182 ${HOST}:${PORTS[2]}`);
      } finally { plain.disconnect(); }
    });
    await run.check('follows MOVED when its slot map is stale', async () => {
      assert.equal(await cluster.set('foo', `${PREFIX}foo`), 'OK');
      // Point slot 12182 at the first node in ioredis's own map: the GET goes there, gets MOVED, is resent to the owner.
      const owner = `${HOST}:${PORTS[2]}`;
      assert.deepEqual(cluster.slots[12182], [owner]);
      let sentToStale = 0;
      const wrong = cluster.nodes('master').find((n) => n.options.port === PORTS[0]);
      wrong.on('error', () => {});
      cluster.slots[12182] = [`${HOST}:${PORTS[0]}`];
      const sent = wrong.sendCommand.bind(wrong);
      wrong.sendCommand = (cmd, stream) => {
        if (cmd && cmd.name === 'get') sentToStale++;
        return sent(cmd, stream);
      };
      try {
        assert.equal(await cluster.get('foo'), `${PREFIX}foo`);
      } finally { wrong.sendCommand = sent; }
      assert.equal(sentToStale, 1, 'the GET was not sent to the stale node first');
    });
  } finally {
    cluster.disconnect();
  }
  process.exit(run.failures() ? 1 : 0);
}

main().catch((e) => { run.fail('unexpected error', e && e.stack ? e.stack : String(e)); process.exit(1); });
