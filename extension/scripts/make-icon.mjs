// Draws assets/icon.png (512×512): a teal rounded square with a small white network — three
// linked nodes, the "rete" of the URP offices. Only node:zlib, so it runs with no dependencies;
// Plasmo derives every smaller icon size from this one file.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const SIZE = 512;
const SAMPLES = 4; // supersampling per axis, for smooth edges

const nodes = [
  [256, 150],
  [150, 340],
  [362, 340],
];
const links = [
  [0, 1],
  [0, 2],
  [1, 2],
];

function inRoundedSquare(x, y) {
  const r = 112;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** [r, g, b, a] of one sample point. */
function sample(x, y) {
  if (!inRoundedSquare(x, y)) return [0, 0, 0, 0];
  const onNode = nodes.some(([nx, ny]) => Math.hypot(x - nx, y - ny) <= 62);
  const onLink = links.some(([a, b]) => distanceToSegment(x, y, nodes[a], nodes[b]) <= 20);
  if (onNode || onLink) return [255, 255, 255, 255];
  // A gentle diagonal gradient: #0f766e → #0e7490.
  const t = (x + y) / (2 * SIZE);
  return [15 + (14 - 15) * t, 118 + (116 - 118) * t, 110 + (144 - 110) * t, 255];
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const [r, g, b, a] = sample(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
        // Premultiply so transparent samples do not darken the edge.
        sum[0] += r * a;
        sum[1] += g * a;
        sum[2] += b * a;
        sum[3] += a;
      }
    }
    const offset = y * (SIZE * 4 + 1) + 1 + x * 4;
    const alpha = sum[3] / (SAMPLES * SAMPLES);
    raw[offset] = sum[3] ? Math.round(sum[0] / sum[3]) : 0;
    raw[offset + 1] = sum[3] ? Math.round(sum[1] / sum[3]) : 0;
    raw[offset + 2] = sum[3] ? Math.round(sum[2] / sum[3]) : 0;
    raw[offset + 3] = Math.round(alpha);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", header),
  chunk("IDAT", deflateSync(raw, { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
const target = new URL("../assets/icon.png", import.meta.url);
writeFileSync(target, png);
console.log(`wrote ${target.pathname} (${png.length} bytes)`);
