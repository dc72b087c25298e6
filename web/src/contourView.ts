// The contour view: the landscape (drawn once per function) under the paths (redrawn per frame);
// a click on the plot sets the start. Geometry and SVG come from src/viz; this file only wires
// them to the DOM.
import type { TestFunction } from '../../src/functions/types.js';
import { type Frame, axesLayer, contourLayer, frameScales, minimaLayer, pathsLayer } from '../../src/viz/contour.js';
import { plotBox, sampleGrid } from '../../src/viz/grid.js';
import type { RaceRun } from '../../src/viz/race.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 560;
const HEIGHT = 500;

export class ContourView {
  readonly svg: SVGSVGElement;
  private paths: SVGGElement;
  private frame!: Frame;
  private fnName = '';

  constructor(host: HTMLElement, private onPick: (x: number, y: number) => void) {
    this.svg = document.createElementNS(SVG_NS, 'svg');
    this.svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    this.svg.setAttribute('class', 'contour-view');
    this.svg.setAttribute('role', 'img');
    this.paths = document.createElementNS(SVG_NS, 'g');
    host.append(this.svg);
    this.svg.addEventListener('click', (e) => {
      const p = this.toPlot(e.clientX, e.clientY);
      if (p) this.onPick(p[0], p[1]);
    });
  }

  /** (x, y) under a client pixel, or undefined outside the plot area. */
  toPlot(clientX: number, clientY: number): [number, number] | undefined {
    const ctm = this.svg.getScreenCTM();
    if (!ctm || !this.frame) return undefined;
    const pt = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse());
    const f = this.frame;
    if (pt.x < f.left || pt.x > f.left + f.width || pt.y < f.top || pt.y > f.top + f.height) return undefined;
    return frameScales(f).invert(pt.x, pt.y);
  }

  /** Client pixel of a plot point (the e2e test clicks through it). */
  toClient(x: number, y: number): [number, number] {
    const s = frameScales(this.frame);
    const p = new DOMPoint(s.px(x), s.py(y)).matrixTransform(this.svg.getScreenCTM()!);
    return [p.x, p.y];
  }

  setFunction(fn: TestFunction): void {
    if (fn.name === this.fnName) return;
    this.fnName = fn.name;
    const box = plotBox(fn);
    this.frame = { left: 50, top: 12, width: WIDTH - 62, height: HEIGHT - 52, box };
    const grid = sampleGrid(fn, box, 140);
    const clip = `<clipPath id="plot-clip"><rect x="${this.frame.left}" y="${this.frame.top}" width="${this.frame.width}" height="${this.frame.height}"/></clipPath>`;
    this.svg.innerHTML =
      clip +
      `<g clip-path="url(#plot-clip)">${contourLayer(grid, this.frame)}<g class="paths-host"></g></g>` +
      minimaLayer(fn, this.frame) +
      axesLayer(this.frame) +
      `<rect x="${this.frame.left}" y="${this.frame.top}" width="${this.frame.width}" height="${this.frame.height}" fill="none" stroke="#333"/>`;
    this.paths = this.svg.querySelector('.paths-host') as SVGGElement;
  }

  draw(runs: readonly RaceRun[], t: number): void {
    this.paths.innerHTML = pathsLayer(runs, this.frame, t);
  }
}
