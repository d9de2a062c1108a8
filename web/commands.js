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
  add({ id: 'view.column', label: 'Hex ⇄ text column', keys: ['Tab'], scope: grid, run: (app) => app.state.set({ column: app.column === 'hex' ? 'text' : 'hex' }) });
  add({ id: 'view.unselect', label: 'Drop the selection', keys: ['Escape'], scope: grid, when: (app) => !app.jobs.busy, run: (app) => app.state.set({ anchor: null }) });
  // Find and go to.
  add({ id: 'find.focus', label: 'Find (hex bytes or text)', keys: ['Ctrl+F'], run: (app) => app.panels.find.focusFind() });
  add({ id: 'find.next', label: 'Next match (Enter in the find box)', keys: ['F3'], run: (app) => app.findNext(true) });
  add({ id: 'find.prev', label: 'Previous match (Shift+Enter in the find box)', keys: ['Shift+F3'], run: (app) => app.findNext(false) });
  add({ id: 'goto.focus', label: 'Go to an offset (1234, 0x4d2, +16, -0x10, end)', keys: ['Ctrl+G'], run: (app) => app.panels.find.focusGoto() });
  return commands;
}
