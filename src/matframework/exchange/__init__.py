"""Exchange: one module per foreign format (CSV, Excel, pandas DataFrames, CASE).

Each turns its rows, cells or records into the plain documents the one converter structures.
"""
