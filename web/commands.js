import { COPY_FORMATS } from './formats.js';

// Every command of the editor, with its keys: the keymap is this list. A
// button, a key and the console all do the same thing: app.commands.run(id).
//
// A command is { id, label, keys, scope, run(app, arg), when?(app) }:
//   keys   'Ctrl+Shift+Z' style (Ctrl is also Cmd on a Mac); '' for none
//   scope  'grid': only while the grid has the focus; 'global': anywhere,
//          except in a text field when the key is one the field itself uses
//   event  'copy': the browser's copy event runs it (so the clipboard data
//          can be set in it), not the keydown

export class Commands {
  constructor(app) {
    this.app = app;
    this.byId = new Map();
    this.keymap = { grid: new Map(), global: new Map() };
  }

  add(cmd) {
    const c = { scope: 'global', keys: [], ...cmd };
    this.byId.set(c.id, c);
    for (const k of c.keys) {
      const map = this.keymap[c.scope];
      if (!map.has(k)) map.set(k, []);
      map.get(k).push(c);
    }
    return this;
  }

  /** Runs a command; an error becomes a message and nothing changes. */
  run(id, arg) {
    const c = this.byId.get(id);
    if (!c) throw new Error(`no command '${id}'`);
    try {
      const r = c.run(this.app, arg);
      if (r && typeof r.catch === 'function') r.catch((e) => this.app.fail(e));
      return r;
    } catch (e) { this.app.fail(e); return undefined; }
  }

  /** 'Ctrl+Shift+ArrowLeft' for a keydown event. */
  static keyOf(e) {
    let k = e.key;
    if (k.length === 1) k = k.toUpperCase();
    if (k === ' ') k = 'Space';
    return `${e.ctrlKey || e.metaKey ? 'Ctrl+' : ''}${e.altKey ? 'Alt+' : ''}${e.shiftKey && k.length > 1 ? 'Shift+' : ''}${e.shiftKey && k.length === 1 && /[A-Z]/.test(k) ? 'Shift+' : ''}${k}`;
  }

  /** Runs the command bound to a keydown in `scope`; true when one ran. */
  handle(e, scope) {
    const list = this.keymap[scope].get(Commands.keyOf(e));
    if (!list) return false;
    const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
    for (const c of list) {
      if (c.event) continue;
      if (scope === 'global' && inField && c.notInFields) continue;
      if (c.when && !c.when(this.app)) continue;
      e.preventDefault();
      this.run(c.id, e);
      return true;
    }
    return false;
  }

  /** The commands in order, for the keys panel and the README. */
  list() { return [...this.byId.values()]; }
}

const move = (to) => (app, e) => app.moveBy(to(app), e?.shiftKey);

