/**
 * SVG that may go into a page under the strict Content-Security-Policy
 * (style-src 'self'): no style attributes, no <style>, no script, no event
 * handlers, no external references. Vega writes presentation attributes
 * already; this makes sure of it, and turns the drawing into one image with
 * an accessible name (the numbers are in the table next to it).
 */

const PRESENTATION = new Set([
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'display',
  'visibility',
]);

/** Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and Arabic presentation forms). */
const RTL_SCRIPT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/** Escapes text for an XML attribute or text node. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Turns style="a:b;c:d" into presentation attributes a="b" c="d" (dropping anything else). */
function styleToAttributes(style: string): string {
  return style
    .split(';')
    .map((decl) => decl.split(':').map((x) => x.trim()))
    .filter(([name, value]) => name && value && PRESENTATION.has(name.toLowerCase()) && !/[<>"'()\\]|url/i.test(value))
    .map(([name, value]) => `${name!.toLowerCase()}="${escapeXml(value!)}"`)
    .join(' ');
}

/**
 * Cleans an SVG document made by our own renderers and labels it. Throws if
 * it holds anything that must never reach a page (script, foreign content,
 * external references), so a change in a library cannot slip it through.
 */
export function cleanSvg(svg: string, opts: { label: string; className: string; keepSize?: boolean }): string {
  let out = svg.replace(/<\?xml[^>]*>/g, '').trim();
  if (/<(script|foreignObject|style|iframe|image|use)\b/i.test(out) || /\son[a-z]+\s*=/i.test(out) || /(xlink:)?href\s*=/i.test(out)) {
    throw new Error('unexpected content in generated SVG');
  }
  out = out.replace(/\sstyle="([^"]*)"/g, (_m, style: string) => {
    const attrs = styleToAttributes(style);
    return attrs ? ` ${attrs}` : '';
  });
  // Labels in a right-to-left script are laid out right to left (so brackets and punctuation mirror correctly) with their
  // anchor flipped, so that each label still ends where the renderer put it.
  out = out.replace(/<text\b([^>]*)>([\s\S]*?)<\/text>/g, (whole, attrs: string, inner: string) => {
    if (!RTL_SCRIPT.test(inner)) return whole;
    const flipped = attrs.replace(/\stext-anchor="(start|end)"/, (_a, anchor: string) => ` text-anchor="${anchor === 'start' ? 'end' : 'start'}"`);
    return `<text${/\stext-anchor=/.test(attrs) ? flipped : `${attrs} text-anchor="end"`} direction="rtl">${inner}</text>`;
  });
  // Inner roles and descriptions are the renderer's (in English); the whole drawing is one image named below.
  out = out.replace(/\s(aria-[a-z]+|role)="[^"]*"/g, '');
  out = out.replace(/\sclass="marks"/, '');
  out = out.replace(/^<svg\b([^>]*)>/, (_m, attrs: string) => {
    // Charts keep their own size (drawn for a phone: never scaled up past it, only down where the screen is narrower); maps fill the column.
    const kept = opts.keepSize ? attrs : attrs.replace(/\s(width|height)="[^"]*"/g, '');
    // The renderer lays text out left to right (text-anchor "end" means the right end); in a right-to-left page the inherited
    // direction would flip every anchor and push labels across the bars and out of the drawing. Words in Arabic still read right to left.
    return `<svg${kept} class="${escapeXml(opts.className)}" role="img" aria-label="${escapeXml(opts.label)}" focusable="false" direction="ltr">`;
  });
  return out;
}
