"""spaCy side of claimmap: the pipeline, our factories and our Doc extensions."""
