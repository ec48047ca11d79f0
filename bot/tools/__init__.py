"""Offline tools: guide parser, fidelity check, reports, NLU data generation, local servers."""
