"""File names made from data: safe on every system and unique under case folding."""

from .names import fold, safe_file_name, safe_stem

__all__ = ["fold", "safe_file_name", "safe_stem"]
