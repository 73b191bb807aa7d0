"""The time-blocking week view: a real calendar week filled by dragging tasks into slots."""
