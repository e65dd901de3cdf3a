// A minimal PNG reader (8-bit RGB/RGBA, non-interlaced: what resvg writes), so tests can check
// the bytes we store decode to a non-blank image of the right size without another dependency.
import { inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  channels: number;
  pixels: Uint8Array;
}

export function decodePng(png: Uint8Array): DecodedPng {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8,
    width = 0,
    height = 0,
    channels = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos),
      type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8],
        color = body[9],
        interlace = body[12];
      if (depth !== 8 || interlace !== 0 || (color !== 2 && color !== 6))
        throw new Error(`unsupported PNG (depth ${depth}, color ${color}, interlace ${interlace})`);
      channels = color === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[i - channels] : 0,
        b = prev[i],
        c = i >= channels ? prev[i - channels] : 0;
      let v = line[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c,
          pa = Math.abs(p - a),
          pb = Math.abs(p - b),
          pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[i] = v & 255;
    }
  }
  return { width, height, channels, pixels };
}

/** Variance of the grey level over all pixels (0 for a blank image). */
export function greyVariance(img: DecodedPng): number {
  let s = 0,
    s2 = 0;
  const n = img.width * img.height;
  for (let p = 0; p < n; p++) {
    const o = p * img.channels;
    const g = (img.pixels[o] + img.pixels[o + 1] + img.pixels[o + 2]) / 3;
    s += g;
    s2 += g * g;
  }
  return s2 / n - (s / n) * (s / n);
}

/** Pixels darker than `below` (0–255 grey): text and dark marks, not light gridlines. */
export function darkPixels(img: DecodedPng, below = 100): number {
  let k = 0;
  for (let p = 0; p < img.width * img.height; p++) {
    const o = p * img.channels;
    if ((img.pixels[o] + img.pixels[o + 1] + img.pixels[o + 2]) / 3 < below) k++;
  }
  return k;
}
