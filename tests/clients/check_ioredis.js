#!/usr/bin/env node
'use strict';
// Client conformance checks through ioredis 6 (RESP3 by default: hello 3, client SETINFO x2, info).
// Usage: node check_ioredis.js HOST PORT      env: STAGE=core|data|all (default all), CALL_TIMEOUT, DEADLINE
const path = require('node:path');
const Redis = require(path.join(__dirname, 'node_modules', 'ioredis'));
const { makeRunner, assertSetinfoReply, assertHello3, toObject, ALL_BYTES, assert } = require('./lib/checks');

const CLIENT = 'ioredis';
const HOST = process.argv[2] || '127.0.0.1';
const PORT = Number(process.argv[3] || 6379);
const STAGE = process.env.STAGE || 'all';
const PREFIX = `bsc:ioredis:${process.pid}:`;
const run = makeRunner(CLIENT);

function connectOptions(extra) {
  const t = Number(process.env.CALL_TIMEOUT || 5) * 1000;
  return {
    host: HOST, port: PORT, lazyConnect: true,
    connectTimeout: t, commandTimeout: t,
    maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: true,
    ...extra,
  };
}

async function coreChecks(r) {
  await run.check('connects with default options (hello 3, SETINFO, info ready check)', async () => {
    assert.equal(r.status, 'ready');
  });
  await run.check('negotiated RESP3 (no fallback to RESP2)', async () => {
    assert.equal(r.condition && r.condition.protocol, 3);
  });
  await run.check('PING', async () => assert.equal(await r.ping(), 'PONG'));
  await run.check('PING message', async () => assert.equal(await r.ping('hi'), 'hi'));
  await run.check('ECHO text', async () => assert.equal(await r.echo('hello world'), 'hello world'));
  await run.check('ECHO binary (all 256 byte values)', async () => {
    assert.deepEqual(await r.echoBuffer(ALL_BYTES), ALL_BYTES);
  });
  await run.check('HELLO 3 map', async () => assertHello3(await r.hello(3)));
  await run.check('HELLO 3 map with replyMapping resp3', async () => {
    const m = new Redis(connectOptions({ replyMapping: 'resp3' }));
    try {
      await m.connect();
      const rep = await m.hello(3);
      assert.ok(!Array.isArray(rep), `expected a map, got array ${JSON.stringify(rep)}`);
      assertHello3(rep);
    } finally { m.disconnect(); }
  });
  await run.check('RESP2 connection (protocol: 2) works too', async () => {
    const c = new Redis(connectOptions({ protocol: 2 }));
    try {
      await c.connect();
      assert.equal(await c.ping(), 'PONG');
    } finally { c.disconnect(); }
  });
  await run.check('INFO has redis_version and cluster_enabled', async () => {
    const info = String(await r.info());
    assert.match(info, /^redis_version:/m);
    assert.match(info, /^cluster_enabled:[01]/m);
  });
  await run.check('COMMAND COUNT > 0', async () => {
    const n = await r.command('count');
    assert.ok(Number.isInteger(n) && n > 0, `got ${n}`);
  });
  await run.check('COMMAND INFO get key positions 1 1 1', async () => {
    const rep = await r.command('info', 'get');
    assert.ok(Array.isArray(rep) && rep.length === 1 && Array.isArray(rep[0]),
      `COMMAND INFO get returned ${JSON.stringify(rep)} (no GET in the command table?)`);
    const [name, arity, , first, last, step] = rep[0];
    assert.deepEqual([String(name), arity, first, last, step], ['get', 2, 1, 1, 1]);
  });
  await run.check('CLIENT SETINFO (OK, or Redis 7.0\'s exact error) and connection stays usable', async () => {
    let rep, err;
    try { rep = await r.client('setinfo', 'lib-name', 'ioredis-check'); } catch (e) { err = e; }
    assertSetinfoReply(rep, err, 'setinfo');
    assert.equal(await r.ping(), 'PONG');
  });
}

