// Composes a deeply nested YAML template on a worker thread with a larger stack, synchronously.
//
// The YAML library composes a document by recursion, about 1 KB of stack per level, and the main thread's
// stack (under 1 MB) ends near 800 levels, with an error at best and a crashed process at worst. So
// yaml-template.ts measures the nesting first, and a document deeper than it composes on the calling
// thread comes here: the same code runs on a thread whose stack has room for MAX_YAML_DEPTH levels several
// times over. The value comes back as JSON text, which JSON.parse reads without recursion at any depth.
import { randomUUID } from 'crypto';
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import { MAX_YAML_DEPTH, YamlParse } from './yaml-template';

/** The worker's stack: MAX_YAML_DEPTH levels need about 12 MB, so this leaves room several times over. */
const WORKER_STACK_MB = 64;

/**
 * A last resort only: the work is bounded by the file size, the nesting and the alias budget, so it ends in
 * well under a second for any file the size limit lets through; this only catches a worker that died.
 */
const WORKER_TIMEOUT_MS = 120_000;

// The worker loads yaml-template (the .js next to this file; the .ts when running from sources, as the tests
// do) and answers on the port, then wakes the waiting thread.
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
let reply;
try {
  const { parseYamlTemplate } = require(workerData.module);
  const parsed = parseYamlTemplate(workerData.source, workerData.file, workerData.depth);
  if (parsed.ok) {
    let special = 0;
    const json = JSON.stringify(parsed.value, (key, value) => {
      if (typeof value === 'number' && !Number.isFinite(value)) { special++; return { [workerData.marker]: String(value) }; }
      return value;
    });
    reply = { ok: true, json, special };
  } else {
    reply = { ok: false, problem: parsed.problem };
  }
} catch (error) {
  reply = { ok: false, problem: workerData.file + ': the YAML parser failed: ' + (error && error.message ? error.message : String(error)) };
}
workerData.port.postMessage(reply);
Atomics.store(workerData.done, 0, 1);
Atomics.notify(workerData.done, 0);
`;

type WorkerReply = { readonly ok: true; readonly json: string; readonly special: number } | { readonly ok: false; readonly problem: string };

/** Parses a YAML template whose nesting needs a larger stack than the calling thread has. Blocks until done. */
export function parseDeepYamlTemplate(source: string, file: string): YamlParse {
  const module = require.resolve('./yaml-template');
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const marker = `\u0000${randomUUID()}`;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { module, source, file, depth: MAX_YAML_DEPTH, marker, port: port2, done },
    transferList: [port2],
    resourceLimits: { stackSizeMb: WORKER_STACK_MB },
    // Running from TypeScript sources (the test suite): let the worker load them too.
    execArgv: module.endsWith('.ts') ? ['--require', 'ts-node/register/transpile-only'] : undefined,
    stdout: true,
    stderr: true,
  });
  try {
    const waited = Atomics.wait(done, 0, 0, WORKER_TIMEOUT_MS);
    const message = receiveMessageOnPort(port1)?.message as WorkerReply | undefined;
    if (!message) {
      return { ok: false, problem: `${file}: the YAML parser did not finish (${waited === 'timed-out' ? 'it timed out' : 'its thread stopped'}); please report it` };
    }
    if (!message.ok) {
      return message;
    }
    const value: unknown = JSON.parse(message.json);
    return { ok: true, value: message.special > 0 ? restoreSpecialNumbers(value, marker) : value };
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/** Puts back the numbers JSON cannot carry (`.inf`, `-.inf`, `.nan`), without recursion. */
function restoreSpecialNumbers(value: unknown, marker: string): unknown {
  const decode = (v: unknown): unknown => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && marker in v) {
      return Number((v as Record<string, string>)[marker]);
    }
    return v;
  };
  const root = decode(value);
  const pending: unknown[] = [root];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next !== 'object' || next === null) continue;
    const container = next as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      container[key] = decode(container[key]);
      pending.push(container[key]);
    }
  }
  return root;
}
