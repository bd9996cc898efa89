"""The shipped land layer and the map helpers: the geometry the maps rest on is what the README
of data/geo says it is, and a place that is not on land is an error, not a silent blank."""
import pytest

from companion.maps import land, ring_around, rings_inside


def test_land_layer_is_clipped_to_north_east_asia():
    lons = [x for ring in land() for x in (ring[:, 0].min(), ring[:, 0].max())]
    lats = [y for ring in land() for y in (ring[:, 1].min(), ring[:, 1].max())]
    assert 118 <= min(lons) and max(lons) <= 162 and 32 <= min(lats) and max(lats) <= 56


def test_the_habomai_islets_are_there_as_islands_of_their_own():
    assert len(rings_inside((145.5, 146.4, 43.2, 43.8))) >= 3


def test_each_disputed_island_is_found_from_its_gazetteer_point():
    from companion import load_table

    places = load_table("places").set_index("place_id")
    rings = [ring_around(places.loc[p, "longitude"], places.loc[p, "latitude"])[0]
             for p in ("iturup_island", "kunashir_island", "shikotan_island")]
    assert len({id(r) for r in rings}) == 3  # three different islands


def test_a_point_at_sea_is_an_error():
    with pytest.raises(ValueError, match="no land ring contains"):
        ring_around(135.0, 40.0)  # the Sea of Japan
