import createLossLab from 'losslab';

const $ = (id) => document.getElementById(id);
const lab = await createLossLab();
for (const l of lab.losses) $('loss-select').add(new Option(l.id, l.id));
const parse = (text) => text.split(/[\s,]+/).filter(Boolean).map(Number);
function update() {
  try {
    const { value } = lab.loss($('loss-select').value, parse($('predictions').value), parse($('targets').value));
    $('loss-value').textContent = value.toPrecision(4);
    $('loss-error').textContent = '';
  } catch (e) {
    $('loss-value').textContent = '';
    $('loss-error').textContent = e.message;
  }
}
for (const id of ['loss-select', 'predictions', 'targets']) $(id).addEventListener('input', update);
update();
