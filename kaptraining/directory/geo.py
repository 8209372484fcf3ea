"""US ZIP code coordinates (offline, from the `zipcodes` package) and the
great-circle distance expressed as database functions."""

import functools
import math
import re
from dataclasses import dataclass

from django.db.models import F, FloatField, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE_LAT = 69.05
ZIP_RE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class ZipPoint:
    zip_code: str
    latitude: float
    longitude: float
    city: str
    state: str


@functools.cache
def _zip_table() -> dict[str, ZipPoint]:
    # zipcodes.matching() scans the whole list on every call; index it once.
    import zipcodes

    table = {}
    for row in zipcodes.list_all():
        if row.get("lat") and row.get("long"):
            table[row["zip_code"]] = ZipPoint(
                row["zip_code"],
                float(row["lat"]),
                float(row["long"]),
                row["city"],
                row["state"],
            )
    return table


def normalise_zip(value: str) -> str:
    """'94110-1234' and ' 94110 ' become '94110'; anything else is returned stripped."""
    value = (value or "").strip()
    if re.fullmatch(r"\d{5}-\d{4}", value):
        return value[:5]
    return value


def zip_point(value: str) -> ZipPoint | None:
    code = normalise_zip(value)
    if not ZIP_RE.match(code):
        return None
    return _zip_table().get(code)


def bounding_box(
    point: ZipPoint, radius_miles: float
) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) enclosing the circle; lets an index
    on (latitude, longitude) discard most rows before distances are computed."""
    dlat = radius_miles / MILES_PER_DEGREE_LAT
    cos_lat = max(math.cos(math.radians(point.latitude)), 0.01)
    dlng = min(radius_miles / (MILES_PER_DEGREE_LAT * cos_lat), 180.0)
    return (
        point.latitude - dlat,
        point.latitude + dlat,
        point.longitude - dlng,
        point.longitude + dlng,
    )


def distance_expression(point: ZipPoint, lat_field="latitude", lng_field="longitude"):
    """Haversine distance in miles from point to each row, computed in SQL
    (PostgreSQL natively; Django registers the maths functions on SQLite)."""
    lat0 = Value(math.radians(point.latitude), output_field=FloatField())
    lng0 = Value(math.radians(point.longitude), output_field=FloatField())
    lat = Radians(F(lat_field))
    lng = Radians(F(lng_field))
    a = Power(Sin((lat - lat0) / 2), 2) + Cos(lat0) * Cos(lat) * Power(
        Sin((lng - lng0) / 2), 2
    )
    return Value(2 * EARTH_RADIUS_MILES, output_field=FloatField()) * ASin(
        Sqrt(Least(a, Value(1.0, output_field=FloatField())))
    )


def haversine_miles(a: ZipPoint, b: ZipPoint) -> float:
    """The same formula in Python, for tests and sanity checks."""
    la1, lo1, la2, lo2 = map(
        math.radians, (a.latitude, a.longitude, b.latitude, b.longitude)
    )
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(min(h, 1.0)))
