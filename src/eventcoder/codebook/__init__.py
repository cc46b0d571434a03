"""Reference data every stage may read: ACLED's event types and actor types, countries and
their names, how place names are keyed and spelt, distances on the Earth."""
