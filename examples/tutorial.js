// The δ slider under the Huber explorer: sets its `delta` attribute, and shows the loss its
// `change` event reports.
const huber = document.getElementById('huber');
const slider = document.getElementById('delta');
const readout = document.getElementById('delta-readout');
slider.addEventListener('input', () => huber.setAttribute('delta', slider.value));
huber.addEventListener('change', (event) => {
  const { value } = event.detail;
  readout.textContent = `δ = ${huber.getAttribute('delta')}: loss ${typeof value === 'number' ? value.toFixed(4) : '—'}`;
});
