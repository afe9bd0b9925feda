"""Streamlit components of the Campus Metrics dashboard (pages live in `dashboard/pages/`).

Pages stay thin: they read the shared filters (`dashboard.filters`), call cached queries
(`dashboard.data`) and hand the frames to the renderers (`charts`, `maps`, `tables`, `sources`).
Key figures are drawn only by `figure_cards` (overview and presentation mode alike).
"""

from campus_metrics.text import N_

PRODUCT_TITLE = N_("Campus Metrics — formations au numérique dans les régions")  # shown through _()
