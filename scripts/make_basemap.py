"""Make data/geo/land_10m_northeast_asia.geojson: Natural Earth 10m land clipped to north-east Asia.

It also writes data/geo/land_10m_manchuria_mongolia.geojson: the same land over a wider box that
reaches west into Mongolia (Khalkhin Gol, and the Mongolian side of the 1945 offensive), simplified
to the resolution a regional map shows, so that a map of that size stays light in SVG.

It also writes data/geo/korea_line_10m.geojson: the one line Natural Earth's 10m countries layer
draws between North and South Korea (the arc the two countries share in countries-10m.json).
Natural Earth draws lines as they run on the ground, so this is the de facto line of today: the
Military Demarcation Line of the 1953 armistice, at 1:10m. The book draws no other border from
Natural Earth.

Run by hand when the layer is to be remade, never at build time (the book reads the committed
GeoJSON and downloads nothing). The source is the npm package world-atlas 2.0.2 (Mike Bostock,
ISC licence), which redistributes Natural Earth's 1:10m land (public domain) as TopoJSON:

    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack world-atlas@2.0.2 && tar -xzf world-atlas-2.0.2.tgz)
    .venv/bin/python scripts/make_basemap.py "$tmp/package"

`npm pack` only downloads the package's tarball; nothing is installed. The script needs only the
standard library, numpy and book/companion/geometry.py (loaded by path, without the rest of the
companion). It decodes land-10m.json itself, clips every polygon to the box
below, rounds to 4 decimals and writes the same bytes on every run. It then checks that the
Habomai islets east of Nemuro came through as polygons of their own.
"""
import argparse
import importlib.util
import json
import sys
from bisect import bisect_left
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "geo" / "land_10m_northeast_asia.geojson"
WIDE = ROOT / "data" / "geo" / "land_10m_manchuria_mongolia.geojson"
KOREA_LINE = ROOT / "data" / "geo" / "korea_line_10m.geojson"
KOREAS = ("410", "408")  # ISO 3166 numeric ids of South and North Korea in countries-10m.json
VERSION = "2.0.2"
# lon_min, lon_max, lat_min, lat_max: Korea and Japan to Kamchatka, Shanghai to the Okhotsk coast.
BOX = (118.0, 162.0, 32.0, 56.0)
DECIMALS = 4  # about 11 m; finer than the source's own grid (about 0.0036 by 0.0017 degrees)
# The wider layer: eastern Mongolia and Transbaikalia to Sakhalin's west coast, the Yellow Sea to
# the Stanovoy range. Simplified to 0.01 degrees (about 1 km), a tenth of a pixel or less on a
# page-wide map of the box, and rounded to 3 decimals (about 100 m), finer than that.
WIDE_BOX = (104.0, 142.0, 34.0, 56.0)
WIDE_TOLERANCE, WIDE_DECIMALS = 0.01, 3
_spec = importlib.util.spec_from_file_location("geometry", ROOT / "book" / "companion" / "geometry.py")
geometry = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(geometry)
# Around the Habomai islets east of Nemuro; a polygon counts when its mean vertex lies inside.
HABOMAI = (145.5, 146.2, 43.2, 43.6)


