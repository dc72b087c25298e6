// SVG → PNG through resvg (a real SVG renderer, shipped as a binary inside its npm package).
// Node only: the web demo never imports this module.
import { Resvg } from '@resvg/resvg-js';

export function svgToPng(svg: string, scale = 1): Buffer {
  const r = new Resvg(svg, {
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return r.render().asPng();
}
