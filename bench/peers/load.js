// The npm peer the struct rows and the whole task are timed against:
// python-struct, pinned in bench/peers/package-lock.json. `make bench`
// installs it (scripts/setup.sh bench-peers); without it, its rows say so.
import { createRequire } from 'node:module';

/** python-struct's module, or the Error that says how to install it. */
export function loadPythonStruct() {
  try {
    return createRequire(import.meta.url)('python-struct');
  } catch (e) {
    return new Error(`python-struct is not installed: make bench installs it (scripts/setup.sh bench-peers) [${e.code ?? e.message}]`);
  }
}