async function dataChecks(r) {
  const k = PREFIX + 'k', ns = PREFIX + 'ns', miss = PREFIX + 'missing';
  await run.check('SET/GET', async () => {
    assert.equal(await r.set(k, 'v1'), 'OK');
    assert.equal(await r.get(k), 'v1');
    assert.equal(await r.set(k, 'v2'), 'OK');
    assert.equal(await r.get(k), 'v2');
  });
  await run.check('GET missing key -> null', async () => assert.equal(await r.get(miss), null));
  await run.check('SET/GET binary value (all 256 byte values)', async () => {
    assert.equal(await r.set(k, ALL_BYTES), 'OK');
    assert.deepEqual(await r.getBuffer(k), ALL_BYTES);
  });
  await run.check('SET/GET empty value', async () => {
    assert.equal(await r.set(k, ''), 'OK');
    assert.equal(await r.get(k), '');
    assert.equal(await r.exists(k), 1);
  });
  await run.check('EXISTS/DEL', async () => {
    await r.set(k, 'x');
    assert.equal(await r.exists(k, k, miss), 2, 'EXISTS counts repeats');
    assert.equal(await r.del(k, miss), 1);
    assert.equal(await r.exists(k), 0);
    assert.equal(await r.get(k), null);
    assert.equal(await r.del(k), 0);
  });
  await run.check('pipelined SET/GET x100 in order', async () => {
    const p = r.pipeline();
    for (let i = 0; i < 100; i++) p.set(`${k}:${i}`, `v${i}`).get(`${k}:${i}`);
    const res = await p.exec();
    for (let i = 0; i < 100; i++) {
      assert.deepEqual(res[2 * i], [null, 'OK']);
      assert.deepEqual(res[2 * i + 1], [null, `v${i}`]);
    }
    assert.equal(await r.del(...Array.from({ length: 100 }, (_, i) => `${k}:${i}`)), 100);
  });
  await run.check('HSET/HGET/HDEL/HEXISTS (+binary, empty, missing)', async () => {
    assert.equal(await r.hset(ns, 'f', 'v1'), 1);
    assert.equal(await r.hset(ns, 'f', 'v2'), 0);
    assert.equal(await r.hset(ns, 'a', '1', 'b', '2'), 2);
    assert.equal(await r.hget(ns, 'f'), 'v2');
    assert.equal(await r.hget(ns, 'nofield'), null);
    assert.equal(await r.hget(miss, 'f'), null);
    assert.equal(await r.hexists(ns, 'f'), 1);
    assert.equal(await r.hexists(ns, 'nofield'), 0);
    assert.equal(await r.hset(ns, 'bin', ALL_BYTES), 1);
    assert.deepEqual(await r.hgetBuffer(ns, 'bin'), ALL_BYTES);
    assert.equal(await r.hset(ns, 'empty', ''), 1);
    assert.equal(await r.hget(ns, 'empty'), '');
    assert.equal(await r.hdel(ns, 'f', 'nofield'), 1);
    assert.equal(await r.hdel(ns, 'f'), 0);
    assert.equal(await r.hexists(ns, 'f'), 0);
    assert.equal(await r.exists(ns), 1);
    assert.equal(await r.del(ns), 1);
    assert.equal(await r.hget(ns, 'a'), null);
  });
}

// Expiry: SET EX + TTL, EXPIRE, PERSIST; HSETEX (through call) only against Blobasaur (Redis 7.0 has none).
async function ttlChecks(r) {
  const k = PREFIX + 'ttl', ns = PREFIX + 'ttlns';
  await run.check('SET EX + TTL, EXPIRE, PERSIST', async () => {
    assert.equal(await r.set(k, 'v', 'EX', 100), 'OK');
    assert.equal(await r.ttl(k), 100);
    assert.equal(await r.expire(k, 50), 1);
    assert.equal(await r.persist(k), 1);
    assert.equal(await r.ttl(k), -1);
    await r.del(k);
  });
  if (!/blobasaur_version/.test(await r.info('server'))) return console.log(`SKIP ${CLIENT}: HSETEX (the target is not Blobasaur)`);
  await run.check('HSETEX + HTTL via call', async () => {
    assert.equal(await r.call('HSETEX', ns, 'EX', '100', 'FIELDS', '1', 'f', 'v'), 1);
    assert.deepEqual(await r.call('HTTL', ns, 'FIELDS', '1', 'f'), [100]);
    await r.del(ns);
  });
}

async function scanChecks(r) {
  const p = PREFIX + 'scan:';
  await run.check('SCAN over a private prefix via scanStream', async () => {
    for (let i = 1; i <= 5; i++) await r.set(p + i, 'v');
    const seen = new Set();
    await new Promise((resolve, reject) => {
      const stream = r.scanStream({ match: p + '*', count: 100 });
      stream.on('data', (keys) => keys.forEach((k) => seen.add(k)));
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    assert.equal(seen.size, 5);
    await r.del(...[...seen]);
  });
}

(async () => {
  const r = new Redis(connectOptions({}));
  r.on('error', () => {}); // reported through the checks
  try {
    await run.withTimeout(r.connect(), 'connect');
  } catch (e) {
    run.fail('connect', e.message);
    r.disconnect();
    process.exit(1);
  }
  if (STAGE === 'core' || STAGE === 'all') await coreChecks(r);
  if (STAGE === 'data' || STAGE === 'all') await dataChecks(r);
  if (STAGE === 'data' || STAGE === 'all') await ttlChecks(r);
  if (STAGE === 'data' || STAGE === 'all') await scanChecks(r);
  r.disconnect();
  process.exit(run.failures() ? 1 : 0);
})().catch((e) => { run.fail('unexpected', e && e.stack); process.exit(1); });
