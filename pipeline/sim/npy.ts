// NumPy .npy format 1.0 for float64 C-order arrays, byte-for-byte like numpy.save:
// magic "\x93NUMPY", version 1.0, uint16 LE header length, a Python dict literal padded with
// spaces and a final newline so that the data starts at a multiple of 64 bytes.

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

function headerText(shape: number[]): string {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  return `{'descr': '<f8', 'fortran_order': False, 'shape': ${dims}, }`;
}

export function encodeNpy(data: Float64Array, shape: number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`npy: shape ${shape} does not match ${data.length} values`);
  let header = headerText(shape);
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const headerBytes = new TextEncoder().encode(header);
  const out = new Uint8Array(10 + headerBytes.length + data.length * 8);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, headerBytes.length, true);
  out.set(headerBytes, 10);
  const view = new DataView(out.buffer, 10 + headerBytes.length);
  for (let i = 0; i < data.length; i++) view.setFloat64(i * 8, data[i], true);
  return out;
}

export function decodeNpy(bytes: Uint8Array): { data: Float64Array; shape: number[] } {
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) throw new Error('npy: bad magic');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = view.getUint16(8, true);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + hlen));
  if (!header.includes("'descr': '<f8'") || !header.includes("'fortran_order': False")) throw new Error(`npy: unsupported header ${header.trim()}`);
  const dims = /'shape': \(([^)]*)\)/.exec(header)![1];
  const shape = dims
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat64(10 + hlen + i * 8, true);
  return { data, shape };
}
