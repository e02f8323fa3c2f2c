"""Documents: the registry of document types, the one converter, YAML and JSON files, schemas, templates, bundled data.

Files become plain data, plain data becomes the model through the one converter, and back.
"""
