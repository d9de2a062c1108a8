// The cursor and the selection. set() is the one way to change them: it
// clamps to the document, and tells the listeners (the app redraws). Read the
// fields; never assign them.
//
//   cursor  the byte the cursor is on (== size: the append slot)
//   anchor  where a selection started, or null
//   nibble  1 after the high nibble of a byte was typed in the hex column
//   column  'hex' or 'text': where typing goes

export class Cursor {
  constructor(sizeOf, onChange = () => {}) {
    this.sizeOf = sizeOf;               // () => the document's size
    this.onChange = onChange;
    this.cursor = 0; this.anchor = null; this.nibble = 0; this.column = 'hex';
  }

  /**
   * Changes any of { cursor, anchor, nibble, column }. `extend: true` with a
   * new cursor keeps (or starts) the selection at the old cursor; a new cursor
   * without it drops the selection. A move resets the nibble.
   */
  set({ cursor, anchor, nibble, column, extend = false } = {}) {
    const size = this.sizeOf();
    const before = `${this.cursor}/${this.anchor}/${this.nibble}/${this.column}`;
    if (cursor !== undefined) {
      cursor = Math.max(0, Math.min(size, cursor));
      if (extend) { if (this.anchor === null) this.anchor = this.cursor; }
      else if (anchor === undefined) this.anchor = null;
      if (cursor !== this.cursor && nibble === undefined) this.nibble = 0;
      this.cursor = cursor;
    }
    if (anchor !== undefined) this.anchor = anchor === null ? null : Math.max(0, Math.min(size, anchor));
    if (nibble !== undefined) this.nibble = nibble;
    if (column !== undefined) { this.column = column; this.nibble = 0; }
    if (this.anchor !== null && this.anchor > size) this.anchor = size;
    if (`${this.cursor}/${this.anchor}/${this.nibble}/${this.column}` !== before) this.onChange();
  }

  /** Clamps after the document shrank (an edit, an undo). */
  clamp() { this.set({ cursor: Math.min(this.cursor, this.sizeOf()), anchor: this.anchor }); }

  /** [start, end) of the selection, or null. */
  get selection() {
    if (this.anchor === null || this.anchor === this.cursor) return null;
    const a = Math.min(this.anchor, this.cursor), b = Math.max(this.anchor, this.cursor);
    return [a, Math.min(b + 1, this.sizeOf())];
  }
}
