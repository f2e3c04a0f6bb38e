"""Drafting a plan file from a document's text, for a curator to check."""
