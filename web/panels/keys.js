// The keys panel: the keymap, listed from the command registry itself.

export class KeysPanel {
  constructor(app, root) {
    const el = root.querySelector('#keys');
    const rows = [['0-9 a-f', 'type hex, nibble by nibble (text column: ASCII)']];
    for (const c of app.commands.list()) {
      if (!c.keys.length || c.id.endsWith('.select') || /^move\.(left|right|up|down)$/.test(c.id)) continue;
      rows.push([c.keys.join(' / '), c.label]);
    }
    rows.splice(1, 0, ['arrows, Shift+arrows', 'move; Shift selects']);
    for (const [k, label] of rows) {
      const kbd = document.createElement('kbd'); kbd.textContent = k;
      const span = document.createElement('span'); span.textContent = label;
      el.append(kbd, span);
    }
  }
}
