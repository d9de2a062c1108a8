// memview's command line: dispatch to a subcommand, and turn every failure
// into one line on stderr and a non-zero exit status (never a stack trace).
//
// Exit status: 0 success; 1 a failure reported on stderr (a missing file, a
// seek or patch past the end), or `find` finding nothing; 2 a bad command line.

import { CliError, UsageError } from './errors.js';

// Loaded on demand, so `memview --help` works even where the wasm cannot load.
const COMMANDS = {
  xxd: () => import('./xxd.js').then((m) => m.xxd),
  hexdump: () => import('./hexdump.js').then((m) => m.hexdump),
  unpack: () => import('./unpack.js').then((m) => m.unpack),
  find: () => import('./find.js').then((m) => m.find),
  patch: () => import('./patch.js').then((m) => m.patch),
};

export const USAGE = `usage: memview COMMAND ...
  memview xxd [-c COLS] [-g GROUP] [-s [-]SEEK] [-l LEN] [-u] [-p] FILE
                                         hex dump, identical to xxd
  memview hexdump -C FILE                canonical dump, identical to hexdump -C
  memview unpack FORMAT FILE [--offset N] [--count K]
                                         struct records as JSON lines
  memview find FILE PATTERN [--hex]      offsets of a text or hex pattern
  memview patch FILE OFFSET HEXBYTES     overwrite bytes in place
Numbers may be decimal or 0x hex. memview COMMAND --help for one command.
`;

// Runs one command line; returns the exit status. `io` is injectable for tests.
export async function main(argv, io = { stdout: process.stdout, stderr: process.stderr }) {
  const [name, ...rest] = argv;
  const prefix = Object.hasOwn(COMMANDS, name ?? '') ? `memview ${name}: ` : 'memview: ';
  try {
    if (name === undefined) throw new UsageError('missing COMMAND (try memview --help)');
    if (name === '-h' || name === '--help' || name === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : null;
    if (!load) throw new UsageError(`unknown command '${name}' (try memview --help)`);
    // Node hands each byte of an argument that is not UTF-8 over as U+FFFD,
    // so such a file name would name another file (one whose name is those
    // U+FFFDs), and such a pattern other bytes. Refused, as U+FFFD itself:
    // the two cannot be told apart.
    const mangled = rest.find((a) => a.includes('\uFFFD'));
    if (mangled !== undefined) {
      throw new UsageError(`argument '${mangled}' is not valid UTF-8, or holds U+FFFD: Node cannot pass it on as it is, so nothing was done (a pattern can be given with --hex)`);
    }
    const run = await load();
    const result = await run(rest, io);
    if (result.usage) io.stdout.write(result.usage + '\n');
    if (result.warning) io.stderr.write(`${prefix}${result.warning}\n`);
    return result.exitCode ?? 0;
  } catch (err) {
    io.stderr.write(`${prefix}${oneLine(describe(err))}\n`);
    return err instanceof CliError ? err.exitCode : 1;
  }
}

/** Control characters (a newline or a carriage return in a file name, a C1
 *  CSI) as escapes, so that a message stays one line and nothing overwrites
 *  it or talks to the terminal; a backslash doubled, so that an escape is
 *  told from a name's own text. */
const oneLine = (text) => text.replace(/[\x00-\x1f\x7f-\x9f\\]/g,
  (c) => (c === '\\' ? '\\\\' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));

// One line for any error: ours as they are, the library's as "Name: message".
function describe(err) {
  if (err instanceof CliError) return err.message;
  // In a checkout, 'memview' is the bundle that `make dist` builds.
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && /dist\/memview\.js/.test(err.message)) {
    return 'error: dist/memview.js is not built: run `make dist` in the repository';
  }
  if (err && typeof err === 'object' && 'message' in err) {
    const first = String(err.message).split('\n')[0];
    return `error: ${err.name || 'Error'}: ${first}`;
  }
  return `error: ${String(err)}`;
}
