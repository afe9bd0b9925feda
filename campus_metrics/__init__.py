"""campus_metrics: sourced data on regional digital-skills trainings (no Streamlit here)."""

__version__ = "0.1.0"
