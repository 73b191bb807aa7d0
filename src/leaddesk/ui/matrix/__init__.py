"""The Eisenhower matrix board: quadrants, inbox, cards, quick capture and the task editor."""
