// The race's helper workers, for the training worker (worker.js): a race's
// runners may be stepped by several Web Workers at once. This only relays:
// the engine (wasm/session/parallel.go) decides how many workers, which
// runners each steps, the cycle they step to, and puts their reports
// together. A helper is worker.js itself, started with ?helper.
// A classic script, loaded with importScripts; it defines self.RacePool.
'use strict';
self.RacePool = class RacePool {
  // engine: the page worker's engine; wake(): run a training slice now.
  constructor(engine, wake) {
    this.engine = engine;
    this.wake = wake;
    this.helpers = [];
    this.run = -1;
    this.target = -1;
    this.fragment = '';
    this.failed = false;
  }

  // sync tells the helpers what the engine's parts say, after each command
  // and training slice.
  sync() {
    if (this.failed) return;
    const p = JSON.parse(this.engine.parts());
    const groups = p.groups || [];
    if (p.run !== this.run) {
      this.run = p.run;
      this.target = -1;
      while (this.helpers.length > groups.length) this.helpers.pop().terminate();
      while (this.helpers.length < groups.length) this.spawn();
      groups.forEach((g, i) => this.helpers[i].postMessage({ op: 'part', run: p.run, fragment: p.fragment, indices: g }));
    }
    if (groups.length && (p.target !== this.target || p.fragment !== this.fragment)) {
      this.target = p.target;
      this.fragment = p.fragment;
      for (const h of this.helpers) h.postMessage({ op: 'follow', target: p.target, fragment: p.fragment });
    }
  }

  spawn() {
    const h = new Worker('worker.js?helper=1');
    h.onmessage = (e) => {
      const m = e.data;
      if (m.type === 'report') {
        this.engine.receive(m.json, m.graphs);
        this.wake();
      } else if (m.type === 'error') {
        this.fail(m.message);
      }
    };
    h.onerror = (e) => this.fail(e.message || 'a helper worker failed');
    this.helpers.push(h);
  }

  // fail falls back to one worker: the race starts again from its link
  // (the same run) with every runner here.
  fail(why) {
    if (this.failed) return;
    this.failed = true;
    for (const h of this.helpers) h.terminate();
    this.helpers = [];
    this.engine.setWorkers(1, 1);
    console.warn('diffstruct: the race runs in one worker:', why);
    this.wake();
  }
};
