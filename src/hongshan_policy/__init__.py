"""Rules as code for the policies of the Hongshan District (红山区, 赤峰市) government."""

__version__ = "0.1.0"
