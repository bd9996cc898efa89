"""The shipped land layer and the map helpers: the geometry the maps rest on is what the README
of data/geo says it is, and a place that is not on land is an error, not a silent blank."""
import pytest
from matplotlib.path import Path

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


def test_each_layer_lies_in_its_box_and_a_frame_picks_the_first_layer_covering_it():
    from companion.maps import LAYERS, land, layer_box, layer_for

    for layer in LAYERS:
        west, east, south, north = layer_box(layer)
        assert all(west <= r[:, 0].min() and r[:, 0].max() <= east and south <= r[:, 1].min()
                   and r[:, 1].max() <= north for r in land(layer)), layer.name
    assert layer_for((118, 160, 33, 56)) == LAYERS[0]  # the territory maps: the detailed layer
    assert layer_for((110, 138, 37, 54)) == LAYERS[1]  # Mongolia to Korea: the wider one


def test_a_frame_beyond_every_land_layer_is_an_error():
    import matplotlib.pyplot as plt

    from companion.maps import draw_land

    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="no land layer covers the frame"):
        draw_land(ax, (90, 130, 30, 50))  # west of every layer: its cut would show as a coast
    plt.close(fig)


def test_the_wider_layer_has_khalkhin_gol_on_land_and_is_light():
    from companion import load_table
    from companion.maps import LAYERS, land

    places = load_table("places").set_index("place_id")
    point = places.loc["khalkhin_gol_battlefield", ["longitude", "latitude"]].astype(float)
    assert any(Path(r).contains_point(tuple(point)) for r in land(LAYERS[1]))
    # Simplified to display resolution: far fewer points than the detailed layer has.
    assert sum(len(r) for r in land(LAYERS[1])) < sum(len(r) for r in land(LAYERS[0])) / 2


def test_a_place_is_named_only_by_a_name_the_gazetteer_gives():
    from companion.maps import dated_name

    assert dated_name("Dalian (Dairen, Dalny)", "Dairen") == "Dairen (Dalian, Dalny)"
    assert dated_name("Khalkhin Gol (Nomonhan) battlefield") == "Khalkhin Gol (Nomonhan)"
    assert dated_name("Portsmouth, New Hampshire") == "Portsmouth, New Hampshire"
    with pytest.raises(ValueError, match="'Heijō' is not among the gazetteer's names"):
        dated_name("Pyongyang", "Heijō")


def test_great_circle_distances():
    from companion.maps import great_circle_km

    assert great_circle_km(130, 0, 130, 1) == pytest.approx(111.2, abs=0.1)  # a degree of latitude
    assert great_circle_km(0, 60, 1, 60) == pytest.approx(55.6, abs=0.1)  # half as long at 60° N
