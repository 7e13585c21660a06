"""Placing a report in its kelurahan (else kecamatan): from a pin, from an address, from a typo.

The sample city is Kota Kupang (``bot/sample_areas``): kecamatan Oebobo holds the kelurahan
Oetete, Oebobo and Fatululi and a south-western corner that none of them covers; kecamatan Kelapa
Lima holds the kelurahan Kelapa Lima (with an islet, a MultiPolygon) and Oesapa.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from handlers.areas import AreaIndex, AreaShape, geometry_from_geojson

SAMPLE_AREAS = Path(__file__).resolve().parent.parent / "bot" / "sample_areas"

#: code: (id, name, kind, parent code), as the sample directory lists them.
SAMPLE = {
    "kec-oebobo": (1, "Oebobo", "kecamatan", None),
    "kec-kelapa-lima": (2, "Kelapa Lima", "kecamatan", None),
    "kel-fatululi": (3, "Fatululi", "kelurahan", "kec-oebobo"),
    "kel-oebobo": (4, "Oebobo", "kelurahan", "kec-oebobo"),
    "kel-oetete": (5, "Oetete", "kelurahan", "kec-oebobo"),
    "kel-kelapa-lima": (6, "Kelapa Lima", "kelurahan", "kec-kelapa-lima"),
    "kel-oesapa": (7, "Oesapa", "kelurahan", "kec-kelapa-lima"),
}

IN_THE_OEBOBO_GAP = (-10.177, 123.595)
AT_SEA = (-10.120, 123.600)
#: On the straight east-west stretch of the border between kelurahan Oebobo and Fatululi.
ON_THE_OEBOBO_FATULULI_BORDER = (-10.163, 123.615)
ON_THE_ISLET = (-10.1298, 123.6355)


def sample_file(code: str) -> dict:
    return json.loads((SAMPLE_AREAS / f"{code}.geojson").read_text())


def sample_area(code: str) -> AreaShape:
    area_id, name, kind, parent = SAMPLE[code]
    parent_id = SAMPLE[parent][0] if parent else None
    return AreaShape(area_id, code, name, kind, parent_id, geometry_from_geojson(sample_file(code)))


@pytest.fixture(scope="module")
def kupang() -> AreaIndex:
    return AreaIndex(sample_area(code) for code in SAMPLE)


def named_only(*entries: tuple[str, str]) -> AreaIndex:
    """An index of areas known by name alone, as a directory without boundaries gives."""
    return AreaIndex(AreaShape(number, name.lower().replace(" ", "-"), name, kind, None, None)
                     for number, (name, kind) in enumerate(entries, start=1))


def code_of(area: AreaShape | None) -> str | None:
    return area.code if area else None


# --- Reading boundaries ------------------------------------------------------------------------

def test_every_sample_file_is_a_valid_boundary():
    assert {path.stem for path in SAMPLE_AREAS.glob("*.geojson")} == set(SAMPLE)
    for code in SAMPLE:
        assert geometry_from_geojson(sample_file(code))["type"] in ("Polygon", "MultiPolygon")


def test_a_feature_gives_its_geometry():
    feature = sample_file("kel-fatululi")
    assert feature["type"] == "Feature"
    assert geometry_from_geojson(feature) == feature["geometry"]


def test_a_bare_geometry_is_taken_as_it_is():
    polygon = sample_file("kec-oebobo")
    assert geometry_from_geojson(polygon) == polygon


def test_a_multipolygon_is_a_boundary():
    assert geometry_from_geojson(sample_file("kec-kelapa-lima"))["type"] == "MultiPolygon"


def test_a_feature_collection_of_one_gives_that_feature_s_geometry():
    feature = sample_file("kel-fatululi")
    collection = {"type": "FeatureCollection", "features": [feature]}
    assert geometry_from_geojson(collection) == feature["geometry"]


def test_a_feature_collection_of_two_is_refused():
    feature = sample_file("kel-fatululi")
    with pytest.raises(ValueError, match="exactly one feature.*holds 2"):
        geometry_from_geojson({"type": "FeatureCollection", "features": [feature, feature]})


def test_a_self_intersecting_polygon_is_refused_with_where_it_crosses():
    bow_tie = {"type": "Polygon",
               "coordinates": [[[123.60, -10.17], [123.61, -10.16], [123.61, -10.17], [123.60, -10.16],
                                [123.60, -10.17]]]}
    with pytest.raises(ValueError, match=r"not a valid polygon: Self-intersection\[123\.605 -10\.165"):
        geometry_from_geojson(bow_tie)


def test_a_point_is_not_a_boundary():
    with pytest.raises(ValueError, match="must be a Polygon or MultiPolygon, not 'Point'"):
        geometry_from_geojson({"type": "Point", "coordinates": [123.6, -10.17]})


def test_a_feature_without_geometry_is_refused():
    with pytest.raises(ValueError, match="Feature has no geometry"):
        geometry_from_geojson({"type": "Feature", "properties": {}, "geometry": None})


def test_latitude_first_coordinates_are_refused_with_a_hint():
    swapped = {"type": "Polygon",
               "coordinates": [[[-10.17, 123.60], [-10.17, 123.61], [-10.16, 123.61], [-10.17, 123.60]]]}
    with pytest.raises(ValueError, match="GeoJSON puts longitude first"):
        geometry_from_geojson(swapped)


@pytest.mark.parametrize("garbage, says", [
    ("kel-fatululi.geojson", "expected a GeoJSON object, got str"),
    ([[123.6, -10.17]], "expected a GeoJSON object, got list"),
    ({}, "not None"),
    ({"type": "Polygon", "coordinates": []}, "has no coordinates"),
    ({"type": "Polygon", "coordinates": "123.6,-10.17"}, "coordinates are malformed"),
    ({"type": "Polygon", "coordinates": [[[123.6, -10.17], [123.61, -10.17]]]}, "coordinates are malformed"),
])
def test_garbage_is_refused_with_a_reason(garbage, says):
    with pytest.raises(ValueError, match=says):
        geometry_from_geojson(garbage)


# --- Placing a pin ---------------------------------------------------------------------------

@pytest.mark.parametrize("latitude, longitude, code", [
    (-10.175, 123.616, "kel-fatululi"),
    (-10.1545, 123.615, "kel-oebobo"),
    (-10.153, 123.595, "kel-oetete"),
    (-10.148, 123.637, "kel-kelapa-lima"),
    (-10.148, 123.658, "kel-oesapa"),
])
def test_a_pin_inside_a_kelurahan_is_placed_in_it(kupang, latitude, longitude, code):
    assert code_of(kupang.at_point(latitude, longitude)) == code


def test_a_pin_in_a_kecamatan_outside_its_kelurahan_is_placed_in_the_kecamatan(kupang):
    assert code_of(kupang.at_point(*IN_THE_OEBOBO_GAP)) == "kec-oebobo"


def test_a_pin_at_sea_is_placed_nowhere(kupang):
    assert kupang.at_point(*AT_SEA) is None


def test_a_pin_on_a_border_between_two_kelurahan_goes_to_one_of_them(kupang):
    assert code_of(kupang.at_point(*ON_THE_OEBOBO_FATULULI_BORDER)) in {"kel-oebobo", "kel-fatululi"}


def test_a_pin_on_the_city_s_outer_border_counts_as_inside(kupang):
    corner_of_the_gap = (-10.180, 123.586)  # a vertex of kecamatan Oebobo's outline
    assert code_of(kupang.at_point(*corner_of_the_gap)) == "kec-oebobo"


def test_a_pin_on_the_second_part_of_a_multipolygon_is_placed_in_it(kupang):
    assert code_of(kupang.at_point(*ON_THE_ISLET)) == "kel-kelapa-lima"


def test_an_area_without_boundary_is_found_by_name_but_never_by_pin():
    index = AreaIndex([sample_area("kec-oebobo"),
                       AreaShape(9, "kel-fatululi", "Fatululi", "kelurahan", 1, None)])
    assert code_of(index.at_point(-10.175, 123.616)) == "kec-oebobo"
    assert code_of(index.named_in("Kel. Fatululi")) == "kel-fatululi"


def test_the_index_counts_and_finds_areas_by_id(kupang):
    assert len(kupang) == len(SAMPLE)
    assert code_of(kupang.get(3)) == "kel-fatululi"
    assert kupang.get(99) is None


def test_an_empty_directory_places_nothing():
    empty = AreaIndex(())
    assert (len(empty), empty.at_point(-10.175, 123.616), empty.named_in("Oebobo"),
            empty.closest_names("Oebobo")) == (0, None, None, [])


# --- Reading an address ------------------------------------------------------------------------

@pytest.mark.parametrize("text, code", [
    ("Kel. Fatululi", "kel-fatululi"),
    ("kelurahan  FATULULI", "kel-fatululi"),
    ("Jl. Frans Seda, Kel. Fatululi, Kec. Oebobo", "kel-fatululi"),
    ("Jl. El Tari, Kec. Oebobo", "kec-oebobo"),
    ("Kel. Oebobo, Kec. Oebobo", "kel-oebobo"),
    ("dekat pasar Oebobo", "kel-oebobo"),
    ("Kelapa Lima", "kel-kelapa-lima"),
    ("kelapa   lima", "kel-kelapa-lima"),
    ("KELAPALIMA", "kel-kelapa-lima"),
    ("Kelapa-Lima", "kel-kelapa-lima"),
    ("Jl. Timor Raya, Kec. Kelapa Lima", "kec-kelapa-lima"),
    ("Kecamatan Kelapa Lima, Kelurahan Oesapa", "kel-oesapa"),
])
def test_an_address_names_its_area(kupang, text, code):
    assert code_of(kupang.named_in(text)) == code


@pytest.mark.parametrize("text", [
    "Jl. Timor Raya no. 12",
    "Oebobolama",
    "Kel. Fatululima",
    "Kecamatan",
    "",
])
def test_an_address_that_names_no_area_gives_none(kupang, text):
    assert kupang.named_in(text) is None


def test_a_name_said_as_the_other_kind_is_not_taken_for_this_kind():
    only_the_kelurahan = named_only(("Fatululi", "kelurahan"))
    assert only_the_kelurahan.named_in("Kec. Fatululi") is None


def test_the_longest_name_wins_over_a_name_inside_it():
    index = named_only(("Oesapa", "kelurahan"), ("Oesapa Barat", "kelurahan"))
    assert code_of(index.named_in("Jl. Adisucipto, Kel. Oesapa Barat")) == "oesapa-barat"
    assert code_of(index.named_in("Jl. Adisucipto, Kel. Oesapa")) == "oesapa"


def test_a_numbered_name_matches_only_its_own_number():
    index = named_only(("Naikoten I", "kelurahan"), ("Naikoten II", "kelurahan"))
    assert code_of(index.named_in("Kel. Naikoten II")) == "naikoten-ii"
    assert code_of(index.named_in("naikoten i, kota raja")) == "naikoten-i"


def test_a_name_said_with_its_kind_wins_over_one_mentioned_in_passing():
    index = named_only(("Oesapa", "kelurahan"), ("Kelapa Lima", "kelurahan"))
    assert code_of(index.named_in("Kel. Oesapa, dekat Kelapa Lima")) == "oesapa"


def test_kind_words_in_the_directory_s_names_are_ignored():
    index = named_only(("Kelurahan Oetete", "kelurahan"))
    assert code_of(index.named_in("Oetete")) == "kelurahan-oetete"


# --- Offering a short list ---------------------------------------------------------------------

def test_a_typo_lists_the_nearest_kelurahan_first(kupang):
    assert code_of(kupang.closest_names("fatuluri")[0]) == "kel-fatululi"


def test_a_typo_inside_an_address_still_finds_the_kelurahan(kupang):
    assert code_of(kupang.closest_names("Jl. Adisucipto, Kel. Oesapah")[0]) == "kel-oesapa"


def test_the_short_list_holds_only_kelurahan_and_no_more_than_asked(kupang):
    offered = kupang.closest_names("oebobo", limit=2)
    assert len(offered) <= 2
    assert {area.kind for area in offered} == {"kelurahan"}
    assert code_of(offered[0]) == "kel-oebobo"


def test_nothing_near_lists_the_first_kelurahan_alphabetically(kupang):
    offered = kupang.closest_names("xyz", limit=3)
    assert [area.name for area in offered] == ["Fatululi", "Kelapa Lima", "Oebobo"]


def test_a_directory_without_kelurahan_offers_its_kecamatan():
    index = named_only(("Oebobo", "kecamatan"), ("Kelapa Lima", "kecamatan"))
    assert [area.name for area in index.closest_names("xyz")] == ["Kelapa Lima", "Oebobo"]
