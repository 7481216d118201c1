// Numbers for people: 4 significant digits, trailing zeros dropped, exponent form for tiny and
// huge magnitudes. The output always parses back with Number() (ASCII '-', 'e' exponent).

const DIGITS = 4;
const TINY = 1e-4;
const HUGE = 1e6;

/** 0.19749999 → '0.1975', 0.425 → '0.425', 3.2e-7 → '3.2e-7', 1234567 → '1.235e6'. */
export function formatNumber(v, digits = DIGITS) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < TINY || a >= HUGE) {
    const [mantissa, exponent] = v.toExponential(digits - 1).split('e');
    return `${trimZeros(mantissa)}e${exponent.replace('+', '')}`;
  }
  const text = v.toPrecision(digits);
  if (!text.includes('e')) return trimZeros(text);
  // toPrecision writes 12345.6 as '1.235e+4' and 999999.7 as '1.000e+6': spell out the first,
  // send the second (now ≥ HUGE) to the exponent branch.
  const rounded = Number(text);
  return Math.abs(rounded) >= HUGE ? formatNumber(rounded, digits) : String(rounded);
}

function trimZeros(text) {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** A list as 'a, b, c'. */
export function formatList(values, digits = DIGITS) {
  return Array.from(values, (v) => formatNumber(v, digits)).join(', ');
}

/** A share as a percentage with one decimal: 0.4937 → '49.4%'. */
export function formatPercent(fraction) {
  if (!Number.isFinite(fraction)) return '—';
  const p = fraction * 100;
  return `${Math.abs(p) < 0.05 ? '0' : p.toFixed(1)}%`;
}
