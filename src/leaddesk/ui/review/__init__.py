"""The Friday review (five guided steps) and the insights over weeks."""
