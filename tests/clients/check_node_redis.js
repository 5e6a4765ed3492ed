#!/usr/bin/env node
'use strict';
// Client conformance checks through node-redis 6 (RESP3 by default; the connection fails unless HELLO 3 works).
// Usage: node check_node_redis.js HOST PORT      env: STAGE=core|data|all (default all), CALL_TIMEOUT, DEADLINE
const path = require('node:path');
const { createClient, RESP_TYPES } = require(path.join(__dirname, 'node_modules', 'redis'));
const { makeRunner, assertSetinfoReply, assertHello3, ALL_BYTES, assert } = require('./lib/checks');

const CLIENT = 'node-redis';
const HOST = process.argv[2] || '127.0.0.1';
const PORT = Number(process.argv[3] || 6379);
const STAGE = process.env.STAGE || 'all';
const PREFIX = `bsc:node-redis:${process.pid}:`;
const run = makeRunner(CLIENT);
const T = Number(process.env.CALL_TIMEOUT || 5) * 1000;

function newClient(extra) {
  const c = createClient({ socket: { host: HOST, port: PORT, connectTimeout: T, reconnectStrategy: false }, ...extra });
  c.on('error', () => {}); // reported through the checks
  return c;
}

async function coreChecks(c) {
  await run.check('connects with RESP3 default (HELLO 3, SETINFO x2, MAINT_NOTIFICATIONS)', async () => {
    assert.ok(c.isReady);
  });
  await run.check('PING', async () => assert.equal(await c.ping(), 'PONG'));
  await run.check('PING message', async () => assert.equal(await c.ping('hi'), 'hi'));
  await run.check('ECHO text', async () => assert.equal(await c.echo('hello world'), 'hello world'));
  await run.check('ECHO binary (all 256 byte values)', async () => {
    const b = c.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    assert.deepEqual(await b.echo(ALL_BYTES), ALL_BYTES);
  });
  await run.check('HELLO 3 map', async () => {
    const rep = await c.sendCommand(['HELLO', '3']);
    assert.ok(rep && typeof rep === 'object' && !Array.isArray(rep), `expected a map, got ${JSON.stringify(rep)}`);
    assertHello3(rep);
  });
  await run.check('RESP2 connection (RESP: 2) works too', async () => {
    const c2 = newClient({ RESP: 2 });
    try {
      await c2.connect();
      assert.equal(await c2.ping(), 'PONG');
    } finally { c2.destroy(); }
  });
  await run.check('INFO has redis_version and cluster_enabled', async () => {
    const info = String(await c.info());
    assert.match(info, /^redis_version:/m);
    assert.match(info, /^cluster_enabled:[01]/m);
  });
  await run.check('COMMAND COUNT > 0', async () => {
    const n = await c.commandCount();
    assert.ok(Number.isInteger(n) && n > 0, `got ${n}`);
  });
  await run.check('COMMAND INFO get key positions 1 1 1', async () => {
    const [g] = await c.commandInfo(['get']);
    assert.ok(g, 'COMMAND INFO get returned no entry (no GET in the command table?)');
    assert.deepEqual([g.name, g.arity, g.firstKeyIndex, g.lastKeyIndex, g.step], ['get', 2, 1, 1, 1]);
  });
  await run.check('CLIENT SETINFO (OK, or Redis 7.0\'s exact error) and connection stays usable', async () => {
    let rep, err;
    try { rep = await c.sendCommand(['CLIENT', 'SETINFO', 'LIB-NAME', 'node-redis-check']); } catch (e) { err = e; }
    assertSetinfoReply(rep, err, 'SETINFO');
    assert.equal(await c.ping(), 'PONG');
  });
}

