"""Health-content quality gates (readability, references, banned claims, review dates)."""