def decode(topology):
    """The land object of a TopoJSON topology as polygons: lists of closed (n, 2) lon/lat rings."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        # Quantized arcs store the first point and then differences to the previous point.
        q = np.cumsum(np.asarray(arc, dtype=np.int64), axis=0)
        arcs.append(np.column_stack([q[:, 0] * kx + dx, q[:, 1] * ky + dy]))

    def ring(indexes):
        parts = []
        for i in indexes:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]  # ~i: arc i walked backwards
            parts.append(arc if not parts else arc[1:])  # arcs share their joining point
        return np.concatenate(parts)

    polygons = []
    for geometry in topology["objects"]["land"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons.append([ring(r) for r in geometry["arcs"]])
        elif geometry["type"] == "MultiPolygon":
            polygons.extend([ring(r) for r in p] for p in geometry["arcs"])
    return polygons


def shared_arcs(topology, first, second):
    """The arcs two countries of the countries object share (their common border), as (n, 2)
    lon/lat arrays, in the order of the topology."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]

    def arc_ids(nested):
        if isinstance(nested, int):
            return {nested if nested >= 0 else ~nested}
        return set().union(*(arc_ids(n) for n in nested))

    by_id = {g.get("id"): g for g in topology["objects"]["countries"]["geometries"]}
    common = sorted(arc_ids(by_id[first]["arcs"]) & arc_ids(by_id[second]["arcs"]))
    lines = []
    for i in common:
        q = np.cumsum(np.asarray(topology["arcs"][i], dtype=np.int64), axis=0)
        lines.append(np.column_stack([q[:, 0] * kx + dx, q[:, 1] * ky + dy]))
    return lines


def unwrap(ring):
    """The ring with jumps across the antimeridian (±180) undone, or None if it cannot close.

    Eurasia crosses ±180 in Chukotka; read as flat x/y its ring would run across the whole map.
    Antarctica goes round the pole and cannot be made a flat ring: it is far from the box anyway.
    """
    step = np.diff(ring[:, 0])
    if not (np.abs(step) > 180).any():
        return ring
    offset = np.concatenate([[0.0], np.cumsum(-360.0 * np.sign(step) * (np.abs(step) > 180))])
    lon = ring[:, 0] + offset
    lon -= 360.0 * np.round(np.median(lon) / 360.0)  # keep most of the ring in -180..180
    if lon[0] != lon[-1]:
        return None
    return np.column_stack([lon, ring[:, 1]])


