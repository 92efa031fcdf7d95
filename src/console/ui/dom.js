// Building the page without HTML strings: every piece of text goes in as a text node, so a
// message body, an attribute or a name that looks like markup is shown, never parsed.

/** An element: `attrs` are properties (`className`, `href`, `onclick` …) or `data-*`/`aria-*` attributes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('data-') || k.startsWith('aria-') || k === 'for') el.setAttribute(k, String(v));
    else el[k] = v;
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** A table of `rows` (arrays of cells: text or nodes) under `headers`; `empty` when there are none. */
export function table(headers, rows, empty = 'None.') {
  if (rows.length === 0) return h('p', { className: 'muted' }, empty);
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => cell(c))))));
}

function cell(c) {
  if (c instanceof Node && c.nodeName === 'TD') return c;
  return h('td', {}, c);
}

/** A right-aligned number cell. */
export const num = (v) => h('td', { className: 'num' }, v ?? '');

/** A key/value table of an attribute map; JSON values pretty-printed. */
export function attributesTable(attrs) {
  const rows = Object.keys(attrs ?? {}).sort().map((k) => [k, value(attrs[k])]);
  return table(['Attribute', 'Value'], rows, 'No attributes.');
}

function value(v) {
  if (typeof v === 'string' && /^[[{]/.test(v)) {
    try {
      return h('pre', {}, JSON.stringify(JSON.parse(v), null, 2));
    } catch {}
  }
  return h('span', { className: 'mono' }, v);
}

export const tag = (text, kind = '') => h('span', { className: `tag ${kind}` }, text);

/** A time from epoch seconds, milliseconds, or ISO text, in the browser's locale. */
export function time(v) {
  if (v === undefined || v === null || v === '') return '';
  const d = typeof v === 'number' ? new Date(v < 1e12 ? v * 1000 : v) : new Date(/^\d+$/.test(v) ? Number(v) * (v.length > 11 ? 1 : 1000) : v);
  return Number.isNaN(d.getTime()) ? String(v) : d.toLocaleString();
}

/** The last part of an ARN or URL: a queue's, topic's or stream's name. */
export const lastPart = (s) => String(s ?? '').split(/[:/]/).pop();

/** Shows an error (an ApiError or any Error) in `where`, replacing any shown before. */
export function showError(where, e) {
  where.querySelector(':scope > .error')?.remove();
  const text = e && e.code ? `${e.code}: ${e.message}` : String(e?.message ?? e);
  where.prepend(h('div', { className: 'error', role: 'alert' }, text));
}

/** A labelled input row. */
export function field(label, input) {
  return h('label', {}, h('span', {}, label), input);
}

/**
 * A button that asks again in the page (no window.confirm: it can be switched off and blocks the
 * page) before running `action`.
 */
export function confirmButton(text, question, action) {
  const wrap = h('span', {});
  const ask = h('button', { className: 'danger', type: 'button' }, text);
  ask.onclick = () => {
    const yes = h('button', { className: 'danger', type: 'button' }, `Yes, ${text.toLowerCase()}`);
    const no = h('button', { type: 'button' }, 'Cancel');
    const prompt = h('span', {}, h('strong', {}, question, ' '), yes, no);
    no.onclick = () => prompt.replaceWith(ask);
    yes.onclick = async () => {
      yes.disabled = true;
      try {
        await action();
      } finally {
        prompt.replaceWith(ask);
      }
    };
    ask.replaceWith(prompt);
  };
  wrap.append(ask);
  return wrap;
}

/** Runs `action` for a button click, disabling the button meanwhile and showing a failure in `where`. */
export async function busy(button, where, action) {
  button.disabled = true;
  try {
    where.querySelector(':scope > .error')?.remove();
    await action();
  } catch (e) {
    showError(where, e);
  } finally {
    button.disabled = false;
  }
}

/** Waits `ms`, or less when `signal` aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}
