// harness.mjs times TensorFlow Playground's network code (its src/nn.ts,
// compiled to CommonJS by tools/ffbench/playground.sh, never kept in this
// repository) on the shapes and data of core/ff's BenchmarkEpoch, and
// prints one line per shape: "nn.ts <shape> <µs/epoch> <train loss>".
//
// Usage: node harness.mjs /path/to/nn.js [-ms 400] [-rounds 5] [-warm 1000] [-page 0]
//
// It calls only nn.ts's public API (buildNetwork, forwardProp, backProp,
// updateWeights, Activations.TANH, Errors.SQUARE) the way Playground's page
// trains: one epoch is one pass over the 250 training points in their
// order, forwardProp then backProp on each, updateWeights(lr 0.03, no
// regularisation) after every 10th. The page's loss and drawing after an
// epoch are not timed, and each point's input array is built once up front
// (the page builds it anew per point), so nn.ts is if anything favoured.
// With -page 1 an epoch is the page's whole oneStep instead, less the
// drawing: each point's input built as it is read, and the loss over the
// training and the test points computed after the pass.
//
// The data are Playground's spiral as its dataset.ts describes it: 500
// points, two arms of 250, point i of an arm at radius 5·i/250 and angle
// 1.75·2π·i/250 (plus π for the negative arm, labelled −1), at
// (r·sin t, r·cos t), no noise; shuffled, then the first half is the
// training set. The raw coordinates are the inputs x and y, as the page
// feeds them.
import { createRequire } from "node:module";
import path from "node:path";

const args = process.argv.slice(2);
if (args.length < 1) {
  console.error("usage: node harness.mjs /path/to/nn.js [-ms N] [-rounds N] [-warm N]");
  process.exit(2);
}
const nnPath = path.resolve(args[0]);
const opt = { ms: 400, rounds: 5, warm: 1000, page: 0 };
for (let i = 1; i < args.length; i += 2) {
  const k = args[i].replace(/^-+/, "");
  if (!(k in opt) || i + 1 >= args.length) {
    console.error(`harness.mjs: unknown or incomplete flag ${args[i]}`);
    process.exit(2);
  }
  opt[k] = Number(args[i + 1]);
}

const nn = createRequire(import.meta.url)(nnPath);

// mulberry32: a small seeded generator, so that the data and the initial
// weights are the same every run.
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function spiral(rand) {
  const total = 500, arm = total / 2;
  const pts = [];
  for (const [delta, label] of [[0, 1], [Math.PI, -1]]) {
    for (let i = 0; i < arm; i++) {
      const r = (5 * i) / arm;
      const t = (1.75 * 2 * Math.PI * i) / arm + delta;
      pts.push({ x: r * Math.sin(t), y: r * Math.cos(t), label });
    }
  }
  for (let i = pts.length - 1; i > 0; i--) { // Fisher-Yates
    const j = Math.floor(rand() * (i + 1));
    [pts[i], pts[j]] = [pts[j], pts[i]];
  }
  const split = Math.floor((total * 50) / 100);
  return [pts.slice(0, split), pts.slice(split)];
}

const shapes = [
  ["2-4-2-1", [2, 4, 2, 1]],
  ["2-8-8-1", [2, 8, 8, 1]],
  ["2-8-8-8-8-8-8-1", [2, 8, 8, 8, 8, 8, 8, 1]],
];
const lr = 0.03, batch = 10;
const [train, test] = spiral(seeded(1));
const inputs = train.map((p) => [p.x, p.y]);

function build(shape, seed) {
  // nn.ts draws its initial weights from Math.random: seed it while the
  // network is built, then put the real one back.
  const real = Math.random;
  Math.random = seeded(seed);
  try {
    return nn.buildNetwork(shape, nn.Activations.TANH, nn.Activations.TANH, null, ["x", "y"], false);
  } finally {
    Math.random = real;
  }
}

function epoch(net) {
  for (let i = 0; i < train.length; i++) {
    nn.forwardProp(net, inputs[i]);
    nn.backProp(net, train[i].label, nn.Errors.SQUARE);
    if ((i + 1) % batch === 0) {
      nn.updateWeights(net, lr, 0);
    }
  }
}

// pageEpoch is the page's oneStep without its drawing.
function pageEpoch(net) {
  for (let i = 0; i < train.length; i++) {
    const p = train[i];
    nn.forwardProp(net, [p.x, p.y]);
    nn.backProp(net, p.label, nn.Errors.SQUARE);
    if ((i + 1) % batch === 0) {
      nn.updateWeights(net, lr, 0);
    }
  }
  return loss(net, train) + loss(net, test);
}

let sink = 0; // keeps pageEpoch's losses alive

function loss(net, pts) {
  let s = 0;
  for (let i = 0; i < pts.length; i++) {
    s += nn.Errors.SQUARE.error(nn.forwardProp(net, [pts[i].x, pts[i].y]), pts[i].label);
  }
  return s / pts.length;
}

// Runs epochs for at least ms milliseconds; returns µs per epoch.
function timed(net, ms) {
  const limit = BigInt(Math.round(ms * 1e6));
  const t0 = process.hrtime.bigint();
  let n = 0, dt = 0n;
  do {
    if (opt.page) {
      for (let k = 0; k < 10; k++) sink += pageEpoch(net);
    } else {
      for (let k = 0; k < 10; k++) epoch(net);
    }
    n += 10;
    dt = process.hrtime.bigint() - t0;
  } while (dt < limit);
  return Number(dt) / 1e3 / n;
}

for (const [name, shape] of shapes) {
  const net = build(shape, 7);
  timed(net, opt.warm); // the optimising compiler's turn
  const rounds = [];
  for (let r = 0; r < opt.rounds; r++) rounds.push(timed(net, opt.ms));
  rounds.sort((a, b) => a - b);
  const median = rounds[Math.floor(rounds.length / 2)];
  console.log(`nn.ts ${name} ${median.toFixed(1)} ${loss(net, train).toPrecision(3)}`);
}
if (Number.isNaN(sink)) console.error("harness.mjs: the page loss is NaN");
