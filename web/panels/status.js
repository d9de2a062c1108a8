// The status bar: size, cursor, selection, mode, edits, the message line, and
// the running job's progress with its Cancel button.

import { formatSize } from '../model/document.js';
import { setText } from './dom.js';

export class StatusBar {
  static PROGRESS_MS = 1000;

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

  /**
   * The running job (or null): a bar, a label and Cancel. Progress alone is
   * drawn at most every PROGRESS_MS (the last one later): each draw is a frame
   * of layout and paint that a long job on a small machine pays for.
   */
  showJob(job) {
    const now = performance.now();
    const same = job && job === this.shown && job.cancelling === this.shownCancelling;
    if (same && now - this.shownAt < StatusBar.PROGRESS_MS) {
      if (!this.later) this.later = setTimeout(() => { this.later = null; if (this.shown === job) this.showJob(job); }, StatusBar.PROGRESS_MS - (now - this.shownAt));
      return;
    }
    clearTimeout(this.later); this.later = null;
    this.shown = job; this.shownAt = now; this.shownCancelling = job?.cancelling;
    this.job.hidden = !job;
    if (!job) return;
    const pct = job.total ? 100 * job.done / job.total : 0;
    this.bar.style.transform = `scaleX(${(pct / 100).toFixed(3)})`;     // no layout, unlike a width
    this.jobLabel.textContent = this.jobLabel.title = job.cancelling ? `${job.label}: cancelling…`
      : `${job.label}${job.total ? ` ${pct.toFixed(0)}% (${formatSize(job.done)} of ${formatSize(job.total)})` : '…'}`;
    this.cancel.disabled = !!job.cancelling;
  }

  render() {
    // Only what differs is set: this runs on every change, and a text set
    // again, even the same, is a style and layout to redo at the next frame.
    const { doc, state, cursor } = this.app;
    setText(this.size, `${doc.size.toLocaleString('en')} byte${doc.size === 1 ? '' : 's'} (${formatSize(doc.size)})`);
    setText(this.cursor, `@ 0x${cursor.toString(16).padStart(8, '0')} (${cursor})`);
    const sel = state.selection;
    setText(this.sel, sel ? `sel ${sel[1] - sel[0]} [0x${sel[0].toString(16)}..0x${(sel[1] - 1).toString(16)}]` : 'sel 0');
    setText(this.mode, `${doc.readOnly ? 'R/O' : this.app.insertMode ? 'INS' : 'OVR'} ${state.column.toUpperCase()}`);
    setText(this.changes, `${doc.changeCount} edit${doc.changeCount === 1 ? '' : 's'}${doc.dirty ? ' • unsaved' : ''}` +
      (this.app.other ? ` • vs ${this.app.other.name}` : ''));
  }
}
