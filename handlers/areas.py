"""Which kelurahan (else kecamatan) a report belongs to: from a shared pin, or from the words of an
address.

Pure logic over plain ``AreaShape`` values, so the directory cache builds an ``AreaIndex`` from the
database and a test builds one from the sample GeoJSON files in the same way. GeoJSON puts
longitude first; this module's public functions take latitude first, as WhatsApp sends a pin.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import shapely
from shapely.errors import ShapelyError
from shapely.geometry import shape
from shapely.validation import explain_validity

KELURAHAN = "kelurahan"
KECAMATAN = "kecamatan"

#: Words that say which kind of area the next words name ("Kel. Fatululi", "Kec. Oebobo").
#: They are left out of names before matching; a desa sits where a kelurahan would.
KIND_WORDS = {"kel": KELURAHAN, "kelurahan": KELURAHAN, "desa": KELURAHAN,
              "kec": KECAMATAN, "kecamatan": KECAMATAN}

#: difflib's own default: below this a name is too far from what the resident typed to offer it.
NEAR_ENOUGH = 0.6

POLYGONAL = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class AreaShape:
    """A kecamatan or kelurahan as placement needs it."""

    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    #: A GeoJSON Polygon or MultiPolygon, already taken out of any Feature; None: found by name only.
    geometry: dict | None


def geometry_from_geojson(data: dict) -> dict:
    """The Polygon or MultiPolygon in a geometry, a Feature or a one-feature FeatureCollection.

    Raises ValueError saying what is wrong, so a directory load can name the file to fix.
    """
    geometry = _unwrapped(data)
    _check_polygonal(geometry)
    return geometry


def _unwrapped(data: object) -> dict:
    if not isinstance(data, dict):
        raise ValueError(f"expected a GeoJSON object, got {type(data).__name__}")
    kind = data.get("type")
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or len(features) != 1:
            held = len(features) if isinstance(features, list) else "no list of"
            raise ValueError(f"a FeatureCollection must hold exactly one feature (one boundary per area); "
                             f"this one holds {held} features")
        if not isinstance(features[0], dict) or features[0].get("type") != "Feature":
            raise ValueError("the FeatureCollection's one member is not a Feature")
        return _unwrapped(features[0])
    if kind == "Feature":
        geometry = data.get("geometry")
        if not isinstance(geometry, dict):
            raise ValueError("the Feature has no geometry")
        return geometry
    return data


def _check_polygonal(geometry: dict) -> None:
    kind = geometry.get("type")
    if kind not in POLYGONAL:
        raise ValueError(f"a boundary must be a Polygon or MultiPolygon, not {kind!r}")
    if not geometry.get("coordinates"):
        raise ValueError(f"the {kind} has no coordinates")
    try:
        shaped = shape(geometry)
    except (ShapelyError, ValueError, TypeError, IndexError, KeyError) as exc:
        raise ValueError(f"the {kind}'s coordinates are malformed: {exc}") from exc
    if shaped.is_empty:
        raise ValueError(f"the {kind} has no coordinates")
    west, south, east, north = shaped.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        # Indonesian longitudes are above 90: latitude-first coordinates land here.
        raise ValueError(f"the {kind} has coordinates that are not [longitude, latitude] "
                         f"(bounds {shaped.bounds}); GeoJSON puts longitude first")
    if not shaped.is_valid:
        raise ValueError(f"the {kind} is not a valid polygon: {explain_validity(shaped)}")


class AreaIndex:
    """The city's areas, ready to place a pin or read an address; built once per directory load."""

    def __init__(self, areas: Iterable[AreaShape]) -> None:
        self._areas = tuple(areas)
        self._by_id = {area.id: area for area in self._areas}
        # Kelurahan first, so sorted tree indices try every kelurahan before any kecamatan.
        self._placed = tuple(sorted((area for area in self._areas if area.geometry),
                                    key=lambda area: area.kind != KELURAHAN))
        self._shapes = [shape(area.geometry) for area in self._placed]
        # Prepared once, here: preparing inside a lookup would change shapes other threads read.
        shapely.prepare(self._shapes)
        self._tree = shapely.STRtree(self._shapes)
        self._names = {area.id: _name_words(area.name) for area in self._areas}
        self._patterns = _patterns_by_first_word(self._areas, self._names)

    def __len__(self) -> int:
        return len(self._areas)

    def get(self, area_id: int) -> AreaShape | None:
        return self._by_id.get(area_id)

    def at_point(self, latitude: float, longitude: float) -> AreaShape | None:
        """The kelurahan holding the point, else its kecamatan, else None (at sea, another city).

        A point on a shared border belongs to the area listed first; border points count as inside.
        """
        point = shapely.points((longitude, latitude))
        # Bounding boxes from the tree, then the prepared shapes' own covers test in Python: faster
        # than query(predicate="intersects") on shapely 2.2 (bench/area_lookup.py times both).
        for index in sorted(self._tree.query(point).tolist()):
            if self._shapes[index].covers(point):
                return self._placed[index]
        return None

    def named_in(self, text: str) -> AreaShape | None:
        """The kelurahan, else the kecamatan, that an address names, or None.

        Case, punctuation and runs of spaces do not matter, and a name also matches written as
        one word ("KELAPALIMA"), but only whole words do ("Oebobolama" names nothing). A name right
        after "Kel."/"Kelurahan"/"Desa" or "Kec."/"Kecamatan" is taken as that kind only, so
        "Kec. Kelapa Lima" is the kecamatan although a kelurahan has the same name. Among several
        names: a kelurahan beats a kecamatan, a name with its kind word beats one without, a
        longer name beats a shorter one ("Oesapa Barat" hides the "Oesapa" inside it), and then
        the earlier one in the text wins.
        """
        matches = _outermost(self._matches(_words(text)))
        if not matches:
            return None
        best = min(matches, key=lambda match: (match.area.kind != KELURAHAN, not match.kind_said,
                                               -match.length, match.start))
        return best.area

    def closest_names(self, text: str, limit: int = 5) -> list[AreaShape]:
        """Up to ``limit`` kelurahan whose names are nearest to what the resident typed, nearest
        first, to offer as a short list; the first kelurahan by name when none is near.

        A directory without kelurahan offers its kecamatan instead, so the list is never empty
        while the directory has areas.
        """
        words = [word for word in _words(text) if word not in KIND_WORDS]
        kelurahan = [area for area in self._areas if area.kind == KELURAHAN]
        choices = sorted(kelurahan or self._areas, key=lambda area: (self._names[area.id], area.id))
        scored = [(_nearness(words, self._names[area.id]), position)
                  for position, area in enumerate(choices)]
        near = sorted((-score, position) for score, position in scored if score >= NEAR_ENOUGH)
        if not near:
            return choices[:limit]
        return [choices[position] for _, position in near[:limit]]

    def _matches(self, words: list[str]) -> list[_Match]:
        found = []
        for start, word in enumerate(words):
            said = KIND_WORDS.get(words[start - 1]) if start else None
            for pattern, area in self._patterns.get(word, ()):
                end = start + len(pattern)
                if tuple(words[start:end]) != pattern or said not in (None, area.kind):
                    continue
                found.append(_Match(area, start, end, said is not None, len("".join(pattern))))
        return found


