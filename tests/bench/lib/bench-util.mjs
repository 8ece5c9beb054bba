// Pieces the benchmarks share: ports, child processes, /proc readings, medians, the pipe load.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

// Starts a process and resolves once its output contains `readyText`.
export async function startProcess(command, commandArgs, readyText) {
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise((resolveReady, reject) => {
    const onData = (chunk) => {
      output += chunk;
      if (output.includes(readyText)) resolveReady();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code}: ${output}`)));
  });
  return child;
}

// The built switchboard-server on 127.0.0.1:`port` with its data in `dataDir` and `extraArgs`;
// resolves once it serves.
export function startSwitchboard(serverBinary, port, dataDir, extraArgs = []) {
  return startProcess(serverBinary,
    ['--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir, ...extraArgs], 'share URLs use');
}

// Resolves with the first match of `pattern` in a child's output (stdout and stderr together);
// rejects if the child exits first. The output keeps being drained afterwards: a full pipe would
// block the child's logging, and with it the child.
export function outputMatching(child, pattern) {
  return new Promise((resolveMatch, reject) => {
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(pattern);
      if (match) {
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        // Keep draining: a full pipe would block the relay's logging, and with it the relay.
        child.stdout.resume();
        child.stderr.resume();
        resolveMatch(match);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

// User plus system CPU seconds the process has used so far.
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+) kB/)[1]) * 1024;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// One run of tests/bench/pipeload against a relay on `port`: resolves { bytes, seconds }.
// `reuseFrame`: the sender masks one frame once and sends it again (pipeload's `reuse`).
export function runPipeload(pipeload, port, { messages, messageBytes, window, doc, reuseFrame = false }) {
  return new Promise((resolveLoad, reject) => {
    const child = spawn(pipeload, ['127.0.0.1', String(port), String(messages), String(messageBytes), String(window), doc,
      ...(reuseFrame ? ['reuse'] : [])]);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`pipeload failed: ${out}`));
        return;
      }
      const [bytes, seconds] = out.trim().split(' ').map(Number);
      resolveLoad({ bytes, seconds });
    });
  });
}

// `--name value` from the command line, or `fallback`; numbers when the fallback is a number.
export function commandLineOption(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  if (i < 0 || i + 1 >= args.length) return fallback;
  return typeof fallback === 'number' ? Number(args[i + 1]) : args[i + 1];
}
