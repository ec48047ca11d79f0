"""Rasa NLU components: they run inside the Rasa server and never import the dialogue core."""
