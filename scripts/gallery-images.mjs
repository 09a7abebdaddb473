#!/usr/bin/env node
// The gallery's images as studio assets.
//
//   node scripts/gallery-images.mjs              (from the repository's root)
//   node scripts/gallery-images.mjs --sources    also rewrite the design documents in gallery/*.json
//
// 1. Each public/gallery/img/NAME.svg is rasterised by Chromium (playwright-core,
//    /usr/bin/chromium) at twice its intrinsic size (the root <svg>'s width and height, else
//    its viewBox) to public/gallery/img/NAME.png. The SVG stays (designs made from the gallery
//    before it used assets point at it). The studio takes
//    PNG, JPEG, GIF and WebP as assets, never SVG (docs/assets.md). Each image is drawn twice
//    and must come out byte for byte the same, then written again losslessly in fewer bytes
//    (below): one Chromium and one Node give one PNG for one SVG.
// 2. In every public/gallery/*.widget, each `/gallery/img/NAME.svg` becomes
//    `asset:<SHA-256 of NAME.png>`: in the plain fields as text (the file's formatting is kept)
//    and inside `encodedWidget` (base64url, no padding, of the builder state's JSON), which is
//    decoded, rewritten and encoded again. A path built in the view from data,
//    `/gallery/img/PREFIX${expr}SUFFIX.svg` in a template literal, becomes a lookup over the
//    images that match, `{ key: "asset:…", … }[expr]`; the compiled `template` of such a
//    design is then written by the studio (`widget-studio export --format widget`, the binary
//    in $WIDGET_STUDIO, else target/release/widget-studio, as scripts/gallery uses).
// 3. Checks that no .widget (encodedWidget decoded too) names a gallery SVG any more and that
//    every `asset:` id in it is one of the PNGs, and prints a table of the images. When the
//    studio binary is there, it also checks that exporting each .widget again reproduces it
//    byte for byte (so the template agrees with the view).
//
// Idempotent: the same Chromium draws the same PNG for the same SVG, and references already
// rewritten are left, so running it again changes nothing.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GALLERY = path.join(ROOT, 'public', 'gallery');
const IMG = path.join(GALLERY, 'img');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const STUDIO = process.env.WIDGET_STUDIO || path.join(ROOT, 'target', 'release', 'widget-studio');
const SCALE = 2;
const BIG = 200 * 1024;

const args = process.argv.slice(2);
const sourcesArg = args.find((a) => a === '--sources' || a.startsWith('--sources='));
const SOURCES = sourcesArg
  ? sourcesArg.includes('=') ? path.resolve(sourcesArg.slice('--sources='.length)) : path.join(ROOT, 'gallery')
  : null;
