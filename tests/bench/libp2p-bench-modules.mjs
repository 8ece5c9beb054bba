// The libp2p benchmark uses the js-libp2p 3 packages pinned in tests/js (tests/bench's own
// node_modules hold other clients). Node resolves bare imports from the importing file's folder
// only, and several of these packages export for `import` alone, so the entry is read from each
// package.json's "exports" here.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const jsTestsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../js');

function entry(exportsField, subpath) {
  // "exports" is either the "." entry itself or a map of subpaths.
  const sugar = typeof exportsField === 'string' || !Object.keys(exportsField).some((key) => key.startsWith('.'));
  let target = sugar ? (subpath === '.' ? exportsField : undefined) : exportsField[subpath];
  while (target && typeof target === 'object') target = target.import ?? target.default ?? target['module-sync'];
  return target;
}

// import() of `name` (a package, or a package subpath such as '@libp2p/crypto/keys').
export function load(name) {
  const parts = name.split('/');
  const packageName = name.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const rest = name.slice(packageName.length);
  const subpath = rest ? `.${rest}` : '.';
  const dir = join(jsTestsDir, 'node_modules', packageName);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = (manifest.exports && entry(manifest.exports, subpath)) ?? manifest.module ?? manifest.main ?? 'index.js';
  return import(pathToFileURL(join(dir, file)).href);
}

// The modules a libp2p node of the benchmark is made of.
export async function libp2pModules() {
  const [{ createLibp2p }, { tcp }, { noise }, { yamux }, { identify }, circuit, { multiaddr }] = await Promise.all([
    load('libp2p'), load('@libp2p/tcp'), load('@chainsafe/libp2p-noise'), load('@chainsafe/libp2p-yamux'),
    load('@libp2p/identify'), load('@libp2p/circuit-relay-v2'), load('@multiformats/multiaddr')]);
  return { createLibp2p, tcp, noise, yamux, identify, multiaddr, ...circuit };
}
