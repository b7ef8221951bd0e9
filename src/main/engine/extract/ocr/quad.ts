// Text boxes as four points in reading order: start-top, end-top, end-bottom, start-bottom. For a
// horizontal line that is top-left, top-right, bottom-right, bottom-left (clockwise on screen); for a
// rotated line the same names hold in the text's own frame, so a crop sampled p0->p1 reads upright.

export type Point = [number, number];
export type Quad = [Point, Point, Point, Point];

function dist(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Mean length along the reading direction. */
export function quadWidth(q: Quad): number {
  return (dist(q[0], q[1]) + dist(q[3], q[2])) / 2;
}

/** Mean length across the reading direction. */
export function quadHeight(q: Quad): number {
  return (dist(q[0], q[3]) + dist(q[1], q[2])) / 2;
}

/** The same box read 90 degrees counter-clockwise (text running bottom-to-top, glyph tops facing left). */
export function readBottomToTop(q: Quad): Quad {
  return [q[3], q[0], q[1], q[2]];
}

/** The same box read 90 degrees clockwise (text running top-to-bottom, glyph tops facing right). */
export function readTopToBottom(q: Quad): Quad {
  return [q[1], q[2], q[3], q[0]];
}

/** The same box turned upside down. */
export function readUpsideDown(q: Quad): Quad {
  return [q[2], q[3], q[0], q[1]];
}

export function scaleQuad(q: Quad, sx: number, sy: number): Quad {
  return q.map(([x, y]) => [x * sx, y * sy]) as Quad;
}

export function clampQuad(q: Quad, width: number, height: number): Quad {
  return q.map(([x, y]) => [Math.min(Math.max(x, 0), width), Math.min(Math.max(y, 0), height)]) as Quad;
}

/** Axis-aligned bounds [minX, minY, maxX, maxY]. */
export function quadBounds(q: Quad): [number, number, number, number] {
  const xs = q.map((p) => p[0]);
  const ys = q.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
