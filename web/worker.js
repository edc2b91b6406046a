// The training worker: runs the engine (engine.wasm, built from wasm/worker)
// off the page's thread, so training never stalls the animation. It answers
// the page's commands and snapshot requests between slices of training; each
// request says which chart points the page holds (epoch, have). A classic
// worker script: wasm_exec.js is loaded with importScripts.
'use strict';
const t0 = performance.now();
const times = { worker_start: Math.round(performance.timeOrigin + t0) };
importScripts('wasm_exec.js');

let engine = null;
const queue = [];

self.diffstructReady = () => {
  engine = self.diffstructEngine;
  times.worker_ready = Math.round(performance.timeOrigin + performance.now());
  postMessage({ type: 'ready', times });
  while (queue.length) handle(queue.shift());
};

// Training slices: MessageChannel for "as soon as possible" (setTimeout is
// clamped), setTimeout for paced speeds. A token drops stale wake-ups.
const channel = new MessageChannel();
let token = 0;
channel.port1.onmessage = (e) => run(e.data);
function schedule(delay) {
  const my = ++token;
  if (delay < 0) return;
  if (delay === 0) channel.port2.postMessage(my);
  else setTimeout(() => run(my), delay);
}
function run(my) {
  if (my !== token || !engine) return;
  let delay = -1;
  try {
    delay = engine.tick();
  } catch (e) {
    postMessage({ type: 'error', message: 'The training engine stopped: ' + e });
    return;
  }
  schedule(delay);
}

function handle(m) {
  try {
    switch (m.op) {
      case 'load':
        postMessage({ type: 'reply', id: m.id, json: engine.load(m.fragment || '') });
        break;
      case 'command':
        postMessage({ type: 'reply', id: m.id, json: engine.command(m.cmd, m.key || '', m.value || '', +m.epoch || 0, +m.have || 0) });
        break;
      case 'export':
        postMessage({ type: 'reply', id: m.id, json: engine.export(m.kind || '') });
        return; // an export changes nothing
      case 'import':
        postMessage({ type: 'reply', id: m.id, json: engine.import(m.text || '', m.name || 'network.json', +m.epoch || 0, +m.have || 0) });
        break;
      case 'timeline': { // the run at a past cycle, and the births and deaths the page lacks
        const r = engine.timeline(m.cycle == null ? -1 : +m.cycle, +m.from || 0, m.evEpoch == null ? -1 : +m.evEpoch);
        postMessage({ type: 'timeline', id: m.id, json: r.json, graph: r.graph || null }, r.graph ? [r.graph.buffer] : []);
        return; // it changes nothing
      }
      case 'snap': {
        const graph = engine.graph();
        const status = m.wantStatus ? engine.status(+m.epoch || 0, +m.have || 0) : null;
        postMessage({ type: 'snap', id: m.id, graph, status }, [graph.buffer]);
        return; // a snapshot changes nothing: no need to reschedule
      }
    }
  } catch (e) {
    postMessage({ type: 'error', message: 'The training engine failed: ' + e });
    return;
  }
  schedule(0);
}

self.onmessage = (e) => {
  if (engine) handle(e.data);
  else queue.push(e.data);
};

(async () => {
  const go = new Go();
  let result;
  try {
    try {
      result = await WebAssembly.instantiateStreaming(fetch('engine.wasm'), go.importObject);
    } catch (streamErr) {
      // Hosts that serve .wasm with another type: compile from the bytes.
      const resp = await fetch('engine.wasm');
      if (!resp.ok) throw new Error('engine.wasm: HTTP ' + resp.status);
      result = await WebAssembly.instantiate(await resp.arrayBuffer(), go.importObject);
    }
  } catch (e) {
    postMessage({ type: 'error', message: 'The training engine (web/engine.wasm) could not be loaded: ' + e.message });
    return;
  }
  times.worker_compiled = Math.round(performance.timeOrigin + performance.now());
  go.run(result.instance).then(() => {
    postMessage({ type: 'error', message: 'The training engine exited.' });
  });
})();
