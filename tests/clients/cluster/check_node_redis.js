#!/usr/bin/env node
'use strict';
// Cluster checks through node-redis 6 createCluster (topology from CLUSTER SLOTS, follows MOVED), against a 3-node cluster.
// Usage: node check_node_redis.js HOST PORT1,PORT2,PORT3      env: CALL_TIMEOUT, DEADLINE
const path = require('node:path');
const { createClient, createCluster } = require(path.join(__dirname, '..', 'node_modules', 'redis'));
const { makeRunner, assert } = require('../lib/checks');

const CLIENT = 'node-redis-cluster';
const HOST = process.argv[2] || '127.0.0.1';
const PORTS = (process.argv[3] || '7001,7002,7003').split(',').map(Number);
const PREFIX = `bsc:nrc:${process.pid}:`;
const KEYS = 1000;
const run = makeRunner(CLIENT);
const T = Number(process.env.CALL_TIMEOUT || 5) * 1000;

async function main() {
  const cluster = createCluster({
    rootNodes: [{ socket: { host: HOST, port: PORTS[0] } }],
    defaults: { socket: { connectTimeout: T, reconnectStrategy: false } },
  });
  cluster.on('error', () => {});
  try {
    await run.check('createCluster connects through one node (CLUSTER SLOTS)', async () => {
      await cluster.connect();
    });
    await run.check('discovers 3 masters at the advertised addresses', async () => {
      const masters = cluster.masters.map((m) => `${m.host}:${m.port}`).sort();
      assert.deepEqual(masters, PORTS.map((p) => `${HOST}:${p}`).sort());
    });
    await run.check(`SET then GET ${KEYS} keys`, async () => {
      const keys = Array.from({ length: KEYS }, (_, i) => `${PREFIX}${i}`);
      const sets = await Promise.all(keys.map((k) => cluster.set(k, `v:${k}`)));
      assert.ok(sets.every((r) => r === 'OK'), 'a SET did not answer OK');
      const gets = await Promise.all(keys.map((k) => cluster.get(k)));
      keys.forEach((k, i) => assert.equal(gets[i], `v:${k}`, `GET ${k}`));
    });
    await run.check('MSET/MGET in one slot (hash tag)', async () => {
      assert.equal(await cluster.mSet([[`{${PREFIX}}a`, '1'], [`{${PREFIX}}b`, '2']]), 'OK');
      assert.deepEqual(await cluster.mGet([`{${PREFIX}}a`, `{${PREFIX}}b`]), ['1', '2']);
    });
    await run.check('HSET/HGET', async () => {
      await cluster.hSet(`${PREFIX}h`, 'f', 'v');
      assert.equal(await cluster.hGet(`${PREFIX}h`, 'f'), 'v');
    });
    await run.check('a plain client on the wrong node gets MOVED, the cluster client reads the value', async () => {
      await cluster.set('foo', `${PREFIX}foo`);
      const plain = createClient({ socket: { host: HOST, port: PORTS[0], connectTimeout: T, reconnectStrategy: false } });
      plain.on('error', () => {});
      await plain.connect();
      try {
        await assert.rejects(plain.get('foo'), (e) => e.message === `MOVED 12182 ${HOST}:${PORTS[2]}`);
      } finally { plain.destroy(); }
      assert.equal(await cluster.get('foo'), `${PREFIX}foo`);
    });
  } finally {
    try { cluster.destroy(); } catch { /* already closed */ }
  }
  process.exit(run.failures() ? 1 : 0);
}

main().catch((e) => { run.fail('unexpected error', e && e.stack ? e.stack : String(e)); process.exit(1); });
