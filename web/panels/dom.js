// What the panels' renderers share: writes that touch the page only when
// the value differs (setting the same text again still replaces its text
// node, which is style and layout to redo at the next frame).

/** Sets an element's text only when it differs. */
export function setText(el, text) { if (el.textContent !== text) el.textContent = text; }
/** Sets an element's tooltip only when it differs. */
export function setTitle(el, text) { if (el.title !== text) el.title = text; }
