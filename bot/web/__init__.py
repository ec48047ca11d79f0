"""The assistant's web pages: the chat widget, printable checklists, the staff console."""
