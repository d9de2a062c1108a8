// What xxd and hexdump share: the printable-ASCII column.
//
// Both tools show bytes 0x20..0x7e as themselves and every other byte as '.'
// (hexdump's %_p in the C locale; xxd's own test). The column for a whole
// chunk is made at once: bytes are mapped through a table into a JS scratch
// buffer and decoded as latin1, and each line takes its substring.

const PRINTABLE = new Uint8Array(256).map((_, b) => (b >= 0x20 && b < 0x7f ? b : 0x2e));

export class AsciiColumn {
  constructor(size) { this.scratch = Buffer.alloc(size); }

  // The ASCII rendering of `bytes` (a Uint8Array of at most `size` bytes).
  render(bytes) {
    const n = bytes.length;
    const out = this.scratch;
    for (let i = 0; i < n; i++) out[i] = PRINTABLE[bytes[i]];
    return out.latin1Slice(0, n);
  }
}

// An offset as C's "%08lx": at least 8 lowercase hex digits.
export function hex8(offset) {
  return offset.toString(16).padStart(8, '0');
}
