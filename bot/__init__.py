"""litbot: finds new papers for curated awesome lists and proposes them as draft pull requests."""

__version__ = "0.1.0"
