"""Maps of north-east Asia with plain matplotlib: land, a frame in degrees, labelled places.

The land is Natural Earth 10m, clipped to lon 118-162 E, lat 32-56 N and committed as
data/geo/land_10m_northeast_asia.geojson (made by scripts/make_basemap.py), so nothing is
downloaded at build time. A second layer, data/geo/land_10m_manchuria_mongolia.geojson, reaches
west into Mongolia (lon 104-142 E, lat 34-56 N), simplified to 0.01 degrees; draw_land takes the
first layer whose box holds the map's frame. It has coastlines only, no borders: where a chart needs a
sovereignty line, it draws one from the project's own data, dated and sourced. The one line
taken from Natural Earth is today's line between the two Koreas (data/geo/korea_line_10m.geojson).

Every shape is simplified to the resolution it is drawn at (tolerance, in degrees): a map of the
whole region needs no 10m coastline, and a browser must not download one it cannot show.
"""
import json
import re
from functools import lru_cache

import numpy as np
from matplotlib.patches import PathPatch
from matplotlib.path import Path

from companion.geometry import simplified
from companion.paths import ROOT

LAND = ROOT / "data" / "geo" / "land_10m_northeast_asia.geojson"
# The land layers in the order draw_land tries them: the detailed one first.
LAYERS = (LAND, ROOT / "data" / "geo" / "land_10m_manchuria_mongolia.geojson")
KOREA_LINE = ROOT / "data" / "geo" / "korea_line_10m.geojson"


@lru_cache(maxsize=None)
def land(layer=LAND):
    """Every ring of a land layer (the detailed north-east Asian one unless told) as a read-only
    (n, 2) array of lon, lat; read once.

    Outer rings run counter-clockwise and holes clockwise (RFC 7946), so the non-zero fill
    that matplotlib uses leaves holes open."""
    collection = json.loads(layer.read_text(encoding="utf-8"))
    rings = []
    for feature in collection["features"]:
        for ring in feature["geometry"]["coordinates"]:
            array = np.array(ring, dtype=float)
            array.flags.writeable = False  # the cached copy is shared by every caller
            rings.append(array)
    return tuple(rings)


@lru_cache(maxsize=None)
def layer_box(layer):
    """The box a land layer was clipped to, (lon_min, lon_max, lat_min, lat_max), from its bbox."""
    west, south, east, north = json.loads(layer.read_text(encoding="utf-8"))["bbox"]
    return west, east, south, north


def layer_for(extent):
    """The first land layer whose box holds extent = (lon_min, lon_max, lat_min, lat_max).

    A frame reaching beyond a layer's box would show the straight cuts of its clipping as
    coasts, so a frame beyond every layer is an error, not a map with a false coastline."""
    lon_min, lon_max, lat_min, lat_max = extent
    for layer in LAYERS:
        west, east, south, north = layer_box(layer)
        if west <= lon_min and lon_max <= east and south <= lat_min and lat_max <= north:
            return layer
    boxes = "; ".join(f"{layer.name} {layer_box(layer)}" for layer in LAYERS)
    raise ValueError(f"no land layer covers the frame {extent} (lon_min, lon_max, lat_min, "
                     f"lat_max): the layers cover {boxes}. Make a wider one with "
                     f"scripts/make_basemap.py, or keep the frame inside one of them")


def korea_line():
    """Today's line between North and South Korea, as Natural Earth draws it: (n, 2) arrays."""
    collection = json.loads(KOREA_LINE.read_text(encoding="utf-8"))
    return [np.array(f["geometry"]["coordinates"], dtype=float) for f in collection["features"]]


def visible(rings, extent, tolerance=0):
    """The rings that reach into extent = (lon_min, lon_max, lat_min, lat_max), simplified to
    tolerance; rings smaller than tolerance across are dropped: they would draw under a pixel."""
    lon_min, lon_max, lat_min, lat_max = extent
    shown = []
    for ring in rings:
        (west, south), (east, north) = ring.min(axis=0), ring.max(axis=0)
        if east < lon_min or west > lon_max or north < lat_min or south > lat_max:
            continue
        if max(east - west, north - south) < tolerance:
            continue
        ring = simplified(ring, tolerance)
        if len(ring) >= 4:
            shown.append(ring)
    return shown


def rings_path(rings):
    """One matplotlib Path of many closed rings (an empty Path for none)."""
    if not rings:
        return Path(np.empty((0, 2)))
    codes = [np.full(len(r), Path.LINETO, dtype=Path.code_type) for r in rings]
    for c in codes:
        c[0], c[-1] = Path.MOVETO, Path.CLOSEPOLY
    return Path(np.concatenate(rings), np.concatenate(codes))


def draw_land(ax, extent, tolerance=0, facecolor="#ece8dc", edgecolor="#7a7a7a", linewidth=0.4,
              zorder=0):
    """Draw the land on ax, simplified to tolerance (degrees), and frame ax on extent =
    (lon_min, lon_max, lat_min, lat_max), from the first land layer that covers the frame.

    Returns the patch. The aspect is right at the middle latitude of the extent."""
    lon_min, lon_max, lat_min, lat_max = extent
    # Only rings that reach into the frame: SVG keeps every vertex of a filled path, even
    # off-frame ones, and a whole-layer path would weigh some 300 KB in every zoomed map.
    rings = visible(land(layer_for(extent)), extent, tolerance)
    patch = PathPatch(rings_path(rings), facecolor=facecolor, edgecolor=edgecolor, linewidth=linewidth,
                      joinstyle="round", zorder=zorder)
    ax.add_patch(patch)
    ax.set_xlim(lon_min, lon_max)
    ax.set_ylim(lat_min, lat_max)
    for spine in ax.spines.values():  # a map is framed on all four sides
        spine.set_visible(True)
    # A degree of longitude is cos(latitude) times as long as a degree of latitude.
    ax.set_aspect(1 / np.cos(np.radians((lat_min + lat_max) / 2)))
    return patch