for (const a of args) {
  if (a !== sourcesArg) {
    console.error(`unknown argument ${a}\nusage: node scripts/gallery-images.mjs [--sources[=DIR]]`);
    process.exit(2);
  }
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const list = (dir, ext) =>
  fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort();
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

// ---------------------------------------------------------------------------------------------
// 1. SVG -> PNG

/** The root <svg> tag of a document: [start, end) of the tag and its attributes. */
function rootTag(svg) {
  const m = /<svg\b[^>]*>/.exec(svg);
  if (!m) throw new Error('no <svg> element');
  const attrs = new Map();
  const re = /([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let a;
  while ((a = re.exec(m[0].slice(4)))) attrs.set(a[1], a[2] ?? a[3]);
  return { start: m.index, end: m.index + m[0].length, tag: m[0], attrs };
}

/** A length in user units ("68", "68px"), or null for anything else (%, em, missing). */
function px(v) {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*(px)?\s*$/i.exec(v ?? '');
  return m ? Number(m[1]) : null;
}

/** The intrinsic size of an SVG: its width and height, else its viewBox's. */
function svgSize(svg) {
  const { attrs } = rootTag(svg);
  const vb = (attrs.get('viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  const hasVb = vb.length === 4 && vb.every(Number.isFinite) && vb[2] > 0 && vb[3] > 0;
  let w = px(attrs.get('width'));
  let h = px(attrs.get('height'));
  if (w === null && h === null) {
    if (!hasVb) throw new Error('neither width/height nor a viewBox');
    [w, h] = [vb[2], vb[3]];
  } else if (w === null || h === null) {
    if (!hasVb) throw new Error('only one of width/height and no viewBox');
    if (w === null) w = (h * vb[2]) / vb[3];
    else h = (w * vb[3]) / vb[2];
  }
  return { w, h, viewBox: hasVb ? vb.join(' ') : null };
}

/** The SVG with its root sized to w×h device pixels (the drawing scales with its viewBox). */
function sizedSvg(svg, size, w, h) {
  const { start, end, tag } = rootTag(svg);
  let t = tag.replace(/\s(width|height)\s*=\s*("[^"]*"|'[^']*')/g, '');
  if (!size.viewBox) t = t.replace(/^<svg/, `<svg viewBox="0 0 ${size.w} ${size.h}"`);
  t = t.replace(/^<svg/, `<svg width="${w}" height="${h}"`);
  return svg.slice(0, start) + t + svg.slice(end);
}

async function rasterise(svgs) {
  if (svgs.length === 0) return [];
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--disable-gpu', '--force-color-profile=srgb', '--disable-lcd-text'],
  });
  const out = [];
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    await page.setContent('<!doctype html><html><body></body></html>');
    for (const file of svgs) {
      const name = file.slice(0, -'.svg'.length);
      const text = fs.readFileSync(path.join(IMG, file), 'utf8');
      let size;
      try {
        size = svgSize(text);
      } catch (e) {
        throw new Error(`${file}: ${e.message}`);
      }
      const w = Math.round(size.w * SCALE);
      const h = Math.round(size.h * SCALE);
      const src = 'data:image/svg+xml;base64,' + Buffer.from(sizedSvg(text, size, w, h)).toString('base64');
      const draw = () =>
        page.evaluate(
          async ({ src, w, h }) => {
            const img = new Image();
            img.src = src;
            await img.decode();
            const canvas = document.createElement('canvas');
            canvas.width = w;
            canvas.height = h;
            const ctx = canvas.getContext('2d');
            ctx.imageSmoothingEnabled = true;
            ctx.imageSmoothingQuality = 'high';
            ctx.drawImage(img, 0, 0, w, h);
            return canvas.toDataURL('image/png');
          },
          { src, w, h },
        );
      const [a, b] = [await draw(), await draw()];
      if (a !== b) throw new Error(`${file}: two drawings gave different bytes`);
      const drawn = Buffer.from(a.slice(a.indexOf(',') + 1), 'base64');
      const png = optimisePng(drawn);
      out.push({ file, name, png, w, h, drawn: drawn.length });
    }
  } finally {
    await browser.close();
  }
  return out;
}

// Chromium's canvas writes RGBA with the Up filter on every row and light compression: a
// 640×360 gradient comes out near 200 KB. The same pixels are written again, losslessly: RGB
// when every pixel is opaque, each row's filter chosen by the usual minimum-sum heuristic,
// zlib at level 9 (deterministic for one Node). The result is decoded and compared with the
// pixels it came from.

const PNG_SIG = Buffer.from('89504e470d0a1a0a', 'hex');
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
function chunks(png) {
  if (!png.subarray(0, 8).equals(PNG_SIG)) throw new Error('not a PNG');
  const out = [];
  for (let o = 8; o < png.length; ) {
    const len = png.readUInt32BE(o);
    out.push({ type: png.subarray(o + 4, o + 8).toString('latin1'), data: png.subarray(o + 8, o + 8 + len) });
    o += 12 + len;
  }
  return out;
}
function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
function predict(ft, a, b, c) {
  return ft === 0 ? 0 : ft === 1 ? a : ft === 2 ? b : ft === 3 ? (a + b) >> 1 : paeth(a, b, c);
}

/** The pixels of an 8-bit, non-interlaced RGB or RGBA PNG: { w, h, channels, rows }. */
function decodePng(png) {
  const cs = chunks(png);
  const ih = cs[0].data;
  const w = ih.readUInt32BE(0);
  const h = ih.readUInt32BE(4);
  const [depth, type, , , interlace] = ih.subarray(8);
  const channels = { 2: 3, 6: 4 }[type];
  if (cs[0].type !== 'IHDR' || depth !== 8 || !channels || interlace !== 0) return null;
  const raw = zlib.inflateSync(Buffer.concat(cs.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = w * channels;
  const rows = [];
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < h; y++) {
    const ft = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels] : 0;
      const c = i >= channels ? prev[i - channels] : 0;
      cur[i] = (src[i] + predict(ft, a, prev[i], c)) & 0xff;
    }
    rows.push(cur);
    prev = cur;
  }
  return { w, h, channels, rows };
}

function encodePng({ w, h, channels, rows }) {
  const stride = w * channels;
  const out = [];
  let prev = Buffer.alloc(stride);
  for (const cur of rows) {
    let best = null;
    let bestSum = Infinity;
    for (let ft = 0; ft < 5; ft++) {
      const line = Buffer.alloc(stride + 1);
      line[0] = ft;
      let sum = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= channels ? cur[i - channels] : 0;
        const c = i >= channels ? prev[i - channels] : 0;
        const v = (cur[i] - predict(ft, a, prev[i], c)) & 0xff;
        line[i + 1] = v;
        sum += v < 128 ? v : 256 - v;
      }
      if (sum < bestSum) [best, bestSum] = [line, sum];
    }
    out.push(best);
    prev = cur;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8);
  const idat = zlib.deflateSync(Buffer.concat(out), { level: 9, memLevel: 9 });
  return Buffer.concat([PNG_SIG, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** The same pixels in fewer bytes (or the PNG as it was, if that is smaller or unreadable). */
function optimisePng(png) {
  const img = decodePng(png);
  if (!img) return png;
  let slim = img;
  if (img.channels === 4 && img.rows.every((r) => r.every((v, i) => i % 4 !== 3 || v === 255))) {
    slim = {
      ...img,
      channels: 3,
      rows: img.rows.map((r) => Buffer.from(r.filter((_, i) => i % 4 !== 3))),
    };
  }
  const out = encodePng(slim);
  const back = decodePng(out);
  const same =
    back.w === slim.w && back.h === slim.h && back.channels === slim.channels &&
    back.rows.every((r, y) => r.equals(slim.rows[y]));
  if (!same) throw new Error('re-encoding the PNG changed its pixels');
  return out.length < png.length ? out : png;
}

/** Width and height from a PNG's IHDR. */
function pngSize(bytes) {
  const sig = '89504e470d0a1a0a';
  if (bytes.subarray(0, 8).toString('hex') !== sig || bytes.subarray(12, 16).toString() !== 'IHDR') {
    throw new Error('not a PNG');
  }
  return { w: bytes.readUInt32BE(16), h: bytes.readUInt32BE(20) };
}

// ---------------------------------------------------------------------------------------------
// 2. References

const LITERAL = /\/gallery\/img\/([A-Za-z0-9_.-]+?)\.svg/g;
// A template literal building the path from data, as it appears inside a JSON string.
const DYNAMIC = /`\/gallery\/img\/([A-Za-z0-9_.-]*)\$\{([^`}]+)\}([A-Za-z0-9_.-]*)\.svg`/g;

/** Rewrites the references in JSON text (every match is inside a JSON string). */
function rewrite(text, pngs, where) {
  let dynamic = 0;
  const missing = new Set();
  let out = text.replace(DYNAMIC, (whole, prefix, exprJson, suffix) => {
    const expr = JSON.parse(`"${exprJson}"`);
    const keys = [...pngs.keys()]
      .filter((n) => n.startsWith(prefix) && n.endsWith(suffix) && n.length > prefix.length + suffix.length)
      .map((n) => n.slice(prefix.length, n.length - suffix.length))
      .sort();
    if (keys.length === 0) {
      missing.add(`${prefix}\${${expr}}${suffix}.png`);
      return whole;
    }
    const entries = keys.map((k) => {
      const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
      return `${key}: "asset:${pngs.get(prefix + k + suffix).sha}"`;
    });
    dynamic += 1;
    const lookup = `{ ${entries.join(', ')} }[${expr}]`;
    return JSON.stringify(lookup).slice(1, -1);
  });
  out = out.replace(LITERAL, (whole, name) => {
    const p = pngs.get(name);
    if (!p) {
      missing.add(`${name}.png`);
      return whole;
    }
    return `asset:${p.sha}`;
  });
  if (missing.size) throw new Error(`${where}: no image for ${[...missing].join(', ')}`);
  return { text: out, dynamic };
}

const b64urlDecode = (s) => Buffer.from(s, 'base64url').toString('utf8');
const b64urlEncode = (s) => Buffer.from(s, 'utf8').toString('base64url'); // no padding

/** The .widget's text and its encodedWidget's decoded JSON text. */
function readWidget(file) {
  const text = fs.readFileSync(path.join(GALLERY, file), 'utf8');
  const enc = JSON.parse(text).encodedWidget;
  if (typeof enc !== 'string') return { text, enc: null, dec: null };
  if (!/^[A-Za-z0-9_-]*$/.test(enc)) throw new Error(`${file}: encodedWidget is not unpadded base64url`);
  const dec = b64urlDecode(enc);
  if (b64urlEncode(dec) !== enc) throw new Error(`${file}: encodedWidget does not round-trip`);
  JSON.parse(dec);
  return { text, enc, dec };
}

function studioExport(text, file) {
  if (!fs.existsSync(STUDIO)) {
    throw new Error(
      `${file}: its view builds an image path from data, so its template must be compiled again, ` +
        `and there is no studio binary at ${STUDIO} (build it, or set WIDGET_STUDIO)`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gallery-images-'));
  try {
    const tmp = path.join(dir, file);
    fs.writeFileSync(tmp, text);
    const out = execFileSync(STUDIO, ['export', '--format', 'widget', '--keep-assets', tmp], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 << 20,
    });
    return out.endsWith('\n') ? out : out + '\n';
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function rewriteWidget(file, pngs) {
  const { text, enc, dec } = readWidget(file);
  let next = text;
  let dynamic = 0;
  if (enc !== null) {
    const r = rewrite(dec, pngs, `${file} (encodedWidget)`);
    JSON.parse(r.text);
    dynamic = r.dynamic;
    if (r.text !== dec) {
      const old = `"encodedWidget": "${enc}"`;
      if (next.split(old).length !== 2) throw new Error(`${file}: cannot find encodedWidget in the text`);
      next = next.replace(old, () => `"encodedWidget": "${b64urlEncode(r.text)}"`);
    }
  }
  // base64url has no '/', so what is left to match is in the plain fields.
  next = rewrite(next, pngs, file).text;
  if (dynamic > 0) {
    // The compiled template still builds the old path: the studio compiles the new view.
    next = studioExport(next, file);
  }
  JSON.parse(next);
  return next;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  // 1.
  const svgs = list(IMG, '.svg');
  const made = await rasterise(svgs);
  for (const m of made) fs.writeFileSync(path.join(IMG, `${m.name}.png`), m.png);
  if (made.length) {
    const drawn = made.reduce((n, m) => n + m.drawn, 0);
    const kept = made.reduce((n, m) => n + m.png.length, 0);
    console.log(`rasterised ${made.length} SVG(s) at ${SCALE}x: ${kb(drawn)} as Chromium writes them, ${kb(kept)} written`);
  }

  const pngs = new Map();
  for (const f of list(IMG, '.png')) {
    const bytes = fs.readFileSync(path.join(IMG, f));
    pngs.set(f.slice(0, -4), { file: f, bytes: bytes.length, sha: sha256(bytes), ...pngSize(bytes) });
  }

  // 2.
  const widgets = list(GALLERY, '.widget');
  const changed = [];
  for (const f of widgets) {
    const before = fs.readFileSync(path.join(GALLERY, f), 'utf8');
    const after = rewriteWidget(f, pngs);
    if (after !== before) {
      fs.writeFileSync(path.join(GALLERY, f), after);
      changed.push(f);
    }
  }
  console.log(changed.length ? `rewrote ${changed.join(', ')}` : 'no .widget needed rewriting');

  if (SOURCES) {
    const docs = list(SOURCES, '.json');
    const done = [];
    for (const f of docs) {
      const p = path.join(SOURCES, f);
      const before = fs.readFileSync(p, 'utf8');
      const after = rewrite(before, pngs, path.join(path.relative(ROOT, SOURCES), f)).text;
      JSON.parse(after);
      if (after !== before) {
        fs.writeFileSync(p, after);
        done.push(f);
      }
    }
    console.log(done.length ? `rewrote sources ${done.join(', ')}` : 'no source needed rewriting');
  }

  // The SVGs stay: designs made from the gallery before it used assets still point at them
  // (`/gallery/img/NAME.svg`, served as static files).
  void made;

  // 3.
  const problems = [];
  const usedBy = new Map([...pngs.values()].map((p) => [p.sha, []]));
  const ids = new Set(usedBy.keys());
  for (const f of widgets) {
    const { text, dec } = readWidget(f);
    const slug = f.slice(0, -'.widget'.length);
    const seen = new Set();
    for (const [part, t] of [['file', text], ['encodedWidget', dec ?? '']]) {
      if (t.includes('gallery/img')) problems.push(`${f} (${part}): still mentions gallery/img`);
      if (/\.svg\b/i.test(t)) problems.push(`${f} (${part}): still mentions an .svg`);
      for (const m of t.matchAll(/asset:([0-9a-f]{64})(?![0-9a-fA-F])/g)) {
        if (!ids.has(m[1])) problems.push(`${f} (${part}): asset:${m[1]} is none of the PNGs`);
        else seen.add(m[1]);
      }
      const bad = [...t.matchAll(/asset:/g)].length - [...t.matchAll(/asset:[0-9a-f]{64}(?![0-9a-fA-F])/g)].length;
      if (bad) problems.push(`${f} (${part}): ${bad} malformed asset: reference(s)`);
    }
    for (const id of seen) usedBy.get(id).push(slug);
  }

  const rows = [...pngs.values()].map((p) => [
    p.file,
    `${p.w}×${p.h}`,
    String(p.bytes),
    p.sha.slice(0, 12),
    usedBy.get(p.sha).join(', ') || '(none)',
  ]);
  const head = ['png', 'size', 'bytes', 'sha256', 'used by'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 2 ? c.padStart(width[i]) : c.padEnd(width[i]))).join('  ').trimEnd();
  console.log();
  console.log(line(head));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
  const total = [...pngs.values()].reduce((n, p) => n + p.bytes, 0);
  console.log(`\n${pngs.size} PNGs, ${total} bytes (${kb(total)}) in all`);
  for (const p of pngs.values()) {
    if (p.bytes > BIG) console.log(`note: ${p.file} is ${kb(p.bytes)}, over ${kb(BIG)}`);
    if (usedBy.get(p.sha).length === 0) console.log(`note: no .widget uses ${p.file}`);
  }

  if (fs.existsSync(STUDIO)) {
    for (const f of widgets) {
      const text = fs.readFileSync(path.join(GALLERY, f), 'utf8');
      let again;
      try {
        again = studioExport(text, f);
      } catch (e) {
        problems.push(`${f}: the studio could not export it: ${(e.stderr || e.message).toString().trim()}`);
        continue;
      }
      if (again !== text) problems.push(`${f}: exporting it again with the studio does not reproduce it`);
    }
    const shown = STUDIO.startsWith(ROOT + path.sep) ? path.relative(ROOT, STUDIO) : STUDIO;
    console.log(`export check with ${shown}: ${widgets.length} files reproduced`);
  } else {
    console.log(`export check skipped: no studio binary at ${STUDIO}`);
  }

  if (problems.length) {
    console.error(`\n${problems.length} problem(s):\n${problems.join('\n')}`);
    process.exit(1);
  }
  console.log('ok: no gallery SVG referenced; every asset: id is a shipped PNG');
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
