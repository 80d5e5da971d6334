"""Rhetoric: propaganda technique spans (SemEval-2020 Task 11 style), numpy-only at run time."""
