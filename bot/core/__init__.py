"""Runtime core: knowledge base, resolution, dialogue rules, answers and replies (action server)."""
