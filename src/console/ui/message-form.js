// The send (SQS) and publish (SNS) forms: their own fields, then message attribute rows (name,
// data type, value), then the button; the id of what was sent is shown under it.
import { busy, h } from './dom.js';

/** `send(attributes)` sends with the attributes in handler form (or undefined) and answers the message id. */
export function messageForm(label, done, fields, send) {
  const attributes = attributeEditor();
  const button = h('button', { className: 'primary', type: 'submit' }, label);
  const form = h('form', {}, fields, attributes.element, h('div', { className: 'actions' }, button));
  form.onsubmit = (ev) => {
    ev.preventDefault();
    busy(button, form, async () => {
      const id = await send(attributes.value());
      form.querySelector('.notice')?.remove();
      form.append(h('p', { className: 'notice' }, `${done}: ${id}`));
    });
  };
  return form;
}

function attributeEditor() {
  const rows = h('div', {});
  const add = h('button', { type: 'button' }, 'Add message attribute');
  add.onclick = () => {
    const name = h('input', { placeholder: 'name', className: 'attr-name' });
    const type = h('select', { className: 'attr-type' }, ['String', 'Number', 'Binary', 'String.Array'].map((t) => h('option', { value: t }, t)));
    const value = h('input', { placeholder: 'value (Binary: base64)', className: 'attr-value' });
    const remove = h('button', { type: 'button' }, '✕');
    const row = h('div', { className: 'row' }, name, type, value, remove);
    remove.onclick = () => row.remove();
    rows.append(row);
  };
  return {
    element: h('div', {}, rows, add),
    /** The attributes in handler form, or undefined when there are none. */
    value() {
      const out = {};
      for (const row of rows.children) {
        const [name, type, value] = row.querySelectorAll('input, select');
        if (!name.value) continue;
        const DataType = type.value;
        out[name.value] = DataType === 'Binary' ? { DataType, BinaryValue: value.value } : { DataType, StringValue: value.value };
      }
      return Object.keys(out).length > 0 ? out : undefined;
    },
  };
}
