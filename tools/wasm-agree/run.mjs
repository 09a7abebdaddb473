// The browser side of the wasm agreement check: runs the wasm build of `build_all` under node.
// usage: node run.mjs PKG_DIR INPUT.json   (PKG_DIR: `wasm-bindgen --target nodejs` output)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const [pkg, inputPath] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { build_all } = require(resolve(pkg, "wasm_agree.js"));
process.stdout.write(build_all(readFileSync(inputPath, "utf8")));
