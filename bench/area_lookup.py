"""Microseconds to place one pin with ``AreaIndex.at_point``, for the sample city's seven areas
and for 1,000 generated kelurahan, against a bare function call doing one dict lookup timed in the
same run as the baseline.

The generated city is a 41 x 27 grid of cells of about 1.1 km (45 km x 30 km) whose corners and
edge midpoints are jittered, so each cell is an irregular octagon sharing its borders with its
neighbours; 1,000 cells are kelurahan, the others are gaps covered only by their kecamatan, a
block of 5 x 5 cells.

Pins fall uniformly over a box a little larger than the areas, so some land in no area at all and
the lookup pays for its misses too. Each figure is the best of several runs of many lookups
(``time.perf_counter``), the usual way to keep a busy machine's noise out of a microbenchmark.
The last line times the alternative the index does not use — a ``predicate="intersects"`` tree
query, which runs the exact test inside GEOS — so the choice can be checked again on new shapely.

    .venv/bin/python bench/area_lookup.py [--lookups 20000] [--runs 5] [--seed 1]
"""
from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from pathlib import Path

import shapely
from shapely.geometry import Polygon, mapping, shape

from handlers.areas import AreaIndex, AreaShape, geometry_from_geojson

SAMPLE_AREAS = Path(__file__).resolve().parent.parent / "bot" / "sample_areas"
#: The generated city: 41 x 27 cells of about 1.1 km, its south-west corner near Kupang.
COLUMNS, ROWS, CELL_DEGREES = 41, 27, 0.01
KELURAHAN_COUNT = 1000
WEST, SOUTH = 123.45, -10.30
KECAMATAN_SIDE = 5  # cells per side of a kecamatan block

Pin = tuple[float, float]


def sample_areas() -> list[AreaShape]:
    areas = []
    for number, path in enumerate(sorted(SAMPLE_AREAS.glob("*.geojson")), start=1):
        kind = "kecamatan" if path.stem.startswith("kec-") else "kelurahan"
        geometry = geometry_from_geojson(json.loads(path.read_text()))
        areas.append(AreaShape(number, path.stem, path.stem, kind, None, geometry))
    return areas


def jittered_corners(rng: random.Random) -> dict[tuple[int, int], tuple[float, float]]:
    """Grid points on corners and edge midpoints (half-cell steps), each moved once, so
    neighbouring cells share their jittered border and never overlap."""
    half, wobble = CELL_DEGREES / 2, CELL_DEGREES * 0.12
    return {(i, j): (WEST + i * half + rng.uniform(-wobble, wobble),
                     SOUTH + j * half + rng.uniform(-wobble, wobble))
            for i in range(2 * COLUMNS + 1) for j in range(2 * ROWS + 1)}


def cell(corners: dict[tuple[int, int], tuple[float, float]], column: int, row: int) -> Polygon:
    """An irregular octagon: the cell's four corners and four edge midpoints, counter-clockwise."""
    i, j = 2 * column, 2 * row
    steps = [(0, 0), (1, 0), (2, 0), (2, 1), (2, 2), (1, 2), (0, 2), (0, 1)]
    return Polygon([corners[(i + di, j + dj)] for di, dj in steps])


