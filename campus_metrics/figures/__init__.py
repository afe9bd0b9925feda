"""Key figures: typed values (values.py), their queries (compute.py), the catalogue, their words and cards."""

from campus_metrics.figures.catalogue import BY_KEY, CATALOGUE, KEYS, FigureDef, compute_all
from campus_metrics.figures.values import Figure, Part, Reason, Scope

__all__ = ["BY_KEY", "CATALOGUE", "KEYS", "Figure", "FigureDef", "Part", "Reason", "Scope", "compute_all"]
