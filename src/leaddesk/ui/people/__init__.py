"""The People area: private per-person notes, one-on-one cadence, feedback, growth."""
