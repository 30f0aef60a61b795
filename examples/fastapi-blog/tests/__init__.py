"""Test suite for the blog API."""
