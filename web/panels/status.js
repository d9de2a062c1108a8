// The status bar: size, cursor, selection, mode, edits, the message line, and
// the running job's progress with its Cancel button.

import { formatSize } from '../model/document.js';

export class StatusBar {
  constructor(app, root) {
    this.app = app;
    const q = (id) => root.querySelector(`#${id}`);
    Object.assign(this, { size: q('st-size'), cursor: q('st-cursor'), sel: q('st-sel'), mode: q('st-mode'),
      changes: q('st-changes'), msg: q('st-msg'), job: q('st-job'), jobLabel: q('st-joblabel'),
      bar: q('st-bar'), cancel: q('st-cancel') });
    this.cancel.onclick = () => app.commands.run('job.cancel');
  }

  message(text, bad = false) {
    this.msg.textContent = text;
    this.msg.classList.toggle('bad', bad);
    this.msg.title = text;
  }

  /** The running job (or null): a bar, a label and Cancel. */
  showJob(job) {
    this.job.hidden = !job;
    if (!job) return;
    const pct = job.total ? 100 * job.done / job.total : 0;
    this.bar.style.width = `${pct.toFixed(1)}%`;
    this.jobLabel.textContent = job.cancelling ? `${job.label}: cancelling…`
      : `${job.label}${job.total ? ` ${pct.toFixed(0)}% (${formatSize(job.done)} of ${formatSize(job.total)})` : '…'}`;
    this.cancel.disabled = !!job.cancelling;
  }

  render() {
    const { doc, state, cursor } = this.app;
    this.size.textContent = `${doc.size.toLocaleString('en')} byte${doc.size === 1 ? '' : 's'} (${formatSize(doc.size)})`;
    this.cursor.textContent = `@ 0x${cursor.toString(16).padStart(8, '0')} (${cursor})`;
    const sel = state.selection;
    this.sel.textContent = sel ? `sel ${sel[1] - sel[0]} [0x${sel[0].toString(16)}..0x${(sel[1] - 1).toString(16)}]` : 'sel 0';
    this.mode.textContent = `${doc.readOnly ? 'R/O' : this.app.insertMode ? 'INS' : 'OVR'} ${state.column.toUpperCase()}`;
    this.changes.textContent = `${doc.changeCount} edit${doc.changeCount === 1 ? '' : 's'}${doc.dirty ? ' • unsaved' : ''}`;
    if (this.app.other) this.changes.textContent += ` • vs ${this.app.other.name}`;
  }
}