async function dataChecks(c) {
  const k = PREFIX + 'k', ns = PREFIX + 'ns', miss = PREFIX + 'missing';
  const b = c.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  await run.check('SET/GET', async () => {
    assert.equal(await c.set(k, 'v1'), 'OK');
    assert.equal(await c.get(k), 'v1');
    assert.equal(await c.set(k, 'v2'), 'OK');
    assert.equal(await c.get(k), 'v2');
  });
  await run.check('GET missing key -> null', async () => assert.equal(await c.get(miss), null));
  await run.check('SET/GET binary value (all 256 byte values)', async () => {
    assert.equal(await c.set(k, ALL_BYTES), 'OK');
    assert.deepEqual(await b.get(k), ALL_BYTES);
  });
  await run.check('SET/GET empty value', async () => {
    assert.equal(await c.set(k, ''), 'OK');
    assert.equal(await c.get(k), '');
    assert.equal(await c.exists(k), 1);
  });
  await run.check('EXISTS/DEL', async () => {
    await c.set(k, 'x');
    assert.equal(await c.exists([k, k, miss]), 2, 'EXISTS counts repeats');
    assert.equal(await c.del([k, miss]), 1);
    assert.equal(await c.exists(k), 0);
    assert.equal(await c.get(k), null);
    assert.equal(await c.del(k), 0);
  });
  await run.check('auto-pipelined 100 SET/GET in one tick, replies in order', async () => {
    const ps = [];
    for (let i = 0; i < 100; i++) ps.push(c.set(`${k}:${i}`, `v${i}`), c.get(`${k}:${i}`));
    const res = await Promise.all(ps);
    for (let i = 0; i < 100; i++) assert.deepEqual([res[2 * i], res[2 * i + 1]], ['OK', `v${i}`]);
    assert.equal(await c.del(Array.from({ length: 100 }, (_, i) => `${k}:${i}`)), 100);
  });
  await run.check('HSET/HGET/HDEL/HEXISTS (+binary, empty, missing)', async () => {
    assert.equal(await c.hSet(ns, 'f', 'v1'), 1);
    assert.equal(await c.hSet(ns, 'f', 'v2'), 0);
    assert.equal(await c.hSet(ns, { a: '1', b: '2' }), 2);
    assert.equal(await c.hGet(ns, 'f'), 'v2');
    assert.equal(await c.hGet(ns, 'nofield'), null);
    assert.equal(await c.hGet(miss, 'f'), null);
    assert.equal(await c.hExists(ns, 'f'), 1);
    assert.equal(await c.hExists(ns, 'nofield'), 0);
    assert.equal(await c.hSet(ns, 'bin', ALL_BYTES), 1);
    assert.deepEqual(await b.hGet(ns, 'bin'), ALL_BYTES);
    assert.equal(await c.hSet(ns, 'empty', ''), 1);
    assert.equal(await c.hGet(ns, 'empty'), '');
    assert.equal(await c.hDel(ns, ['f', 'nofield']), 1);
    assert.equal(await c.hDel(ns, 'f'), 0);
    assert.equal(await c.hExists(ns, 'f'), 0);
    assert.equal(await c.exists(ns), 1);
    assert.equal(await c.del(ns), 1);
    assert.equal(await c.hGet(ns, 'a'), null);
  });
}

// Expiry: SET EX + TTL, EXPIRE, PERSIST; HSETEX (through sendCommand) only against Blobasaur (Redis 7.0 has none).
async function ttlChecks(c) {
  const k = PREFIX + 'ttl', ns = PREFIX + 'ttlns';
  await run.check('SET EX + TTL, EXPIRE, PERSIST', async () => {
    assert.equal(await c.set(k, 'v', { EX: 100 }), 'OK');
    assert.equal(await c.ttl(k), 100);
    assert.equal(await c.expire(k, 50), 1);
    assert.equal(await c.persist(k), 1);
    assert.equal(await c.ttl(k), -1);
    await c.del(k);
  });
  if (!/blobasaur_version/.test(await c.info('server'))) return console.log(`SKIP ${CLIENT}: HSETEX (the target is not Blobasaur)`);
  await run.check('HSETEX + HTTL via sendCommand', async () => {
    assert.equal(await c.sendCommand(['HSETEX', ns, 'EX', '100', 'FIELDS', '1', 'f', 'v']), 1);
    assert.deepEqual(await c.sendCommand(['HTTL', ns, 'FIELDS', '1', 'f']), [100]);
    await c.del(ns);
  });
}

async function scanChecks(c) {
  const p = PREFIX + 'scan:';
  await run.check('SCAN over a private prefix via scanIterator', async () => {
    for (let i = 1; i <= 5; i++) await c.set(p + i, 'v');
    const seen = new Set();
    // node-redis 5+ yields a batch of keys per step, 4 yielded single keys: accept both.
    for await (const batch of c.scanIterator({ MATCH: p + '*', COUNT: 100 })) [].concat(batch).forEach((k) => seen.add(k));
    assert.equal(seen.size, 5);
    await c.del([...seen]);
  });
}

(async () => {
  const c = newClient({});
  try {
    await run.withTimeout(c.connect(), 'connect (needs HELLO 3)');
  } catch (e) {
    run.fail('connect (needs HELLO 3)', e.message);
    try { c.destroy(); } catch { /* ignore */ }
    process.exit(1);
  }
  if (STAGE === 'core' || STAGE === 'all') await coreChecks(c);
  if (STAGE === 'data' || STAGE === 'all') await dataChecks(c);
  if (STAGE === 'data' || STAGE === 'all') await ttlChecks(c);
  if (STAGE === 'data' || STAGE === 'all') await scanChecks(c);
  c.destroy();
  process.exit(run.failures() ? 1 : 0);
})().catch((e) => { run.fail('unexpected', e && e.stack); process.exit(1); });
