'use strict';
// Shared reporting helpers for the Node.js client checks: one PASS/FAIL line per check,
// a timeout on every check, and a hard deadline for the whole script.
const assert = require('node:assert/strict');

// Failure details may echo binary data: one line, control and non-ASCII characters escaped, truncated.
function printable(text, limit = 300) {
  const s = String(text).replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
  return s.length <= limit ? s : s.slice(0, limit) + '...';
}

function makeRunner(client) {
  const callTimeoutMs = Number(process.env.CALL_TIMEOUT || 5) * 1000;
  const deadlineS = Number(process.env.DEADLINE || 90);
  let failures = 0;

  const deadline = setTimeout(() => {
    console.log(`FAIL ${client}: deadline of ${deadlineS}s exceeded`);
    process.exit(1);
  }, deadlineS * 1000);
  deadline.unref();

  function withTimeout(promise, what) {
    let timer;
    const t = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${callTimeoutMs} ms: ${what}`)), callTimeoutMs);
    });
    return Promise.race([promise, t]).finally(() => clearTimeout(timer));
  }

  async function check(name, fn) {
    try {
      await withTimeout(Promise.resolve().then(fn), name);
      console.log(`PASS ${client}: ${name}`);
    } catch (e) {
      failures++;
      const detail = printable(e && e.message ? e.message : String(e));
      console.log(`FAIL ${client}: ${name}: ${detail}`);
    }
  }

  return {
    check,
    withTimeout,
    failures: () => failures,
    fail(name, detail) { failures++; console.log(`FAIL ${client}: ${name}: ${printable(detail)}`); },
  };
}

// Redis 7.0.15 has no CLIENT SETINFO and answers with this error (the subcommand as the client spelled it);
// Redis >= 7.2 and Blobasaur answer OK. Both are accepted.
function assertSetinfoReply(reply, err, sentSubcommand) {
  if (err) {
    assert.equal(err.message, `ERR unknown subcommand '${sentSubcommand}'. Try CLIENT HELP.`);
  } else {
    assert.equal(reply, 'OK');
  }
}

// Flattened [k1, v1, k2, v2, ...] or object/Map -> plain object.
function toObject(reply) {
  if (reply instanceof Map) return Object.fromEntries(reply);
  if (Array.isArray(reply)) {
    const o = {};
    for (let i = 0; i + 1 < reply.length; i += 2) o[String(reply[i])] = reply[i + 1];
    return o;
  }
  return reply;
}

function assertHello3(reply) {
  const o = toObject(reply);
  for (const k of ['server', 'version', 'proto', 'id', 'mode', 'role', 'modules']) {
    assert.ok(k in o, `HELLO reply lacks ${k}: ${JSON.stringify(reply)}`);
  }
  assert.equal(Number(o.proto), 3, 'proto');
  assert.ok(Number.isInteger(Number(o.id)), 'id is an integer');
  assert.equal(String(o.mode), 'standalone');
  assert.equal(String(o.role), 'master');
  assert.ok(Array.isArray(o.modules), 'modules is an array');
}

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

module.exports = { makeRunner, assertSetinfoReply, assertHello3, toObject, ALL_BYTES, assert };