@dataclass(frozen=True)
class _Match:
    area: AreaShape
    start: int
    end: int
    kind_said: bool
    length: int


def _words(text: str) -> list[str]:
    """Lower-case runs of letters and digits: punctuation and spacing fall away."""
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).casefold())


def _name_words(name: str) -> tuple[str, ...]:
    """A name's words without the kind words in front ("Kelurahan Fatululi" is "fatululi")."""
    words = _words(name)
    while words and words[0] in KIND_WORDS:
        words.pop(0)
    return tuple(words)


def _patterns_by_first_word(areas: Iterable[AreaShape], names: dict[int, tuple[str, ...]]
                            ) -> dict[str, list[tuple[tuple[str, ...], AreaShape]]]:
    """Each name as its words and, when it has several, as one word, filed by its first word."""
    patterns: dict[str, list[tuple[tuple[str, ...], AreaShape]]] = {}
    for area in areas:
        words = names[area.id]
        for pattern in {words, ("".join(words),)} if words else ():
            patterns.setdefault(pattern[0], []).append((pattern, area))
    return patterns


def _outermost(matches: list[_Match]) -> list[_Match]:
    """Drop a match lying inside a longer one: "Oesapa Barat" does not also name "Oesapa"."""
    return [match for match in matches
            if not any(other.start <= match.start and match.end <= other.end
                       and other.end - other.start > match.end - match.start for other in matches)]


def _nearness(words: list[str], name: tuple[str, ...]) -> float:
    """How close the nearest run of typed words comes to the name, spaces ignored (0 to 1)."""
    target = "".join(name)
    if not target:
        return 0.0
    best = 0.0
    for size in range(1, len(name) + 2):
        for start in range(max(len(words) - size + 1, 0)):
            typed = "".join(words[start:start + size])
            best = max(best, difflib.SequenceMatcher(None, typed, target).ratio())
    return best
