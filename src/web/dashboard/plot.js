// A small SVG line plot of one series (no chart library): the line, its last value and its range.
// Enough to see a trend; not meant for reading exact values off an axis.

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, text) {
  const n = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

/** points: [{ t, v }] (t: a date or ms; v: a number or null); returns an <svg> labelled for readers. */
export function plot(points, { label, unit = '', width = 260, height = 64, testid } = {}) {
  const pts = points
    .map((p) => ({ t: new Date(p.t).getTime(), v: p.v }))
    .filter((p) => Number.isFinite(p.t) && typeof p.v === 'number' && Number.isFinite(p.v))
    .sort((a, b) => a.t - b.t);
  const last = pts.at(-1);
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    class: 'plot',
    'data-testid': testid ?? 'plot',
    'data-points': pts.length,
  });
  const desc = last ? `${label}: ${pts.length} points, last ${fmt(last.v)}${unit}` : `${label}: no data yet`;
  root.append(svg('title', {}, desc));
  root.append(svg('rect', { x: 0, y: 0, width, height, class: 'plot-bg' }));
  if (pts.length === 0) {
    root.append(svg('text', { x: 6, y: height / 2 + 4, class: 'plot-label' }, 'no data yet'));
    return root;
  }
  const t0 = pts[0].t;
  const t1 = Math.max(last.t, t0 + 1);
  const lo = Math.min(0, ...pts.map((p) => p.v));
  const hi = Math.max(lo + 1e-9, ...pts.map((p) => p.v));
  const pad = 14;
  const x = (t) => ((t - t0) / (t1 - t0)) * (width - 2 * pad) + pad;
  const y = (v) => height - pad - ((v - lo) / (hi - lo)) * (height - 2 * pad);
  const line =
    pts.length === 1
      ? `${pad},${y(last.v)} ${width - pad},${y(last.v)}`
      : pts.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
  root.append(svg('polyline', { points: line, class: 'plot-line', fill: 'none' }));
  root.append(svg('text', { x: 4, y: 11, class: 'plot-label' }, `max ${fmt(hi)}${unit}`));
  root.append(
    svg(
      'text',
      { x: width - 4, y: height - 3, class: 'plot-label', 'text-anchor': 'end' },
      `now ${fmt(last.v)}${unit}`,
    ),
  );
  return root;
}

export function fmt(v) {
  if (typeof v !== 'number') return String(v ?? '—');
  if (Math.abs(v) >= 1e9) return `${(v / 1e9).toFixed(1)}G`;
  if (Math.abs(v) >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (Math.abs(v) >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}