def generated_areas(seed: int) -> list[AreaShape]:
    """1,000 kelurahan drawn from the grid's cells; the cells left over are kecamatan-only gaps."""
    rng = random.Random(seed)
    corners = jittered_corners(rng)
    cells = {(column, row): cell(corners, column, row) for column in range(COLUMNS) for row in range(ROWS)}
    kelurahan_cells = set(rng.sample(sorted(cells), KELURAHAN_COUNT))
    blocks: dict[tuple[int, int], list[Polygon]] = {}
    for (column, row), polygon in cells.items():
        blocks.setdefault((column // KECAMATAN_SIDE, row // KECAMATAN_SIDE), []).append(polygon)
    kecamatan_ids = {block: number for number, block in enumerate(sorted(blocks), start=1)}
    areas = [AreaShape(number, f"kec-{block[0]}-{block[1]}", f"Kec {block}", "kecamatan", None,
                       mapping(shapely.union_all(blocks[block])))
             for block, number in kecamatan_ids.items()]
    for number, (column, row) in enumerate(sorted(kelurahan_cells), start=len(areas) + 1):
        parent = kecamatan_ids[(column // KECAMATAN_SIDE, row // KECAMATAN_SIDE)]
        areas.append(AreaShape(number, f"kel-{column}-{row}", f"Kel {column}-{row}", "kelurahan", parent,
                               mapping(cells[(column, row)])))
    return areas


def pins_over(bounds: tuple[float, float, float, float], count: int, seed: int) -> list[Pin]:
    """Pins over the box widened by a tenth on each side: (latitude, longitude), as WhatsApp sends them."""
    west, south, east, north = bounds
    margin_x, margin_y = (east - west) / 10, (north - south) / 10
    rng = random.Random(seed)
    return [(rng.uniform(south - margin_y, north + margin_y), rng.uniform(west - margin_x, east + margin_x))
            for _ in range(count)]


def microseconds_per_call(lookup: Callable[[float, float], object], pins: list[Pin], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        for latitude, longitude in pins:
            lookup(latitude, longitude)
        best = min(best, time.perf_counter() - started)
    return best / len(pins) * 1e6


def predicate_lookup(areas: list[AreaShape]) -> Callable[[float, float], AreaShape | None]:
    """The alternative: let GEOS run the exact test inside the tree query, kelurahan first."""
    placed = sorted((area for area in areas if area.geometry), key=lambda area: area.kind != "kelurahan")
    tree = shapely.STRtree([shape(area.geometry) for area in placed])

    def lookup(latitude: float, longitude: float) -> AreaShape | None:
        hits = tree.query(shapely.points((longitude, latitude)), predicate="intersects")
        return placed[hits.min()] if len(hits) else None
    return lookup


def where_pins_land(index: AreaIndex, pins: list[Pin]) -> str:
    kinds = [getattr(index.at_point(*pin), "kind", "none") for pin in pins]
    return ", ".join(f"{kind} {kinds.count(kind) / len(kinds):.0%}"
                     for kind in ("kelurahan", "kecamatan", "none"))


def bounds_of(areas: list[AreaShape]) -> tuple[float, float, float, float]:
    return tuple(shapely.total_bounds([shape(area.geometry) for area in areas if area.geometry]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookups", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    table = {number: number for number in range(1000)}

    def baseline(latitude: float, longitude: float) -> int | None:
        return table.get(7)

    generated = generated_areas(args.seed)
    cities = {"sample Kupang": sample_areas(), "generated": generated}
    pins = {label: pins_over(bounds_of(areas), args.lookups, args.seed) for label, areas in cities.items()}
    print(f"µs per pin, best of {args.runs} runs of {args.lookups:,} lookups")
    base = microseconds_per_call(baseline, pins["sample Kupang"], args.runs)
    print(f"  {'baseline: function call + dict lookup':52s} {base:7.3f} µs")
    for label, areas in cities.items():
        index = AreaIndex(areas)
        took = microseconds_per_call(index.at_point, pins[label], args.runs)
        print(f"  {label + ' (' + counted(areas) + ')':52s} {took:7.3f} µs  {took / base:5.0f}x baseline"
              f"  ({where_pins_land(index, pins[label])})")
    compare_with_the_alternative(generated, pins["generated"], base, args.runs)


def counted(areas: list[AreaShape]) -> str:
    kinds = [area.kind for area in areas]
    return f"{kinds.count('kelurahan'):,} kelurahan, {kinds.count('kecamatan')} kecamatan"


def compare_with_the_alternative(areas: list[AreaShape], pins: list[Pin], base: float, runs: int) -> None:
    index, alternative = AreaIndex(areas), predicate_lookup(areas)
    assert all(alternative(*pin) == index.at_point(*pin) for pin in pins[:2000]), "the two ways disagree"
    took = microseconds_per_call(alternative, pins, runs)
    label = "not used: query(predicate='intersects'), generated"
    print(f"  {label:52s} {took:7.3f} µs  {took / base:5.0f}x baseline")


if __name__ == "__main__":
    main()
