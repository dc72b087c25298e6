// The 3-D view: the surface z = log10(f − f*) (the heights and colours of src/viz/surface.ts)
// with the paths on it, rotatable with the mouse (three.js OrbitControls). Loaded lazily, so the
// first race is on screen before three.js is parsed. Renders on demand, not in a loop.
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { Line2 } from 'three/addons/lines/Line2.js';
import { LineGeometry } from 'three/addons/lines/LineGeometry.js';
import { LineMaterial } from 'three/addons/lines/LineMaterial.js';
import type { TestFunction } from '../../src/functions/types.js';
import { type Grid, plotBox, sampleGrid } from '../../src/viz/grid.js';
import type { RaceRun } from '../../src/viz/race.js';
import { MINIMUM_COLOR, landscapeColor, optimizerColor } from '../../src/plot/style.js';
import { normHeight, surfaceHeight } from '../../src/viz/surface.js';

const N = 90;

export function webglAvailable(): boolean {
  try {
    const c = document.createElement('canvas');
    return Boolean(c.getContext('webgl2') ?? c.getContext('webgl'));
  } catch {
    return false;
  }
}

export class SurfaceView {
  private renderer: THREE.WebGLRenderer;
  private scene = new THREE.Scene();
  private camera: THREE.PerspectiveCamera;
  private controls: OrbitControls;
  private surface = new THREE.Group();
  private paths = new THREE.Group();
  private fn?: TestFunction;
  private grid?: Grid;
  private pathCache: { runs: readonly RaceRun[]; lines: Line2[]; heads: THREE.Mesh[] }[] = [];

