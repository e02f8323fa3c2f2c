"""The data files bundled with matframework (read them with :mod:`importlib.resources`)."""
