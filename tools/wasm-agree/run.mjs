// The browser side of the wasm agreement check: runs the wasm build of `build_all` under node.
//   node run.mjs PKG_DIR INPUT.json        PKG_DIR: `wasm-bindgen --target nodejs` output
//   node run.mjs --raw FILE.wasm INPUT.json the module as cargo built it, through its C-ABI
//                                           exports (no wasm-bindgen CLI needed)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const args = process.argv.slice(2);
if (args[0] === "--raw") {
  const [, wasmPath, inputPath] = args;
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  // wasm-bindgen's imports are never called on this path; each one throws if it were.
  const imports = {};
  for (const { module: m, name } of WebAssembly.Module.imports(module)) {
    imports[m] ??= {};
    imports[m][name] = () => {
      throw new Error(`unexpected call to ${m}.${name}`);
    };
  }
  const { exports } = new WebAssembly.Instance(module, imports);
  const input = new TextEncoder().encode(readFileSync(inputPath, "utf8"));
  const ptr = exports.agree_alloc(input.length);
  new Uint8Array(exports.memory.buffer, ptr, input.length).set(input);
  const out = exports.agree_build_all_raw(ptr, input.length);
  const len = new DataView(exports.memory.buffer).getUint32(out, true);
  const text = new TextDecoder().decode(new Uint8Array(exports.memory.buffer, out + 4, len));
  process.stdout.write(text);
} else {
  const [pkg, inputPath] = args;
  const require = createRequire(import.meta.url);
  const { build_all } = require(resolve(pkg, "wasm_agree.js"));
  process.stdout.write(build_all(readFileSync(inputPath, "utf8")));
}
