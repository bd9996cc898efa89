"""Plane geometry on lon/lat rings with numpy alone, shared by the book's maps and by
scripts/make_basemap.py (which loads this file on its own, without the rest of the companion).

A ring is a closed (n, 2) array of lon, lat: its last point repeats its first."""
import numpy as np


def simplified(ring, tolerance):
    """The ring with every vertex dropped that lies within tolerance (degrees) of the line
    between the vertices kept on either side of it (Douglas and Peucker 1973). The first and last
    points are kept, so a closed ring stays closed; tolerance 0 returns the ring as it is."""
    if tolerance <= 0 or len(ring) < 4:
        return ring
    keep = np.zeros(len(ring), dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        a, b = ring[first], ring[last]
        inner = ring[first + 1:last]
        ab = b - a
        length = np.hypot(*ab)
        if length == 0:  # a closed ring: distance to the start point
            distance = np.hypot(*(inner - a).T)
        else:
            distance = np.abs(ab[0] * (inner[:, 1] - a[1]) - ab[1] * (inner[:, 0] - a[0])) / length
        far = int(np.argmax(distance))
        if distance[far] > tolerance:
            middle = first + 1 + far
            keep[middle] = True
            stack += [(first, middle), (middle, last)]
    return ring[keep]