/** The editor's commands. */
export function editorCommands(commands) {
  const grid = 'grid';
  const add = (c) => commands.add(c);
  // Files.
  add({ id: 'file.open', label: 'Open a file', keys: ['Ctrl+O'], run: (app) => app.pickAndOpen() });
  add({ id: 'file.save', label: 'Save (in place when the file came with a handle, else a download)', keys: ['Ctrl+S'], run: (app) => app.save() });
  add({ id: 'file.saveAs', label: 'Save as a new file (a download where the browser has no file picker)', keys: ['Ctrl+Shift+S'], run: (app) => app.saveAs() });
  add({ id: 'file.download', label: 'Download the edited file', keys: [], run: (app) => app.download() });
  add({ id: 'file.close', label: 'Close the document (its memory is given back)', keys: ['Alt+W'], run: (app) => app.closeDocument() });
  add({ id: 'file.readOnly', label: 'Read-only on / off', keys: ['Alt+R'], run: (app) => app.setReadOnly(!app.doc.readOnly) });
  add({ id: 'job.cancel', label: 'Cancel the running job (search, copy, save)', keys: ['Escape'], when: (app) => app.jobs.busy, run: (app) => app.jobs.cancel() });
  // Edits.
  add({ id: 'edit.undo', label: 'Undo', keys: ['Ctrl+Z'], notInFields: true, run: (app) => app.undo() });
  add({ id: 'edit.redo', label: 'Redo', keys: ['Ctrl+Y', 'Ctrl+Shift+Z'], notInFields: true, run: (app) => app.redo() });
  add({ id: 'edit.insertMode', label: 'Insert / overwrite', keys: ['Insert'], scope: grid, run: (app) => app.setInsertMode(!app.insertMode) });
  add({ id: 'edit.delete', label: 'Delete the byte at the cursor, or the selection', keys: ['Delete'], scope: grid, run: (app) => app.deleteBytes(false) });
  add({ id: 'edit.backspace', label: 'Delete the byte before the cursor, or the selection', keys: ['Backspace'], scope: grid, run: (app) => app.deleteBytes(true) });
  add({ id: 'edit.copy', label: 'Copy the selection as hex (a large one in the worker)', keys: ['Ctrl+C'], event: 'copy', scope: grid, run: (app, e) => app.copy(e) });
  add({ id: 'edit.paste', label: 'Paste: hex text in the hex column, UTF-8 text in the text column (overwrite or insert)', keys: ['Ctrl+V'], event: 'paste', scope: grid,
    run: (app, e) => app.paste(e?.clipboardData?.getData('text/plain')) });
  add({ id: 'edit.pasteAsync', label: 'Paste (through the async clipboard)', keys: ['Shift+Insert'], scope: grid, run: (app) => app.pasteFromClipboard() });
  for (const [kind, label] of Object.entries(COPY_FORMATS)) {
    add({ id: `copy.${kind}`, label: `Copy as ${label}`, keys: kind === 'text' ? ['Ctrl+Shift+C'] : [], scope: kind === 'text' ? grid : 'global', run: (app) => app.copyAs(kind) });
  }
  add({ id: 'file.saveSelection', label: 'Save the selection to a file', keys: ['Alt+S'], run: (app) => app.saveSelection() });
  add({ id: 'edit.fill', label: 'Fill the selection with the Fill pattern', keys: ['Alt+F'], run: (app) => app.panels.fill.fill() });
  add({ id: 'edit.insertBytes', label: 'Insert N bytes of the Fill pattern at the cursor', keys: ['Alt+N'], run: (app) => app.panels.fill.insert() });
  add({ id: 'sel.stats', label: 'Statistics of the selection (or the file): histogram, entropy, CRC32, SHA-256', keys: ['Alt+I'], run: (app) => app.stats() });
  add({ id: 'bookmark.add', label: 'Bookmark the cursor (named by the Bookmarks box)', keys: ['Ctrl+B'], run: (app) => app.addBookmark(app.panels.bookmarks.nameInput.value) });
  add({ id: 'bookmark.next', label: 'Next bookmark', keys: ['F2'], run: (app) => app.gotoBookmark(true) });
  add({ id: 'bookmark.prev', label: 'Previous bookmark', keys: ['Shift+F2'], run: (app) => app.gotoBookmark(false) });
  add({ id: 'compare.open', label: 'Compare with another file (side by side)', keys: ['Alt+C'], run: (app) => app.panels.compare.pick() });
  add({ id: 'compare.next', label: 'Next difference', keys: ['F7'], run: (app) => app.nextDifference(true) });
  add({ id: 'compare.prev', label: 'Previous difference', keys: ['Shift+F7'], run: (app) => app.nextDifference(false) });
  add({ id: 'compare.count', label: 'Count the differing bytes', keys: [], run: (app) => app.countDifferences() });
  add({ id: 'compare.close', label: 'Stop comparing', keys: [], run: (app) => app.closeCompare() });
  add({ id: 'template.here', label: 'Apply the struct template at the cursor (pin it here)', keys: ['Alt+P'], run: (app) => app.panels.template.pinAt(app.cursor) });
  add({ id: 'menu.open', label: 'The context menu (also right-click)', keys: ['Shift+F10', 'ContextMenu'], scope: grid, run: (app) => app.panels.menu.openAtCursor() });
  add({ id: 'edit.selectAll', label: 'Select all', keys: ['Ctrl+A'], scope: grid, run: (app) => app.state.set({ anchor: 0, cursor: Math.max(0, app.doc.size - 1) }) });
  // Moving (Shift selects).
  for (const shift of [false, true]) {
    const S = shift ? 'Shift+' : '', sel = shift ? ', selecting' : '';
    add({ id: `move.left${shift ? '.select' : ''}`, label: `Left${sel}`, keys: [`${S}ArrowLeft`], scope: grid, run: move((a) => a.cursor - 1) });
    add({ id: `move.right${shift ? '.select' : ''}`, label: `Right${sel}`, keys: [`${S}ArrowRight`], scope: grid, run: move((a) => a.cursor + 1) });
    add({ id: `move.up${shift ? '.select' : ''}`, label: `Up a row${sel}`, keys: [`${S}ArrowUp`], scope: grid, run: move((a) => a.cursor - a.bpr) });
    add({ id: `move.down${shift ? '.select' : ''}`, label: `Down a row${sel}`, keys: [`${S}ArrowDown`], scope: grid, run: move((a) => a.cursor + a.bpr) });
    add({ id: `move.pageUp${shift ? '.select' : ''}`, label: `Up a screen${sel}`, keys: [`${S}PageUp`], scope: grid, run: (a, e) => a.page(-1, e?.shiftKey) });
    add({ id: `move.pageDown${shift ? '.select' : ''}`, label: `Down a screen${sel}`, keys: [`${S}PageDown`], scope: grid, run: (a, e) => a.page(1, e?.shiftKey) });
    add({ id: `move.rowStart${shift ? '.select' : ''}`, label: `Start of the row${sel}`, keys: [`${S}Home`], scope: grid, run: move((a) => a.cursor - (a.cursor % a.bpr)) });
    add({ id: `move.rowEnd${shift ? '.select' : ''}`, label: `End of the row${sel}`, keys: [`${S}End`], scope: grid, run: move((a) => Math.min(a.doc.size, a.cursor - (a.cursor % a.bpr) + a.bpr - 1)) });
    add({ id: `move.start${shift ? '.select' : ''}`, label: `Start of the file${sel}`, keys: [`Ctrl+${S}Home`], scope: grid, run: move(() => 0) });
    add({ id: `move.end${shift ? '.select' : ''}`, label: `End of the file${sel}`, keys: [`Ctrl+${S}End`], scope: grid, run: move((a) => a.doc.size) });
  }
  // Tab goes hex -> text -> out of the grid, Shift+Tab back: no keyboard trap.
  add({ id: 'view.column', label: 'Hex → text column (Tab again leaves the grid)', keys: ['Tab'], scope: grid, when: (app) => app.column === 'hex' && app.showText, run: (app) => app.state.set({ column: 'text' }) });
  add({ id: 'view.columnBack', label: 'Text → hex column (Shift+Tab again leaves the grid)', keys: ['Shift+Tab'], scope: grid, when: (app) => app.column === 'text', run: (app) => app.state.set({ column: 'hex' }) });
  add({ id: 'view.rowWidth', label: 'Row width, 1 to 64 bytes', keys: [], run: (app, n) => app.setRowWidth(Number(n)) });
  add({ id: 'view.byteOrder', label: 'Grid byte order for "View as": little / big-endian', keys: ['Alt+E'], run: (app) => app.setViewOrder(app.viewOrder === '<' ? '>' : '<') });
  add({ id: 'view.decimal', label: 'Offsets in decimal / hex', keys: ['Alt+D'], run: (app) => app.setDecimalOffsets(!app.decimalOffsets) });
  add({ id: 'view.textColumn', label: 'Show / hide the text column', keys: ['Alt+T'], run: (app) => app.setTextColumn(!app.showText) });
  add({ id: 'view.theme', label: 'Light / dark theme', keys: ['Alt+L'], run: (app) => app.setTheme(!app.lightTheme) });
  add({ id: 'view.unselect', label: 'Drop the selection', keys: ['Escape'], scope: grid, when: (app) => !app.jobs.busy, run: (app) => app.state.set({ anchor: null }) });
  // Find and go to.
  add({ id: 'find.focus', label: 'Find (hex bytes or text)', keys: ['Ctrl+F'], run: (app) => app.panels.find.focusFind() });
  add({ id: 'find.next', label: 'Next match (Enter in the find box)', keys: ['F3'], run: (app) => app.finder.next(true) });
  add({ id: 'find.prev', label: 'Previous match (Shift+Enter in the find box)', keys: ['Shift+F3'], run: (app) => app.finder.next(false) });
  add({ id: 'find.all', label: 'Find all: count and list the matches (Alt+Enter in the find box)', keys: ['Ctrl+Shift+F'], run: (app) => app.finder.findAll() });
  add({ id: 'find.replaceFocus', label: 'Replace: the replacement box', keys: ['Ctrl+H'], run: (app) => app.panels.find.focusReplace() });
  add({ id: 'find.replace', label: 'Replace the match at the cursor, go to the next (Enter in the replace box)', keys: [], run: (app) => app.finder.replaceOne() });
  add({ id: 'find.replaceAll', label: 'Replace all (Ctrl+Enter in the replace box)', keys: ['Ctrl+Shift+H'], run: (app) => app.finder.replaceAll() });
  add({ id: 'find.selection', label: 'Find the selected bytes', keys: [], run: (app) => app.finder.findSelection() });
  add({ id: 'goto.focus', label: 'Go to an offset (1234, 0x4d2, +16, -0x10, end)', keys: ['Ctrl+G'], run: (app) => app.panels.find.focusGoto() });
  return commands;
}
