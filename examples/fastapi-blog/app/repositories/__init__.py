"""Data access layer: one repository per aggregate."""
