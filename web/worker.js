// The training worker: runs the engine (engine.wasm, built from wasm/worker)
// off the page's thread, so training never stalls the animation. It answers
// the page's commands and snapshot requests between slices of training; each
// request says which chart points the page holds (epoch, have). A classic
// worker script: wasm_exec.js is loaded with importScripts.
'use strict';
const t0 = performance.now();
const times = { worker_start: Math.round(performance.timeOrigin + t0) };
importScripts('wasm_exec.js', 'racepool.js');

// A race's runners may be shared among several workers (racepool.js): this
// script is also each helper, started with ?helper; ?workers=N (passed on
// from the page's address) forces the number of workers.
const params = new URLSearchParams(self.location.search);
const helper = params.has('helper');
let engine = null;
let pool = null;
const queue = [];

self.diffstructReady = () => {
  engine = self.diffstructEngine;
  if (helper) {
    while (queue.length) handlePart(queue.shift());
    return;
  }
  engine.setWorkers(navigator.hardwareConcurrency || 1, +params.get('workers') || 0);
  pool = new self.RacePool(engine, () => schedule(0));
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
    if (helper) {
      const before = engine.partCycle();
      delay = engine.tickPart();
      if (engine.partCycle() !== before) report(delay < 0 || performance.now() - lastGraph > 50);
    } else {
      delay = engine.tick();
      pool.sync();
    }
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
        postMessage({ type: 'reply', id: m.id, json: engine.import(m.text || '', m.name || 'network.json', +m.epoch || 0, +m.have || 0, m.kind || '') });
        break;
      case 'timeline': { // the run at a past cycle, and the births and deaths the page lacks
        const r = engine.timeline(m.cycle == null ? -1 : +m.cycle, +m.from || 0, m.evEpoch == null ? -1 : +m.evEpoch);
        postMessage({ type: 'timeline', id: m.id, json: r.json, graph: r.graph || null }, r.graph ? [r.graph.buffer] : []);
        return; // it changes nothing
      }
      case 'inspect': // one neuron explained (the inspector panel)
        postMessage({ type: 'reply', id: m.id, json: engine.inspect(+m.runner || 0, +m.neuron, m.at == null ? -1 : +m.at) });
        return; // it changes nothing
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
  pool.sync();
  schedule(0);
}

// A helper's ops: take a part of a race, follow the page worker's cycle.
let lastGraph = 0;
function report(withGraph) {
  if (withGraph) lastGraph = performance.now();
  const r = engine.report(withGraph);
  const graphs = Array.from(r.graphs);
  postMessage({ type: 'report', json: r.json, graphs }, graphs.filter((g) => g).map((g) => g.buffer));
}
function handlePart(m) {
  try {
    if (m.op === 'part') {
      const err = engine.part(m.fragment, m.run, JSON.stringify(m.indices));
      if (err) throw new Error(err);
      report(true);
    } else if (m.op === 'follow') {
      engine.follow(m.target, m.fragment);
    }
  } catch (e) {
    postMessage({ type: 'error', message: 'A race helper failed: ' + e });
    return;
  }
  schedule(0);
}

// ?compile=later: the page says when to compile (op 'start'), once the
// view's module is compiled; the module is fetched meanwhile.
let startCompile;
const compileGate = params.get('compile') === 'later' ? new Promise((resolve) => { startCompile = resolve; }) : null;

self.onmessage = (e) => {
  if (e.data && e.data.op === 'start') { if (startCompile) startCompile(); return; }
  if (!engine) queue.push(e.data);
  else if (helper) handlePart(e.data);
  else handle(e.data);
};

(async () => {
  const go = new Go();
  let result;
  const response = fetch('engine.wasm');
  response.catch(() => {}); // handled below, once compiling starts
  if (compileGate) await compileGate;
  try {
    try {
      result = await WebAssembly.instantiateStreaming(response, go.importObject);
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