def label_place(ax, lon, lat, text, color="#222222", size=8, offset=(4, 0), ha="left",
                va="center", marker="o", markersize=3, hollow=False, **text_kwargs):
    """Mark a place with a dot and a label set offset points (x, y) away from it; hollow draws
    the mark open (the book's sign for a point that rests on an encyclopedia alone).

    Returns the text. The offset is in points, not degrees, so it looks the same at any zoom."""
    ax.plot([lon], [lat], marker=marker, markersize=markersize, color=color, linestyle="none",
            markerfacecolor="white" if hollow else color, zorder=3)
    # A pale box behind the label keeps it legible where it crosses a coastline: one rectangle,
    # where a stroked halo would draw every glyph twice.
    box = {"boxstyle": "square,pad=0.1", "facecolor": "white", "alpha": 0.75, "linewidth": 0}
    return ax.annotate(text, (lon, lat), xytext=offset, textcoords="offset points", ha=ha,
                       va=va, color=color, fontsize=size, bbox=box, zorder=4, **text_kwargs)


def rings_inside(box):
    """The land rings lying wholly inside box = (lon_min, lon_max, lat_min, lat_max): the way to
    pick out small islands (the Habomai islets, the central Kurils) without the coasts near them."""
    lon_min, lon_max, lat_min, lat_max = box
    return [r for r in land() if lon_min <= r[:, 0].min() and r[:, 0].max() <= lon_max
            and lat_min <= r[:, 1].min() and r[:, 1].max() <= lat_max]


def ring_around(lon, lat):
    """The land ring that contains the point (an island, from a place on it)."""
    for ring in land():
        if Path(ring).contains_point((lon, lat)):
            return [ring]
    raise ValueError(f"no land ring contains ({lon}, {lat})")


def fill_rings(ax, rings, color, lat_range=None, outline=None, zorder=1, tolerance=0,
               outline_width=1.4):
    """Fill rings in a colour, optionally only between two latitudes (a border along a parallel,
    such as the 50th on Sakhalin, is drawn by clipping, not by cutting the geometry), and
    optionally outline them in a second colour (a claim beside the holder's colour). Only the
    rings inside ax's frame are drawn, simplified to tolerance (degrees). Call after draw_land
    has framed ax."""
    (west, east), (south_edge, north_edge) = ax.get_xlim(), ax.get_ylim()
    rings = visible(rings, (west, east, south_edge, north_edge), tolerance)
    patch = PathPatch(rings_path(rings), facecolor=color,
                      edgecolor=outline or color, linewidth=outline_width if outline else 0.3,
                      zorder=zorder)
    ax.add_patch(patch)
    if lat_range:
        # The clip path is the band cut to the frame of ax. An SVG element takes one clip: a
        # clip path replaces the axes' clip box there (the PNG applies both), so a band that
        # reached beyond the frame would let the fill spill out of an inset over its neighbours.
        south, north = max(lat_range[0], south_edge), min(lat_range[1], north_edge)
        band = Path([(west, south), (east, south), (east, north), (west, north), (west, south)])
        patch.set_clip_path(band, ax.transData)  # a path, not a Rectangle: matplotlib would
        patch.set_clip_box(ax.bbox)              # turn a Rectangle into the clip box instead
    return patch


def dated_name(gazetteer_name, name=None):
    """A place's names as the gazetteer's name_en gives them ('Dalian (Dairen, Dalny)'), with the
    name of a date first and the others in brackets: dated_name('Dalian (Dairen, Dalny)',
    'Dairen') is 'Dairen (Dalian, Dalny)'. None keeps the gazetteer's order. Words after the
    brackets ('battlefield') are dropped. A name the gazetteer does not give is an error: a map
    names a place only as a source names it."""
    match = re.fullmatch(r"([^()]+?) \(([^()]*)\)[^()]*", gazetteer_name.strip())
    if match:
        names = [match[1]] + [n.strip() for n in match[2].split(",") if n.strip()]
    elif "(" in gazetteer_name or ")" in gazetteer_name:
        raise ValueError(f"cannot read the names in {gazetteer_name!r} (data/places.csv, name_en)")
    else:
        names = [gazetteer_name.strip()]
    name = names[0] if name is None else name
    if name not in names:
        raise ValueError(f"{name!r} is not among the gazetteer's names {names} "
                         f"(data/places.csv, name_en {gazetteer_name!r})")
    others = [n for n in names if n != name]
    return f"{name} ({', '.join(others)})" if others else name


def great_circle_km(lon1, lat1, lon2, lat2):
    """The distance between two points on a sphere of the Earth's mean radius (6,371.0088 km), by
    the haversine formula: within about 0.5 % of the distance on the WGS 84 ellipsoid."""
    lon1, lat1, lon2, lat2 = np.radians([lon1, lat1, lon2, lat2])
    h = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return float(2 * 6371.0088 * np.arcsin(np.sqrt(h)))


def region_label(ax, lon, lat, text, size=9, **text_kwargs):
    """Name a region in grey italic capitals at (lon, lat): text only, no line. The book draws
    a border only from its own dated, sourced data, so a region is named where no line bounds it."""
    return ax.text(lon, lat, text.upper(), ha="center",
                   va="center", fontsize=size, color="#6b6b6b", fontstyle="italic", zorder=2,
                   **text_kwargs)
