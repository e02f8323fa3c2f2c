"""The model: frozen attrs classes for frameworks, ratings, assessments, improvement and impact.

No I/O and no serialization here; documents, analysis, exchange and views build on it.
"""
