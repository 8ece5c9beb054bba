// Loads the real, unmodified @localfirst/relay 4.2.2 Client, on the system Node (18/20: as is) and
// also on Node 22.
//
// The published dist/Client.js imports its package.json with the old import-assertion syntax
// (`import pkg from "../package.json" assert { type: "json" }`), which Node 22 no longer parses.
// On Node 22 only, that one `assert` keyword becomes the current `with` keyword at load time, in
// memory. Nothing on disk changes and the client's code and behaviour are otherwise exactly what
// npm ships.
import * as nodeModule from 'node:module';

const OLD = 'import pkg from "../package.json" assert { type: "json" };';
const NEW = 'import pkg from "../package.json" with { type: "json" };';

if (Number(process.versions.node.split('.')[0]) >= 22) {
  if (typeof nodeModule.registerHooks !== 'function') {
    throw new Error(`Node ${process.versions.node} can load @localfirst/relay only from 22.15 on (module.registerHooks)`);
  }
  nodeModule.registerHooks({
    load(url, context, nextLoad) {
      const result = nextLoad(url, context);
      if (!url.includes('/@localfirst/relay/dist/Client.js')) return result;
      const source = Buffer.from(result.source).toString('utf8');
      if (!source.includes(OLD)) {
        throw new Error('@localfirst/relay Client.js no longer contains the expected import line; '
          + 'check whether the load-time rewrite in localfirst-client.mjs is still needed');
      }
      return { ...result, source: source.replace(OLD, NEW) };
    },
  });
}

export const { Client } = await import('@localfirst/relay/Client.js');
