"""Turning library results into text: tables, JSON, CSV, Markdown, annotations.

Renderers take typed results and return strings (or print to a given
console); they compute nothing.
"""
