"""Rasa input channels of the assistant, named in credentials.yml."""