  constructor(private host: HTMLElement) {
    this.renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(2, window.devicePixelRatio));
    this.renderer.setClearColor(0xffffff);
    host.append(this.renderer.domElement);
    this.camera = new THREE.PerspectiveCamera(40, 1, 0.01, 100);
    // Looking down at ~50° (was ~30°): basins are seen from above, so a path that ends in one is not
    // hidden behind the basin's near wall.
    this.camera.position.set(-1.7, 3.3, 2.3);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.target.set(0, -0.1, 0);
    this.controls.addEventListener('change', () => this.render());
    this.scene.add(new THREE.AmbientLight(0xffffff, 1.6));
    const sun = new THREE.DirectionalLight(0xffffff, 1.6);
    sun.position.set(1, 3, 2);
    this.scene.add(sun, this.surface, this.paths);
    new ResizeObserver(() => this.resize()).observe(host);
    this.resize();
  }

  private resize(): void {
    const w = this.host.clientWidth || 480;
    const h = this.host.clientHeight || 420;
    this.renderer.setSize(w, h, false);
    for (const line of this.pathCache[0]?.lines ?? []) line.material.resolution.set(w, h);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.render();
  }

  /** Math (x, y, height ∈ [0, 1]) → three.js world (y up). */
  private world(x: number, y: number, h: number): THREE.Vector3 {
    const b = this.grid!.box;
    return new THREE.Vector3((2 * (x - b.x[0])) / (b.x[1] - b.x[0]) - 1, 0.9 * h - 0.45, -((2 * (y - b.y[0])) / (b.y[1] - b.y[0]) - 1));
  }

  setFunction(fn: TestFunction): void {
    if (this.fn === fn) return;
    this.fn = fn;
    const grid = sampleGrid(fn, plotBox(fn), N, N, 0.05);
    this.grid = grid;
    this.surface.clear();
    const pos = new Float32Array(N * N * 3);
    const col = new Float32Array(N * N * 3);
    const c = new THREE.Color();
    for (let j = 0; j < N; j++)
      for (let i = 0; i < N; i++) {
        const k = j * N + i;
        const h = normHeight(grid, grid.value[k]);
        const x = grid.box.x[0] + ((i + 0.5) / N) * (grid.box.x[1] - grid.box.x[0]);
        const y = grid.box.y[0] + ((j + 0.5) / N) * (grid.box.y[1] - grid.box.y[0]);
        this.world(x, y, h).toArray(pos, 3 * k);
        c.set(landscapeColor(h)).toArray(col, 3 * k);
      }
    const index: number[] = [];
    for (let j = 0; j + 1 < N; j++)
      for (let i = 0; i + 1 < N; i++) {
        const a = j * N + i;
        index.push(a, a + 1, a + N, a + 1, a + N + 1, a + N);
      }
    const geo = new THREE.BufferGeometry();
    geo.setAttribute('position', new THREE.BufferAttribute(pos, 3));
    geo.setAttribute('color', new THREE.BufferAttribute(col, 3));
    geo.setIndex(index);
    geo.computeVertexNormals();
    this.surface.add(new THREE.Mesh(geo, new THREE.MeshLambertMaterial({ vertexColors: true, side: THREE.DoubleSide })));
    const base = new THREE.LineSegments(
      new THREE.EdgesGeometry(new THREE.BoxGeometry(2, 0.9, 2)),
      new THREE.LineBasicMaterial({ color: 0x999999 }),
    );
    this.surface.add(base);
    for (const [x, y] of fn.minimisers(2)) {
      if (x < grid.box.x[0] || x > grid.box.x[1] || y < grid.box.y[0] || y > grid.box.y[1]) continue;
      const m = new THREE.Mesh(new THREE.SphereGeometry(0.03, 16, 12), new THREE.MeshBasicMaterial({ color: MINIMUM_COLOR }));
      m.position.copy(this.world(x, y, surfaceHeight(fn, grid, x, y) + 0.02));
      this.surface.add(m);
    }
    this.pathCache = [];
    this.render();
  }

  /** Paths up to step t; geometry is rebuilt only when the runs change. */
  draw(runs: readonly RaceRun[], t: number): void {
    if (!this.fn || !this.grid) return;
    let cache = this.pathCache[0];
    if (!cache || cache.runs !== runs) {
      this.paths.clear();
      const lines: Line2[] = [];
      const heads: THREE.Mesh[] = [];
      const b = this.grid.box;
      for (const run of runs) {
        const pts: THREE.Vector3[] = [];
        for (const p of run.x) {
          // A diverged run stops at its last finite point; a point off the plot is drawn on the
          // box's edge (never outside the box).
          if (!p.every(Number.isFinite)) break;
          const x = Math.min(b.x[1], Math.max(b.x[0], p[0]));
          const y = Math.min(b.y[1], Math.max(b.y[0], p[1]));
          pts.push(this.world(x, y, Math.min(1, surfaceHeight(this.fn, this.grid, x, y) + 0.015)));
        }
        const color = optimizerColor(run.name);
        // Fat lines (3 px whatever the zoom); a run of one point gets a zero-length segment.
        const flat = (pts.length > 1 ? pts : [pts[0], pts[0]]).flatMap((p) => [p.x, p.y, p.z]);
        const line = new Line2(new LineGeometry().setPositions(flat), new LineMaterial({ color, linewidth: 3 }));
        line.material.resolution.copy(this.renderer.getSize(new THREE.Vector2()));
        const head = new THREE.Mesh(new THREE.SphereGeometry(0.028, 16, 12), new THREE.MeshBasicMaterial({ color }));
        head.userData.points = pts;
        lines.push(line);
        heads.push(head);
        this.paths.add(line, head);
      }
      cache = { runs, lines, heads };
      this.pathCache = [cache];
    }
    cache.lines.forEach((line, k) => {
      const pts = cache!.heads[k].userData.points as THREE.Vector3[];
      const n = Math.min(pts.length, t + 1);
      line.geometry.instanceCount = Math.max(0, n - 1);
      if (n > 0) cache!.heads[k].position.copy(pts[n - 1]);
    });
    this.render();
  }

  render(): void {
    this.renderer.render(this.scene, this.camera);
  }
}