def signed_area(ring):
    """Shoelace area of a closed ring in square degrees: positive when counter-clockwise."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))


def oriented(ring, counter_clockwise):
    """The ring, reversed if needed to run the way asked."""
    area = signed_area(ring)
    return ring if (area > 0) == counter_clockwise else ring[::-1]


def _chains(ring, d, axis, value):
    """Cut an open ring (vertex list) at the line into the runs that lie inside (d >= 0).

    Each run starts where the ring enters the half-plane and ends where it leaves it."""
    n = len(ring)
    start = next(i for i in range(n) if d[i] < 0)  # start outside, so every run is whole
    chains, chain = [], None
    for step in range(1, n + 1):
        i, j = (start + step - 1) % n, (start + step) % n
        if (d[i] >= 0) != (d[j] >= 0):
            t = d[i] / (d[i] - d[j])
            p = ring[i] + t * (ring[j] - ring[i])
            p[axis] = value  # exactly on the line, so runs meet there without slivers
            p = tuple(p)
            if d[j] >= 0:
                chain = [p]
                if tuple(ring[j]) != p:
                    chain.append(tuple(ring[j]))
            else:
                if chain[-1] != p:
                    chain.append(p)
                chains.append(chain)
                chain = None
        elif d[j] >= 0:
            chain.append(tuple(ring[j]))
    # A run lying wholly on the line encloses nothing (the ring only touches the line there).
    return [c for c in chains if any(q[axis] != value for q in c)]


def _contains(ring, point):
    """Even-odd test: is the point inside the closed ring?"""
    x, y = ring[:, 0], ring[:, 1]
    px, py = point
    crosses = (y[:-1] > py) != (y[1:] > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        xs = x[:-1] + (py - y[:-1]) * (x[1:] - x[:-1]) / (y[1:] - y[:-1])
    return bool(np.count_nonzero(crosses & (px < xs)) % 2)


def clip_half_plane(polygon, axis, value, keep_greater):
    """Clip one polygon (outer ring counter-clockwise, holes clockwise) to one side of a line.

    Unlike Sutherland-Hodgman, pieces that the line separates become separate polygons, with no
    zero-width seams along the line between them (those would be drawn as strokes on the frame).
    The runs of every ring inside the half-plane are joined along the line: walking the line with
    the kept side on the left, the next entry after each exit continues the boundary."""
    sign = 1.0 if keep_greater else -1.0
    # Coordinate along the line in the direction of walking with the kept side on the left.
    along = (-sign if axis == 0 else sign)
    whole, chains = [], []
    for k, ring in enumerate(polygon):
        d = (ring[:, axis] - value) * sign
        if (d >= 0).all():
            whole.append((k, ring))
        elif (d >= 0).any():
            chains.extend(_chains(ring[:-1], d[:-1], axis, value))
    if not chains:
        if not whole or whole[0][0] != 0:
            return []  # the outer ring is gone, and the holes with it
        return [[r for _, r in whole]]

    entries = sorted((c[0][1 - axis] * along, i) for i, c in enumerate(chains))
    keys = [u for u, _ in entries]
    used = [False] * len(chains)
    outers = []
    for first in range(len(chains)):
        if used[first]:
            continue
        points, j = [], first
        while not used[j]:
            used[j] = True
            points.extend(chains[j])
            k = bisect_left(keys, chains[j][-1][1 - axis] * along)
            j = entries[k % len(entries)][1]  # wraps round only on broken input
        points.append(points[0])
        ring = np.array(points)
        if signed_area(ring) > 0:
            outers.append(ring)
    holes = [r for k, r in whole if k > 0]
    pieces = [[outer] for outer in outers]
    for hole in holes:
        for piece in pieces:
            if len(pieces) == 1 or _contains(piece[0], hole[0]):
                piece.append(hole)
                break
    return pieces


def clip_box(polygon, box):
    """The pieces of one polygon inside box = (lon_min, lon_max, lat_min, lat_max)."""
    pieces = [polygon]
    for axis, value, keep_greater in ((0, box[0], True), (0, box[1], False),
                                      (1, box[2], True), (1, box[3], False)):
        pieces = [q for p in pieces for q in clip_half_plane(p, axis, value, keep_greater)]
    return pieces


def _spike(a, b, c):
    """Does the path a -> b -> c stop at b (a repeat) or turn straight back there (a spike)?"""
    cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
    dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1])
    return b == c or (cross == 0 and dot <= 0)


def rounded(ring, decimals=DECIMALS):
    """The closed ring rounded to decimals, as a GeoJSON list; None if nothing is left of it.

    Repeated points and zero-width spikes (the path running out along a line and straight back,
    which quantization and rounding leave here and there) are dropped: they draw nothing and
    make the polygon invalid for GIS tools. The test is exact because it works in whole units
    of the last decimal."""
    scale = 10 ** decimals
    points = [tuple(p) for p in np.round(ring[:-1] * scale).astype(np.int64).tolist()]
    changed = True
    while changed and len(points) >= 3:  # again until nothing changes: a ring has no start
        changed, i = False, 0
        while len(points) >= 3 and i < len(points):
            if _spike(points[i - 1], points[i], points[(i + 1) % len(points)]):
                del points[i]
                changed, i = True, max(i - 1, 0)  # the point before may be a new tip
            else:
                i += 1
    if len(points) < 3 or signed_area(np.array(points + points[:1], dtype=float)) == 0:
        return None
    return [[x / scale, y / scale] for x, y in points + points[:1]]


def clipped_land(topology, box, tolerance=0, decimals=DECIMALS):
    """Land polygons inside the box, as GeoJSON coordinate lists in RFC 7946 winding, each ring
    simplified to tolerance (degrees; 0: as the source has it) and rounded to decimals."""
    out = []
    for polygon in decode(topology):
        rings = [unwrap(r) for r in polygon]
        if rings[0] is None or signed_area(rings[0]) == 0:
            continue  # round the pole, or an islet that quantization flattened to a line
        outer = rings[0]
        if (outer[:, 0].max() < box[0] or outer[:, 0].min() > box[1]
                or outer[:, 1].max() < box[2] or outer[:, 1].min() > box[3]):
            continue
        # RFC 7946 winding (TopoJSON from d3 winds the other way round): outer rings
        # counter-clockwise, holes clockwise, so a non-zero fill leaves the holes open.
        polygon = [oriented(outer, True)] + [oriented(r, False) for r in rings[1:]
                                             if r is not None and signed_area(r) != 0]
        for piece in clip_box(polygon, box):
            coords = [rounded(geometry.simplified(r, tolerance), decimals) for r in piece]
            if coords[0] is None:
                continue
            coords = [coords[0]] + [c for c in coords[1:] if c is not None]
            if signed_area(np.array(coords[0])) < 0:  # rounding flipped a sliver: set it right
                coords[0] = coords[0][::-1]
            out.append(coords)
    # A fixed order, so that the file changes only when the geometry does.
    out.sort(key=lambda c: (min(p[0] for p in c[0]), min(p[1] for p in c[0]), c))
    return out


def habomai_check(polygons):
    """Polygons of their own whose mean vertex lies in the HABOMAI box."""
    found = []
    for coords in polygons:
        ring = np.array(coords[0][:-1])
        lon, lat = ring.mean(axis=0)
        if HABOMAI[0] <= lon <= HABOMAI[1] and HABOMAI[2] <= lat <= HABOMAI[3]:
            km2 = abs(signed_area(np.array(coords[0]))) * 111.32 ** 2 * np.cos(np.radians(lat))
            found.append((lon, lat, km2))
    return found


def write_layer(path, polygons, box):
    """Write polygons (GeoJSON coordinate lists) as a FeatureCollection with the box as its bbox,
    in compact JSON, and print what was written. Returns the polygons."""
    collection = {
        "type": "FeatureCollection",
        "bbox": [box[0], box[2], box[1], box[3]],
        "features": [{"type": "Feature", "properties": {},
                      "geometry": {"type": "Polygon", "coordinates": c}} for c in polygons],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) for c in polygons for r in c)
    holes = sum(len(c) - 1 for c in polygons)
    print(f"{path.relative_to(ROOT)}: {len(polygons)} features, {holes} holes, {points} points, "
          f"{path.stat().st_size:,} bytes")
    return polygons


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="the unpacked world-atlas package folder")
    args = parser.parse_args(argv)

    meta = json.loads((args.package / "package.json").read_text(encoding="utf-8"))
    if (meta.get("name"), meta.get("version")) != ("world-atlas", VERSION):
        sys.exit(f"expected world-atlas {VERSION}, found {meta.get('name')} {meta.get('version')}")
    topology = json.loads((args.package / "land-10m.json").read_text(encoding="utf-8"))

    polygons = write_layer(OUT, clipped_land(topology, BOX), BOX)
    found = habomai_check(polygons)
    print(f"Habomai box {HABOMAI}: {len(found)} polygons")
    for lon, lat, km2 in found:
        print(f"  mean vertex {lon:.3f} E {lat:.3f} N, about {km2:.1f} km2")
    if not found:
        sys.exit("the Habomai islets are missing: the decoding or the clipping is broken")
    write_layer(WIDE, clipped_land(topology, WIDE_BOX, WIDE_TOLERANCE, WIDE_DECIMALS), WIDE_BOX)

    countries = json.loads((args.package / "countries-10m.json").read_text(encoding="utf-8"))
    lines = [np.round(line, DECIMALS).tolist() for line in shared_arcs(countries, *KOREAS)]
    if not lines:
        sys.exit("no border shared by North and South Korea in countries-10m.json")
    KOREA_LINE.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": c}}
        for c in lines]}, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{KOREA_LINE.relative_to(ROOT)}: {len(lines)} line(s), "
          f"{sum(len(c) for c in lines)} points, from {lines[0][0]} to {lines[-1][-1]}")


if __name__ == "__main__":
    main()
