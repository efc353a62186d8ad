"""The pure-Python model layer: no Qt import is allowed anywhere below this package."""
