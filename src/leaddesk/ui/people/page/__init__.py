"""One person's page: the shell (shell.py) and one module per tab."""
