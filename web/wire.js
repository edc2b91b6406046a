// Reads the main network's last window out of the worker's run message
// (wasm/wire: AppendRunners of Graph.Append snapshots), for the reading
// panel: the window travels once, in the snapshot the view also draws.
const RUN_MAGIC = 0x02525344, GRAPH_MAGIC = 0x02475344;

// readWindow returns {cycle, alphabet, inputs, targets, probs} of the first
// runner, or null for a message it does not know.
export function readWindow(bytes) {
  const d = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (d.byteLength < 5 || d.getUint32(0, true) !== RUN_MAGIC || d.getUint8(4) < 1) return null;
  let o = 5;
  o += 1 + d.getUint8(o); // the name
  if (d.getUint8(o) !== 0) return null; // not a sequence runner (wasm/wire.KindSequence)
  o += 1 + 4; // the kind, then the graph's size
  if (d.getUint32(o, true) !== GRAPH_MAGIC) return null;
  const cycle = Number(d.getBigUint64(o + 4, true));
  o += 4 + 8 + 4 + 1 + 4;
  const v = d.getUint16(o, true), n = d.getUint16(o + 2, true), w = d.getUint16(o + 4, true);
  o += 6;
  const alphabet = [];
  for (let k = 0; k < v; k++, o += 4) alphabet.push(String.fromCodePoint(d.getUint32(o, true)));
  o += 4 * n + 8 * n + 4 * (n + 2 * v * n + n * n + (w + 1) * n); // ids, born, strengths, weights, activations
  const inputs = Array.from(bytes.subarray(o, o + w));
  const next = d.getUint8(o + w);
  o += w + 1;
  const probs = new Float32Array(w * v);
  for (let i = 0; i < probs.length; i++, o += 4) probs[i] = d.getFloat32(o, true);
  const targets = inputs.slice(1).concat(w ? [next] : []);
  return { cycle, alphabet, inputs, targets, probs };
}
