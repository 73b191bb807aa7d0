"""The delegation tracker: what was handed to whom, check-ins, needs-attention and debriefs."""
