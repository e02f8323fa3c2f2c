"""Views: notebook HTML, the shareable report and plots.

pandas and matplotlib are imported only when a view needs them.
"""
