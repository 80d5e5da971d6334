"""Headline stance (FNC-1 labels): does the body agree with, dispute or only discuss it."""
