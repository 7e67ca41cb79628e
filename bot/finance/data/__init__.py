"""Packaged data files of the finance engine (banks.yml)."""
